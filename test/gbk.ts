/**
 * GBK encoding for tests: Node decodes GBK (TextDecoder, full ICU) but cannot encode it, so the
 * encoder is the decoder's table read backwards (every two-byte GBK sequence decoded once).
 * ASCII is one byte; a character outside GBK throws.
 */
let table: Map<string, [number, number]> | null = null

function buildTable(): Map<string, [number, number]> {
  const dec = new TextDecoder('gbk', { fatal: true })
  const t = new Map<string, [number, number]>()
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      let ch: string
      try {
        ch = dec.decode(Uint8Array.of(lead, trail))
      } catch {
        continue
      }
      if (!t.has(ch)) t.set(ch, [lead, trail])
    }
  }
  return t
}

/** Encodes text as GBK bytes. */
export function encodeGbk(text: string): Buffer {
  table ??= buildTable()
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (cp < 0x80) {
      out.push(cp)
      continue
    }
    const pair = table.get(ch)
    if (!pair) throw new Error(`not in GBK: ${ch}`)
    out.push(pair[0], pair[1])
  }
  return Buffer.from(out)
}

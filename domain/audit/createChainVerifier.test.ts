import { describe, expect, it } from 'vitest'
import { buildAuditRecord } from './buildAuditRecord.ts'
import { createChainVerifier } from './createChainVerifier.ts'
import { hashAuditContent } from './hashAuditContent.ts'
import { GENESIS_HASH, type AuditEntry, type AuditRecord } from './types.ts'

const actor = { kind: 'user', id: '1', name: 'admin' } as const
const entry = (i: number): AuditEntry => ({
  actor,
  action: 'user.update',
  entity: 'user',
  entityId: String(i),
  before: { displayName: `旧${i}`, roles: ['department_staff'] },
  after: { displayName: `新${i}`, roles: ['department_head'], at: new Date(Date.UTC(2025, 0, i)) },
  requestId: `req-${i}`,
})

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = []
  let head = { seq: 0, hash: GENESIS_HASH }
  for (let i = 1; i <= n; i++) {
    const r = buildAuditRecord(entry(i), head, new Date(Date.UTC(2025, 5, 1, 0, 0, i, 123)))
    out.push(r)
    head = { seq: r.seq, hash: r.hash }
  }
  return out
}

const verify = (rows: AuditRecord[], head = { seq: rows.at(-1)?.seq ?? 0, hash: rows.at(-1)?.hash ?? GENESIS_HASH }, anchors?: Map<number, string>) => {
  const v = createChainVerifier(anchors)
  for (const r of rows) v.push(r)
  return { broken: v.finish(head), checked: v.checked }
}

describe('buildAuditRecord', () => {
  it('numbers, links and hashes rows; the first links to the genesis hash', () => {
    const [a, b] = chain(2) as [AuditRecord, AuditRecord]
    expect(a.seq).toBe(1)
    expect(a.prevHash).toBe(GENESIS_HASH)
    expect(b.prevHash).toBe(a.hash)
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(a.at).toBe('2025-06-01T00:00:01.123Z')
    expect(a.after).toEqual({ displayName: '新1', roles: ['department_head'], at: '2025-01-01T00:00:00.000Z' })
  })

  it('hashes the same content the same way whatever the key order of before/after', () => {
    const [a] = chain(1) as [AuditRecord]
    const reordered = { ...a, after: { at: '2025-01-01T00:00:00.000Z', roles: ['department_head'], displayName: '新1' } }
    expect(hashAuditContent(reordered)).toBe(a.hash)
  })

  it('changes the hash when any field changes', () => {
    const [a] = chain(1) as [AuditRecord]
    const variants: Partial<AuditRecord>[] = [
      { seq: 2 }, { at: '2025-06-01T00:00:01.124Z' }, { actor: { ...actor, id: '2' } }, { action: 'user.create' },
      { entity: 'case' }, { entityId: '9' }, { before: null }, { after: { displayName: '新2' } }, { requestId: null },
      { prevHash: 'f'.repeat(64) },
    ]
    for (const v of variants) expect(hashAuditContent({ ...a, ...v }), JSON.stringify(v)).not.toBe(a.hash)
  })
})

describe('createChainVerifier', () => {
  it('accepts an intact chain, and an empty one', () => {
    expect(verify(chain(5))).toEqual({ broken: null, checked: 5 })
    expect(verify([])).toEqual({ broken: null, checked: 0 })
  })

  it('names the altered row', () => {
    const rows = chain(5)
    rows[2] = { ...rows[2]!, after: { displayName: '篡改' } }
    expect(verify(rows).broken).toEqual({ seq: 3, reason: 'hash_mismatch' })
  })

  it('names the row after a rewritten one whose hash was recomputed', () => {
    const rows = chain(5)
    const forged = { ...rows[2]!, after: { displayName: '篡改' } }
    rows[2] = { ...forged, hash: hashAuditContent(forged) }
    expect(verify(rows).broken).toEqual({ seq: 4, reason: 'prev_hash_mismatch' })
  })

  it('catches a completely recomputed chain through an external anchor', () => {
    const original = chain(4)
    const anchors = new Map([[3, original[2]!.hash]])
    const forged: AuditRecord[] = []
    let head = { seq: 0, hash: GENESIS_HASH }
    for (const r of original) {
      const content = { ...r, prevHash: head.hash, after: r.seq === 2 ? { displayName: '篡改' } : r.after }
      const next = { ...content, hash: hashAuditContent(content) }
      forged.push(next)
      head = { seq: next.seq, hash: next.hash }
    }
    expect(verify(forged).broken).toBeNull()
    expect(verify(forged, undefined, anchors).broken).toEqual({ seq: 3, reason: 'anchor_mismatch' })
    expect(verify(original, undefined, anchors).broken).toBeNull()
  })

  it('names a missing row, missing tail rows, rows beyond the head and a wrong head', () => {
    const rows = chain(5)
    expect(verify([...rows.slice(0, 2), ...rows.slice(3)]).broken).toEqual({ seq: 3, reason: 'seq_gap' })
    expect(verify(rows.slice(0, 3), { seq: 5, hash: rows[4]!.hash }).broken).toEqual({ seq: 4, reason: 'missing_tail' })
    expect(verify(rows, { seq: 4, hash: rows[3]!.hash }).broken).toEqual({ seq: 5, reason: 'beyond_head' })
    expect(verify(rows, { seq: 5, hash: 'e'.repeat(64) }).broken).toEqual({ seq: 5, reason: 'head_mismatch' })
  })

  it('stops at the first break', () => {
    const rows = chain(5)
    rows[1] = { ...rows[1]!, action: 'x' }
    rows[3] = { ...rows[3]!, action: 'y' }
    const v = createChainVerifier()
    for (const r of rows) v.push(r)
    expect(v.finish({ seq: 5, hash: rows[4]!.hash })).toEqual({ seq: 2, reason: 'hash_mismatch' })
  })
})

describe('anchors beyond the stored chain', () => {
  it('reports rows cut off the end, with the head moved back onto the new last row, as truncated', () => {
    const rows = chain(6)
    const anchors = new Map([[6, rows[5]!.hash]])
    // an intact chain matches its anchor
    expect(verify(rows, undefined, anchors).broken).toBeNull()
    // the last two rows deleted and the head set back to row 4: consistent in itself…
    expect(verify(rows.slice(0, 4)).broken).toBeNull()
    // …but not with the anchor recorded outside the table
    expect(verify(rows.slice(0, 4), undefined, anchors).broken).toEqual({ seq: 5, reason: 'truncated' })
  })
})

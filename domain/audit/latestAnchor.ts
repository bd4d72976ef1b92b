import type { AuditAnchor } from './types.ts'

const HASH = /^[0-9a-f]{64}$/

/**
 * Reads one recorded anchor (a JSON line of the anchor file, an entry of the Redis list); null
 * when it is not a well-formed anchor.
 *
 * @example
 * parseAnchorLine('{"seq":12,"hash":"ab…","rows":12,"at":"2026-12-05T10:00:00.000Z","database":"supervision"}')
 * // => { seq: 12, hash: 'ab…', rows: 12, at: '2026-12-05T10:00:00.000Z', database: 'supervision' }
 */
export function parseAnchorLine(line: string): AuditAnchor | null {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch {
    return null
  }
  if (v === null || typeof v !== 'object') return null
  const a = v as Record<string, unknown>
  if (!Number.isSafeInteger(a.seq) || (a.seq as number) < 0) return null
  if (typeof a.hash !== 'string' || !HASH.test(a.hash)) return null
  if (!Number.isSafeInteger(a.rows) || (a.rows as number) < 0) return null
  if (typeof a.at !== 'string' || Number.isNaN(Date.parse(a.at))) return null
  if (typeof a.database !== 'string' || a.database === '') return null
  return { seq: a.seq as number, hash: a.hash, rows: a.rows as number, at: a.at, database: a.database }
}

/**
 * The anchor to verify against: of those recorded for `database`, the one with the highest seq
 * (then the latest time). Taking the highest over every store means that lowering one store (a
 * file edited, a Redis list trimmed) does not hide a truncation the other recorded.
 *
 * @returns null when no anchor of that database was recorded
 */
export function latestAnchor(anchors: Iterable<AuditAnchor | null>, database: string): AuditAnchor | null {
  let best: AuditAnchor | null = null
  for (const a of anchors) {
    if (!a || a.database !== database) continue
    if (!best || a.seq > best.seq || (a.seq === best.seq && a.at > best.at)) best = a
  }
  return best
}

/**
 * The fault test's figures: which kill an acknowledgement belongs to, the longest time without
 * a 202, and the printed table. Pure.
 */

export type KillTarget = 'worker' | 'server' | 'redis' | 'postgres'

export interface PhaseRow {
  /** what was killed at the start of this phase ('none' for the load before the first kill) */
  kill: KillTarget | 'none'
  /** events acknowledged (202, status accepted or duplicate) during the phase */
  acknowledged: number
  /** acknowledged events missing from the store */
  lost: number
  /** acknowledged events stored more than once */
  duplicated: number
  /** acknowledged events still unprojected after the settle time */
  unprojected: number
  /** cases with events acknowledged in the phase whose stored state differs from a fresh fold */
  mismatched: number
  /** longest time in the phase without any 202, from the kill on (seconds) */
  secondsWithout202: number
  /** from the SIGKILL until the process answered again (seconds) */
  restartSeconds: number | null
}

/**
 * The index of the phase an instant belongs to: phase i spans [starts[i], starts[i+1]).
 * Instants before the first start belong to phase 0.
 */
export function phaseIndex(starts: readonly number[], t: number): number {
  let i = 0
  while (i + 1 < starts.length && t >= starts[i + 1]!) i++
  return i
}

/**
 * The longest stretch of [from, to) with no instant of `times` (sorted ascending) in it, counted
 * from `from` to the first instant, between instants, and from the last instant to `to`.
 *
 * @example longestGap([2, 3, 9], 0, 10) // 6 (from 3 to 9)
 */
export function longestGap(times: readonly number[], from: number, to: number): number {
  let prev = from
  let best = 0
  for (const t of times) {
    if (t < from) continue
    if (t >= to) break
    best = Math.max(best, t - prev)
    prev = t
  }
  return Math.max(best, to - prev)
}

const COLUMNS: [keyof PhaseRow, string][] = [
  ['kill', 'kill -9'],
  ['acknowledged', 'acknowledged'],
  ['lost', 'lost'],
  ['duplicated', 'stored twice'],
  ['unprojected', 'unprojected'],
  ['mismatched', 'mismatched cases'],
  ['secondsWithout202', 's without 202'],
  ['restartSeconds', 'restart s'],
]

function cell(v: PhaseRow[keyof PhaseRow]): string {
  if (v === null) return '–'
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(1)
  return v
}

/** A plain-text table, one line per phase and a total line. */
export function formatTable(rows: readonly PhaseRow[]): string {
  const total: PhaseRow = {
    kill: 'none',
    acknowledged: rows.reduce((n, r) => n + r.acknowledged, 0),
    lost: rows.reduce((n, r) => n + r.lost, 0),
    duplicated: rows.reduce((n, r) => n + r.duplicated, 0),
    unprojected: rows.reduce((n, r) => n + r.unprojected, 0),
    mismatched: rows.reduce((n, r) => n + r.mismatched, 0),
    secondsWithout202: Math.max(0, ...rows.map((r) => r.secondsWithout202)),
    restartSeconds: null,
  }
  const body = rows.map((r) => COLUMNS.map(([k]) => cell(r[k])))
  body.push(COLUMNS.map(([k]) => (k === 'kill' ? 'total' : cell(total[k]))))
  const head = COLUMNS.map(([, h]) => h)
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

/** Did every phase keep every acknowledged event, once, projected, with every case equal to its fold? */
export function allClean(rows: readonly PhaseRow[]): boolean {
  return rows.every((r) => r.lost === 0 && r.duplicated === 0 && r.unprojected === 0 && r.mismatched === 0)
}

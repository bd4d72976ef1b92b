import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import { parseInstant } from '../calendar/parseInstant.ts'
import type { DeadlineResult, Level } from './types.ts'

/**
 * The level of an already computed deadline at another instant, without recomputing it (for a
 * sweeper that re-reads stored results). Levels change at 00:00 local of `warningFrom`, `yellowFrom`
 * and `redFrom` (each inclusive). A stopped clock keeps its level: `warning` if its warning day was
 * reached before the stop and `now` is on or after it, else `normal`.
 *
 * @pure `now` is an input
 * @param result - a result of `computeDeadline`
 * @param now - ISO instant with offset, or epoch milliseconds
 * @returns the level, or `null` for an invalid result or `now`
 *
 * @example
 * const r = computeDeadline({ accepted: '2025-09-26', limit: 3, unit: 'workday' }, cal)
 * levelAt(r, '2025-09-29T23:59:59+08:00') //=> 'normal'
 * levelAt(r, '2025-09-30T00:00:00+08:00') //=> 'warning'
 * levelAt(r, '2025-10-09T00:00:00+08:00') //=> 'yellow' (1st working day after 30 Sep)
 */
export function levelAt(result: DeadlineResult, now: string | number): Level | null {
  if (result.status === 'invalid') return null
  const ms = typeof now === 'number' ? now : parseInstant(now)
  const day = localDayOf(ms, result.zone)
  if (Number.isNaN(day)) return null
  const today = fromEpochDay(day) // YYYY-MM-DD compares as text
  if (result.status === 'stopped') return result.warningFrom !== null && today >= result.warningFrom ? 'warning' : 'normal'
  if (today >= result.redFrom) return 'red'
  if (today >= result.yellowFrom) return 'yellow'
  if (today >= result.warningFrom) return 'warning'
  return 'normal'
}

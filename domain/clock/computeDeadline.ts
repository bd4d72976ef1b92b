import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { plan } from './_lib/plan.ts'
import { buildResult } from './_lib/result.ts'
import type { DeadlineInput, DeadlineResult } from './types.ts'

/**
 * Computes a case's deadline, level thresholds and (given `now`) its counted days and level,
 * exactly as PRODUCT.md "Time-limit rules" state them:
 *
 * - **Working-day limit N**: the acceptance day is not counted; counted days are the working days
 *   after it; the deadline is 24:00 local of the N-th. N = 0: 24:00 of the acceptance day.
 * - **Calendar-day limit N**: the deadline is the N-th day after acceptance, moved to the next working
 *   day when that day is not a working day (N = 0: the acceptance day, moved likewise).
 * - **Suspensions** (and supplements in `'pause'` mode): the days d with from < d ≤ to are not counted
 *   (working days, or calendar days for calendar-day limits). Overlapping ones are merged. Only one
 *   that starts before the N-th counted day (from < that day) moves the deadline; later ones are
 *   ignored and the days after the deadline keep counting towards yellow and red. An open one (no `to`)
 *   that starts before it stops the clock: status `'stopped'`, with its expected end.
 * - **Supplements** in `'restart'` mode (default): counting restarts from the supply day, as if it were
 *   the acceptance day; a pending one stops the clock. Requests before acceptance or on/after the N-th
 *   counted day are ignored, like late suspensions.
 * - **Levels**: warning from 00:00 of the deadline day (or of a counted day, per the scheme); yellow
 *   and red from 00:00 of the 1st and 5th working days after the deadline day (per the scheme).
 *
 * All days are local dates in `input.zone` (default Asia/Shanghai): an event at 2025-09-30T23:30Z is
 * on 1 October. The process time zone is never read. Cost: O(#events · log #events) lookups, no loop
 * over days. Never throws; bad input gives `{ status: 'invalid', error }`.
 *
 * @pure `now` is an input; the function reads no clock
 * @param input - acceptance, limit, unit, events, scheme, zone, now
 * @param cal - the jurisdiction's working-day calendar
 * @returns the running, stopped or invalid result
 *
 * @example
 * computeDeadline({ accepted: '2026-02-12T10:00:00+08:00', limit: 5, unit: 'workday' }, cnWorkCalendar())
 * //=> { status: 'running', deadlineDate: '2026-02-26', warningFrom: '2026-02-26',
 * //     yellowFrom: '2026-02-27', redFrom: '2026-03-04', … }
 * // counted: Fri 13, Sat 14 (调休), Tue 24, Wed 25, Thu 26 — 15–23 Feb is the Spring Festival
 */
export function computeDeadline(input: DeadlineInput, cal: WorkCalendar): DeadlineResult {
  const p = plan(input, cal)
  if (typeof p === 'string') return { status: 'invalid', error: p }
  const r = buildResult(p)
  return 'result' in r ? r.result : r
}

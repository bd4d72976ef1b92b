import { addWorkingDays } from '../calendar/addWorkingDays.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { DEFAULT_LEVEL_SCHEME } from '../clock/DEFAULT_LEVEL_SCHEME.ts'
import type { LevelScheme } from '../clock/types.ts'
import type { OrderClock } from './types.ts'

/**
 * The clock of a supervision order issued at `issuedAtMs`, due in `dueInWorkingDays` working days:
 * the day of issue is not counted, the due date is the N-th working day after it (deadline 24:00
 * local of that day), and the levels follow the scheme like a case's: warning from the due day
 * (offset 0) or from counted day ⌈s·N⌉ (share), yellow from the `yellow`-th and red from the
 * `red`-th working day after the due day (each from 00:00 local, inclusive).
 *
 * @pure the instant is an input
 * @param cal - the jurisdiction's working-day calendar
 * @param issuedAtMs - when the order was issued (epoch ms)
 * @param dueInWorkingDays - N, an integer ≥ 1
 * @param zone - the jurisdiction's IANA zone
 * @param scheme - level thresholds @default DEFAULT_LEVEL_SCHEME
 * @returns the clock, or `null` when N is not a positive integer, the zone is unknown, or a date
 *   falls outside the calendar
 *
 * @example
 * // issued Friday 2026-02-13 (Spring Festival eve), 3 working days:
 * // Sat 14 Feb is a worked day (1), 15–23 Feb holidays, Tue 24 (2), Wed 25 (3)
 * orderClock(cal, Date.parse('2026-02-13T10:00:00+08:00'), 3, 'Asia/Shanghai')
 * //=> { issuedOn: '2026-02-13', dueDate: '2026-02-25', warningFrom: '2026-02-25', yellowFrom: '2026-02-26', redFrom: '2026-03-04', … }
 */
export function orderClock(cal: WorkCalendar, issuedAtMs: number, dueInWorkingDays: number, zone: string, scheme: LevelScheme = DEFAULT_LEVEL_SCHEME): OrderClock | null {
  if (!Number.isInteger(dueInWorkingDays) || dueInWorkingDays < 1) return null
  const day0 = localDayOf(issuedAtMs, zone)
  if (Number.isNaN(day0)) return null
  const due = addWorkingDays(cal, day0, dueInWorkingDays)
  const yellow = addWorkingDays(cal, due, scheme.yellow)
  const red = addWorkingDays(cal, due, scheme.red)
  const warning =
    'share' in scheme.warning
      ? Math.ceil(scheme.warning.share * dueInWorkingDays) === 0
        ? day0
        : addWorkingDays(cal, day0, Math.ceil(scheme.warning.share * dueInWorkingDays))
      : addWorkingDays(cal, due, scheme.warning.offset)
  if ([due, yellow, red, warning].some(Number.isNaN)) return null
  const counted: { n: number; date: string; kind: string }[] = []
  const skipped: { date: string; kind: string; name: string | null }[] = []
  for (let d = day0 + 1, n = 0; d <= due; d++) {
    const e = cal.entry(d)!
    if (e.isWorkday) counted.push({ n: ++n, date: e.date, kind: e.kind })
    else skipped.push({ date: e.date, kind: e.kind, name: e.name })
  }
  return {
    issuedOn: fromEpochDay(day0),
    dueInWorkingDays,
    dueDate: fromEpochDay(due),
    warningFrom: fromEpochDay(warning),
    yellowFrom: fromEpochDay(yellow),
    redFrom: fromEpochDay(red),
    counted,
    skipped,
  }
}

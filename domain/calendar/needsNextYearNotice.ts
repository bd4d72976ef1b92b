import { civilFromDays } from './_lib/civil.ts'
import { localDayOf } from './localDayOf.ts'
import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * The administrator's year-end warning: `true` when, at `instant` in `zone`, the local date is on
 * or after 1 November and the *next* year has no official notice in the calendar (its deadlines are
 * provisional, Monday–Friday only). The State Council usually publishes the notice in late October
 * to mid-November.
 *
 * @pure the current instant is an input; the function reads no clock
 * @param cal - the working-day calendar
 * @param instant - epoch milliseconds ("now")
 * @param zone - the jurisdiction's IANA zone
 * @default zone 'Asia/Shanghai'
 * @returns whether to warn; `false` for an invalid instant or zone
 *
 * @example
 * needsNextYearNotice(cal, Date.parse('2026-10-31T15:59:59Z')) //=> false (still 31 Oct in Shanghai)
 * needsNextYearNotice(cal, Date.parse('2026-10-31T16:00:00Z')) //=> true  (1 Nov, 2027 missing)
 * needsNextYearNotice(cal, Date.parse('2025-11-20T00:00:00Z')) //=> false (2026 is loaded)
 */
export function needsNextYearNotice(cal: WorkCalendar, instant: number, zone = 'Asia/Shanghai'): boolean {
  const day = localDayOf(instant, zone)
  if (Number.isNaN(day)) return false
  const [year, month] = civilFromDays(day)
  return month >= 11 && !cal.isOfficialYear(year + 1)
}

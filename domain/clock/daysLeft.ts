import { toEpochDay } from '../calendar/toEpochDay.ts'
import { workingDaysBetween } from '../calendar/workingDaysBetween.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import type { LimitUnit } from './types.ts'

/**
 * Days left to a deadline, as the time-limit view shows it: working days d with
 * today < d ≤ deadline day for working-day limits, calendar days for calendar-day limits. 0 on the
 * deadline day itself (the last day), negative once it has passed (−1 on the first day after it
 * for calendar days; for working days the working days after the deadline day up to today).
 *
 * @pure
 * @param cal - the jurisdiction's working-day calendar
 * @param deadlineDate - the last day of the limit, `YYYY-MM-DD`
 * @param unit - the unit of the limit
 * @param today - today's local epoch day in the jurisdiction's zone
 * @returns the count, or `null` for an invalid date or a day outside the calendar
 * @example daysLeft(cal, '2026-12-04', 'workday', toEpochDay('2026-12-01')) //=> 3 (Wed, Thu, Fri)
 * @example daysLeft(cal, '2026-11-30', 'workday', toEpochDay('2026-12-01')) //=> -1
 */
export function daysLeft(cal: WorkCalendar, deadlineDate: string, unit: LimitUnit, today: number): number | null {
  const d = toEpochDay(deadlineDate)
  if (!Number.isFinite(d) || !Number.isFinite(today)) return null
  const n = unit === 'day' ? d - today : workingDaysBetween(cal, today, d)
  return Number.isFinite(n) ? n : null
}

import { rollToWorkingDay } from './rollToWorkingDay.ts'
import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * The calendar-day deadline rule: the n-th day after `day` (`day` not counted), moved to the next
 * working day when it is not one. `n = 0` is `day` itself, moved likewise. O(1).
 * The SQL twin is `cd_deadline(jurisdiction, from_day, n)`.
 *
 * @param cal - the working-day calendar
 * @param day - acceptance day, an epoch day, not counted
 * @param n - a non-negative integer number of calendar days
 * @returns the deadline day, or `NaN` for invalid input or outside the calendar
 *
 * @example
 * // 2025-09-01 + 30 days = Wed 2025-10-01 (National Day) → Thu 2025-10-09
 * calendarDayDeadline(cal, toEpochDay('2025-09-01'), 30) // 2025-10-09
 */
export function calendarDayDeadline(cal: WorkCalendar, day: number, n: number): number {
  if (!Number.isInteger(n) || n < 0 || !cal.contains(day)) return Number.NaN
  return rollToWorkingDay(cal, day + n)
}

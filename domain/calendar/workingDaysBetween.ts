import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * The number of working days d with `a < d ≤ b` (a exclusive, b inclusive): the working days
 * counted from acceptance on `a` up to and including `b`. Negative when `b < a`
 * (−(working days in (b, a])). O(1).
 *
 * @param cal - the working-day calendar
 * @param a - exclusive lower bound, an epoch day
 * @param b - inclusive upper bound, an epoch day
 * @returns the count, or `NaN` when a bound lies outside the calendar
 *
 * @example
 * // (Fri 2026-02-13, Sat 2026-02-28]: 14 Feb worked, 15–23 Feb Spring Festival, 24–27 Feb, 28 Feb worked
 * workingDaysBetween(cal, toEpochDay('2026-02-13'), toEpochDay('2026-02-28')) //=> 6
 * workingDaysBetween(cal, d, d) //=> 0
 */
export function workingDaysBetween(cal: WorkCalendar, a: number, b: number): number {
  return cal.ordinal(b) - cal.ordinal(a)
}

import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * The n-th working day after `day` (n > 0), or the |n|-th working day before it (n < 0); `day`
 * itself is never counted, whether or not it is a working day. `n = 0` returns `day` unchanged.
 * This is the working-day deadline rule: acceptance on `day`, limit n → deadline day.
 *
 * O(1): one ordinal lookup and one inverse lookup.
 *
 * @param cal - the working-day calendar
 * @param day - start, an epoch day (local date), not counted
 * @param n - an integer number of working days
 * @returns the epoch day, or `NaN` when an input is invalid or the answer falls outside the calendar
 *
 * @example
 * // Thursday 2026-02-12 + 2 working days: Fri 13, Sat 14 (调休上班) → 2026-02-14
 * addWorkingDays(cal, toEpochDay('2026-02-12'), 2)  // 2026-02-14
 * // Friday 2025-09-26 + 1 → Sunday 2025-09-28 (调休上班)
 * addWorkingDays(cal, toEpochDay('2025-09-26'), 1)  // 2025-09-28
 * // 1 working day before Thursday 2025-10-09 → Tuesday 2025-09-30 (1–8 Oct off)
 * addWorkingDays(cal, toEpochDay('2025-10-09'), -1) // 2025-09-30
 */
export function addWorkingDays(cal: WorkCalendar, day: number, n: number): number {
  if (!Number.isInteger(n) || !cal.contains(day)) return Number.NaN
  if (n === 0) return day
  const ord = cal.ordinal(day)
  if (n > 0) return cal.workdayAt(ord + n)
  // ordinal of the last working day strictly before `day`
  const before = cal.isWorkday(day) ? ord - 1 : ord
  return cal.workdayAt(before + n + 1)
}

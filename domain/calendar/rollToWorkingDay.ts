import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * `day` itself when it is a working day, otherwise the first working day after it
 * (民法典 §203: a period ending on a day off ends on the next working day). O(1).
 *
 * @param cal - the working-day calendar
 * @param day - an epoch day
 * @returns an epoch day ≥ `day`, or `NaN` outside the calendar
 *
 * @example
 * rollToWorkingDay(cal, toEpochDay('2025-10-01')) // 2025-10-09 (National Day + Mid-Autumn 1–8 Oct)
 * rollToWorkingDay(cal, toEpochDay('2025-10-11')) // 2025-10-11 (Saturday, 调休上班)
 */
export function rollToWorkingDay(cal: WorkCalendar, day: number): number {
  if (!cal.contains(day)) return Number.NaN
  return cal.isWorkday(day) ? day : cal.workdayAt(cal.ordinal(day) + 1)
}

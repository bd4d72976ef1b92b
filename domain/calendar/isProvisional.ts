import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * Whether a year is provisional in this calendar: no State Council notice is loaded for it, so it is
 * counted as Monday–Friday only (plus local overrides) until the notice is entered.
 *
 * @param cal - the working-day calendar
 * @param year - a calendar year
 * @returns `true` when the year has no official notice
 *
 * @example
 * isProvisional(cnWorkCalendar(), 2026) //=> false
 * isProvisional(cnWorkCalendar(), 2027) //=> true
 */
export function isProvisional(cal: WorkCalendar, year: number): boolean {
  return !cal.isOfficialYear(year)
}

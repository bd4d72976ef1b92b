import { CN_CALENDAR_DATA } from './cnCalendarData.ts'
import { WorkCalendar, type WorkCalendarOptions } from './WorkCalendar.ts'

/**
 * The national (PRC) working-day calendar from the shipped data, with optional local overrides.
 * Covers 2015-01-01 to 2031-12-31 by default; 2027 onwards is provisional (Monday–Friday).
 *
 * @param options - overrides and year range, as for `WorkCalendar.fromData`
 * @returns a new calendar
 *
 * @example
 * const cal = cnWorkCalendar({ overrides: [{ date: '2025-06-03', isWorkday: false, reason: '防汛停工' }] })
 * cal.isWorkday(toEpochDay('2025-06-03')) //=> false
 */
export function cnWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  return WorkCalendar.fromData(CN_CALENDAR_DATA, options)
}

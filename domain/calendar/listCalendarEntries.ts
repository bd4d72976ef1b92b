import type { CalendarEntry } from './types.ts'
import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * The days in `[from, to]` (both inclusive) whose status departs from plain Monday–Friday:
 * holidays, adjusted working days (调休上班) and local overrides, in date order. These are the
 * calendar entries an explanation cites. Days outside the calendar are skipped.
 *
 * @param cal - the working-day calendar
 * @param from - first epoch day, inclusive
 * @param to - last epoch day, inclusive
 * @returns the entries (empty when `to < from`)
 *
 * @example
 * listCalendarEntries(cal, toEpochDay('2026-02-13'), toEpochDay('2026-02-28')).map((e) => e.date)
 * //=> ['2026-02-14', '2026-02-15', …, '2026-02-23', '2026-02-28']
 */
export function listCalendarEntries(cal: WorkCalendar, from: number, to: number): CalendarEntry[] {
  const out: CalendarEntry[] = []
  const lo = Math.max(from, cal.firstDay)
  const hi = Math.min(to, cal.lastDay)
  for (let d = lo; d <= hi; d++) {
    if (cal.isSpecial(d)) out.push(cal.entry(d)!)
  }
  return out
}

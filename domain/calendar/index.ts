/**
 * The working-day calendar: local dates as epoch days, the shipped PRC calendar, and O(1)
 * working-day arithmetic. Pure: no I/O, no clock; luxon only to turn an instant + zone into a
 * local date (`localDayOf`, `startOfLocalDay`).
 */
export type { CalendarData, CalendarEntry, DayKind, DaySource, LocalOverride, NoticeDay, NoticeYear } from './types.ts'
export { WorkCalendar, type WorkCalendarOptions } from './WorkCalendar.ts'
export { CN_CALENDAR_DATA } from './cnCalendarData.ts'
export { cnWorkCalendar } from './cnWorkCalendar.ts'
export { parseCalendarData, type ParseCalendarDataResult } from './parseCalendarData.ts'
export { toEpochDay } from './toEpochDay.ts'
export { fromEpochDay } from './fromEpochDay.ts'
export { isoDayOfWeek } from './isoDayOfWeek.ts'
export { yearOfEpochDay } from './yearOfEpochDay.ts'
export { parseInstant } from './parseInstant.ts'
export { localDayOf } from './localDayOf.ts'
export { startOfLocalDay } from './startOfLocalDay.ts'
export { addWorkingDays } from './addWorkingDays.ts'
export { workingDaysBetween } from './workingDaysBetween.ts'
export { rollToWorkingDay } from './rollToWorkingDay.ts'
export { calendarDayDeadline } from './calendarDayDeadline.ts'
export { isProvisional } from './isProvisional.ts'
export { needsNextYearNotice } from './needsNextYearNotice.ts'
export { missingNoticeYears } from './missingNoticeYears.ts'
export { listCalendarEntries } from './listCalendarEntries.ts'

import { civilFromDays } from './_lib/civil.ts'
import { localDayOf } from './localDayOf.ts'
import type { WorkCalendar } from './WorkCalendar.ts'

/**
 * The years whose State Council holiday notice the administrator must be told is missing, at
 * `instant` in `zone` (PRODUCT.md: a year without a notice is provisional, Monday–Friday only; "the
 * admin sees that clearly from November on"):
 * - the next year, from 00:00 local of 1 November (inclusive) to the end of the year, when it has
 *   no official notice;
 * - the current year, on every day of it, when it has none (the warning does not stop on 1 January
 *   while the new year is still provisional).
 * Sorted ascending; empty when nothing is missing.
 *
 * @pure the current instant is an input; the function reads no clock
 * @param cal - the working-day calendar
 * @param instant - epoch milliseconds ("now")
 * @param zone - the jurisdiction's IANA zone
 * @default zone 'Asia/Shanghai'
 * @returns the provisional years to warn about; `[]` for an invalid instant or zone
 *
 * @example
 * missingNoticeYears(cal, Date.parse('2026-10-31T15:59:59Z')) //=> [] (still 31 Oct in Shanghai)
 * missingNoticeYears(cal, Date.parse('2026-10-31T16:00:00Z')) //=> [2027] (1 Nov, 2027 missing)
 * missingNoticeYears(cal, Date.parse('2027-03-01T00:00:00Z')) //=> [2027] (2027 still provisional)
 */
export function missingNoticeYears(cal: WorkCalendar, instant: number, zone = 'Asia/Shanghai'): number[] {
  const day = localDayOf(instant, zone)
  if (Number.isNaN(day)) return []
  const [year, month] = civilFromDays(day)
  const out: number[] = []
  if (!cal.isOfficialYear(year)) out.push(year)
  if (month >= 11 && !cal.isOfficialYear(year + 1)) out.push(year + 1)
  return out
}

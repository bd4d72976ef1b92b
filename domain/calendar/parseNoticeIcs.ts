import type { NoticeDay, NoticeYear } from './types.ts'
import { toEpochDay } from './toEpochDay.ts'
import { fromEpochDay } from './fromEpochDay.ts'

export type ParseNoticeIcsResult =
  | {
      readonly ok: true
      readonly notice: NoticeYear
      /** Days of other years in the file (multi-year feeds), ascending: skipped, not errors. */
      readonly skipped: readonly string[]
    }
  | { readonly ok: false; readonly errors: readonly string[] }

/** Options of `parseNoticeIcs`. */
export interface ParseNoticeIcsOptions {
  /**
   * Offset of the notice's local time from UTC in minutes, for times written in UTC (`…T160000Z`).
   * @default 480 (China Standard Time)
   */
  readonly utcOffsetMinutes?: number
}

interface IcsMoment {
  /** Local epoch day. */
  readonly day: number
  /** Whether the value carried a time of day (a timed event). */
  readonly timed: boolean
  /** Minutes after local midnight (0 for dates). */
  readonly minutes: number
}

/** Reads `20250126`, `20250126T090000` or `20250126T010000Z` as a local day; `null` when absent or malformed. */
function readMoment(value: string | undefined, utcOffsetMinutes: number): IcsMoment | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?/.exec((value ?? '').trim())
  if (!m) return null
  const day = toEpochDay(`${m[1]}-${m[2]}-${m[3]}`)
  if (Number.isNaN(day)) return null
  if (m[4] === undefined) return { day, timed: false, minutes: 0 }
  let minutes = Number(m[4]) * 60 + Number(m[5])
  let d = day
  if (m[7] === 'Z') {
    minutes += utcOffsetMinutes
    d += Math.floor(minutes / 1440)
    minutes = ((minutes % 1440) + 1440) % 1440
  }
  return { day: d, timed: true, minutes }
}

/**
 * The last day an event covers. All-day: DTEND is exclusive (RFC 5545), but feeds that write DTEND
 * equal to DTSTART mean one day. Timed: the day DTEND falls on, unless it is exactly midnight of a
 * later day (then the day before). Without DTEND: the start day.
 */
function lastDayOf(start: IcsMoment, end: IcsMoment | null): number {
  if (!end) return start.day
  if (end.timed || start.timed) return end.minutes === 0 && end.day > start.day ? end.day - 1 : end.day
  return end.day > start.day ? end.day - 1 : start.day
}

/** Unfolds RFC 5545 folded lines (a line starting with a space or tab continues the previous one). */
function unfold(text: string): string[] {
  return text.replace(/\r\n/g, '\n').replace(/\n[ \t]/g, '').split('\n')
}

const unescape = (s: string) => s.replace(/\\n/gi, ' ').replace(/\\([,;\\])/g, '$1')

const HOLIDAY_NAMES_EN: Record<string, string> = {
  元旦: "New Year's Day", 春节: 'Spring Festival', 清明节: 'Qingming Festival', 劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival', 中秋节: 'Mid-Autumn Festival', 国庆节: 'National Day',
}

/**
 * Reads one year's State Council holiday notice from an iCalendar (ICS) file, as calendar apps and
 * holiday feeds publish it: one all-day VEVENT per holiday span or per adjusted working day.
 *
 * An event is an adjusted working day (调休上班 / 补班) when its SUMMARY contains 班 (or "working
 * day" / "workday"), or its CATEGORIES contain WORKDAY; otherwise it is a holiday (放假/休).
 * DTSTART is the first day, DTEND (exclusive for all-day events, as RFC 5545 says) the day after
 * the last; without DTEND, or with DTEND equal to DTSTART, it is one day. Timed events (feeds mark
 * 补班 as `DTSTART:20250126T090000` to `DTEND:20250126T180000`) cover the days they touch. UTC
 * times (`Z`) are read in `utcOffsetMinutes`. Feeds, Outlook and Google exports that cover several
 * years: only the days of `year` are taken, the others are listed in `skipped` (not errors); a
 * day listed twice with the same kind is taken once.
 *
 * Never throws; the result is then validated like any notice (parseCalendarData).
 *
 * @example
 * parseNoticeIcs('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦 休\nEND:VEVENT\nEND:VCALENDAR', 2027)
 * //=> { ok: true, notice: { year: 2027, status: 'official', holidays: [{ date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" }], adjustedWorkdays: [] }, skipped: [] }
 */
export function parseNoticeIcs(text: string, year: number, options: ParseNoticeIcsOptions = {}): ParseNoticeIcsResult {
  const offset = options.utcOffsetMinutes ?? 480
  const errors: string[] = []
  const skipped = new Set<string>()
  const seen = new Set<string>()
  if (!/BEGIN:VCALENDAR/.test(text)) return { ok: false, errors: ['not an iCalendar file (no BEGIN:VCALENDAR)'] }
  const holidays: NoticeDay[] = []
  const adjusted: NoticeDay[] = []
  let ev: Record<string, string> | null = null
  let n = 0
  for (const line of unfold(text)) {
    if (line === 'BEGIN:VEVENT') {
      ev = {}
      n += 1
      continue
    }
    if (line === 'END:VEVENT' && ev) {
      const start = readMoment(ev.DTSTART, offset)
      if (!start) {
        errors.push(`event ${n}: DTSTART with a date is required`)
        ev = null
        continue
      }
      const end = ev.DTEND === undefined ? null : readMoment(ev.DTEND, offset)
      const first = start.day
      const last = ev.DTEND !== undefined && !end ? Number.NaN : lastDayOf(start, end)
      if (Number.isNaN(last) || last < first || last - first > 31) {
        errors.push(`event ${n}: invalid dates ${ev.DTSTART ?? ''} – ${ev.DTEND ?? ''}`)
        ev = null
        continue
      }
      const summary = unescape(ev.SUMMARY ?? '').trim()
      const isWork = /班/.test(summary) || /\bwork(ing)? ?day\b/i.test(summary) || /WORKDAY/i.test(ev.CATEGORIES ?? '')
      const name = summary.replace(/\s*(放假|休息|休|假期|调休上班|上班|补班|班)\s*$/u, '').trim() || (isWork ? '调休上班' : '假日')
      const nameEn = HOLIDAY_NAMES_EN[name] ?? (isWork ? 'Adjusted working day' : name)
      for (let d = first; d <= last; d++) {
        const date = fromEpochDay(d)
        if (!date.startsWith(`${year}-`)) {
          skipped.add(date)
          continue
        }
        const key = `${isWork ? 'w' : 'h'}${date}`
        if (seen.has(key)) continue
        seen.add(key)
        ;(isWork ? adjusted : holidays).push({ date, name, nameEn })
      }
      ev = null
      continue
    }
    if (ev) {
      const m = /^([A-Z-]+)(;[^:]*)?:(.*)$/.exec(line)
      if (m) ev[m[1]!] = m[3]!
    }
  }
  if (n === 0) errors.push('no VEVENT found')
  else if (errors.length === 0 && seen.size === 0) errors.push(`no day of ${year} in the file (${skipped.size} days of other years)`)
  if (errors.length > 0) return { ok: false, errors }
  const byDate = (a: NoticeDay, b: NoticeDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)
  return { ok: true, notice: { year, status: 'official', holidays: holidays.sort(byDate), adjustedWorkdays: adjusted.sort(byDate) }, skipped: [...skipped].sort() }
}

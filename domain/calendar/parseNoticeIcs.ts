import type { NoticeDay, NoticeYear } from './types.ts'
import { toEpochDay } from './toEpochDay.ts'
import { fromEpochDay } from './fromEpochDay.ts'

export type ParseNoticeIcsResult = { readonly ok: true; readonly notice: NoticeYear } | { readonly ok: false; readonly errors: readonly string[] }

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
 * An event is an adjusted working day (调休上班) when its SUMMARY contains 班 or 上班, or its
 * CATEGORIES contain WORKDAY; otherwise it is a holiday (放假/休). DTSTART;VALUE=DATE is the first
 * day, DTEND (exclusive, as RFC 5545 says) the day after the last; without DTEND it is one day.
 * The holiday's name is the SUMMARY without the trailing 放假/休/假期 words. Every day must lie in `year`.
 *
 * Never throws; the result is then validated like any notice (parseCalendarData).
 *
 * @example
 * parseNoticeIcs('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦 休\nEND:VEVENT\nEND:VCALENDAR', 2027)
 * //=> { ok: true, notice: { year: 2027, status: 'official', holidays: [{ date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" }], adjustedWorkdays: [] } }
 */
export function parseNoticeIcs(text: string, year: number): ParseNoticeIcsResult {
  const errors: string[] = []
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
      const start = /(\d{8})/.exec(ev.DTSTART ?? '')?.[1]
      if (!start) {
        errors.push(`event ${n}: DTSTART with a date is required`)
        ev = null
        continue
      }
      const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`
      const first = toEpochDay(iso(start))
      const endRaw = /(\d{8})/.exec(ev.DTEND ?? '')?.[1]
      const last = endRaw ? toEpochDay(iso(endRaw)) - 1 : first
      if (Number.isNaN(first) || Number.isNaN(last) || last < first || last - first > 31) {
        errors.push(`event ${n}: invalid dates ${ev.DTSTART ?? ''} – ${ev.DTEND ?? ''}`)
        ev = null
        continue
      }
      const summary = unescape(ev.SUMMARY ?? '').trim()
      const isWork = /班/.test(summary) || /WORKDAY/i.test(ev.CATEGORIES ?? '')
      const name = summary.replace(/\s*(放假|休息|休|假期|调休上班|上班|补班|班)\s*$/u, '').trim() || (isWork ? '调休上班' : '假日')
      const nameEn = HOLIDAY_NAMES_EN[name] ?? (isWork ? 'Adjusted working day' : name)
      for (let d = first; d <= last; d++) {
        const date = fromEpochDay(d)
        if (!date.startsWith(`${year}-`)) {
          errors.push(`event ${n}: ${date} is not in ${year}`)
          continue
        }
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
  if (errors.length > 0) return { ok: false, errors }
  const byDate = (a: NoticeDay, b: NoticeDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)
  return { ok: true, notice: { year, status: 'official', holidays: holidays.sort(byDate), adjustedWorkdays: adjusted.sort(byDate) } }
}

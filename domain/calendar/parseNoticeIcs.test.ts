import { describe, expect, it } from 'vitest'
import { parseNoticeIcs } from './parseNoticeIcs.ts'

const ics = (events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR'].join('\r\n')
const vevent = (start: string, end: string | null, summary: string, extra = '') =>
  ['BEGIN:VEVENT', `DTSTART;VALUE=DATE:${start}`, ...(end ? [`DTEND;VALUE=DATE:${end}`] : []), `SUMMARY:${summary}`, ...(extra ? [extra] : []), 'END:VEVENT'].join('\r\n')

describe('parseNoticeIcs', () => {
  it('reads holiday spans (DTEND exclusive) and adjusted working days', () => {
    const r = parseNoticeIcs(ics([vevent('20270206', '20270214', '春节 放假'), vevent('20270207', null, '春节调休上班'), vevent('20270101', null, '元旦 休')]), 2027)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.notice.holidays.map((d) => d.date)).toEqual(['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'])
    expect(r.notice.holidays[0]).toEqual({ date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" })
    expect(r.notice.adjustedWorkdays).toEqual([{ date: '2027-02-07', name: '春节', nameEn: 'Spring Festival' }])
  })

  it('takes CATEGORIES:WORKDAY as an adjusted working day and unfolds long lines', () => {
    const r = parseNoticeIcs(ics(['BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270925', 'SUMMARY:国庆', ' 节', 'CATEGORIES:WORKDAY', 'END:VEVENT']), 2027)
    expect(r.ok && r.notice.adjustedWorkdays).toEqual([{ date: '2027-09-25', name: '国庆节', nameEn: 'National Day' }])
  })

  it('refuses a file that is not iCalendar, an event without a date, and days outside the year', () => {
    expect(parseNoticeIcs('hello', 2027).ok).toBe(false)
    expect(parseNoticeIcs(ics(['BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT']), 2027)).toEqual({ ok: false, errors: ['event 1: DTSTART with a date is required'] })
    const r = parseNoticeIcs(ics([vevent('20261231', '20270102', '元旦 休')]), 2027)
    expect(r).toEqual({ ok: false, errors: ['event 1: 2026-12-31 is not in 2027'] })
  })
})

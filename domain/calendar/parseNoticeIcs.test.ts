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

  it('refuses a file that is not iCalendar, an event without a date, and a file without a day of the year', () => {
    expect(parseNoticeIcs('hello', 2027).ok).toBe(false)
    expect(parseNoticeIcs(ics(['BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT']), 2027)).toEqual({ ok: false, errors: ['event 1: DTSTART with a date is required'] })
    expect(parseNoticeIcs(ics([vevent('20260101', '20260102', '元旦 休')]), 2027)).toEqual({ ok: false, errors: ['no day of 2027 in the file (1 days of other years)'] })
    expect(parseNoticeIcs(ics(['BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:2027', 'SUMMARY:元旦', 'END:VEVENT']), 2027).ok).toBe(false)
  })

  it('takes the requested year of a multi-year feed and lists the other days as skipped, not as errors', () => {
    const r = parseNoticeIcs(ics([vevent('20241231', '20250102', '元旦 休'), vevent('20250101', '20250101', '元旦'), vevent('20260101', '20260104', '元旦 休')]), 2025)
    expect(r).toEqual({
      ok: true,
      notice: { year: 2025, status: 'official', holidays: [{ date: '2025-01-01', name: '元旦', nameEn: "New Year's Day" }], adjustedWorkdays: [] },
      skipped: ['2024-12-31', '2026-01-01', '2026-01-02', '2026-01-03'],
    })
  })

  it('reads a public feed: timed 补班 events (09:00–18:00 the same day) are one working day, DTEND = DTSTART is one day', () => {
    const feed = ics([
      ['BEGIN:VEVENT', 'DTSTART:20250126T090000', 'DTEND:20250126T180000', 'SUMMARY:补班', 'END:VEVENT'].join('\r\n'),
      ['BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20250128', 'DTEND;VALUE=DATE:20250128', 'SUMMARY:春节', 'END:VEVENT'].join('\r\n'),
      ['BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20250129', 'DTEND;VALUE=DATE:20250129', 'SUMMARY:春节', 'END:VEVENT'].join('\r\n'),
      ['BEGIN:VEVENT', 'DTSTART:20250208T090000', 'DTEND:20250208T180000', 'SUMMARY:补班', 'END:VEVENT'].join('\r\n'),
      ['BEGIN:VEVENT', 'DTSTART:20240928T090000', 'DTEND:20240928T180000', 'SUMMARY:补班', 'END:VEVENT'].join('\r\n'),
    ])
    const r = parseNoticeIcs(feed, 2025)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.notice.adjustedWorkdays.map((d) => d.date)).toEqual(['2025-01-26', '2025-02-08'])
    expect(r.notice.adjustedWorkdays[0]!.name).toBe('调休上班')
    expect(r.notice.holidays.map((d) => d.date)).toEqual(['2025-01-28', '2025-01-29'])
    expect(r.skipped).toEqual(['2024-09-28'])
  })

  it('reads Outlook and Google exports: all-day spans with exclusive DTEND, UTC times in China time, VALARMs, English summaries', () => {
    const outlook = ics([
      ['BEGIN:VEVENT', 'CLASS:PUBLIC', 'DTSTART;VALUE=DATE:20251001', 'DTEND;VALUE=DATE:20251009', 'SUMMARY;LANGUAGE=zh-cn:国庆节、中秋节 放假',
        'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE', 'BEGIN:VALARM', 'TRIGGER:-PT15M', 'ACTION:DISPLAY', 'DESCRIPTION:Reminder', 'END:VALARM', 'END:VEVENT'].join('\r\n'),
      // Google writes timed events in UTC: 01:00Z is 09:00 in Beijing on 28 September
      ['BEGIN:VEVENT', 'DTSTART:20250928T010000Z', 'DTEND:20250928T100000Z', 'SUMMARY:Working day (National Day)', 'END:VEVENT'].join('\r\n'),
      // 16:00Z on 10 October is already 11 October in Beijing
      ['BEGIN:VEVENT', 'DTSTART:20251010T160000Z', 'DTEND:20251011T100000Z', 'SUMMARY:调休上班', 'END:VEVENT'].join('\r\n'),
    ])
    const r = parseNoticeIcs(outlook, 2025)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.notice.holidays.map((d) => d.date)).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'])
    expect(r.notice.adjustedWorkdays.map((d) => d.date)).toEqual(['2025-09-28', '2025-10-11'])
    const utc = parseNoticeIcs(outlook, 2025, { utcOffsetMinutes: 0 })
    expect(utc.ok && utc.notice.adjustedWorkdays.map((d) => d.date)).toEqual(['2025-09-28', '2025-10-10', '2025-10-11'])
  })
})

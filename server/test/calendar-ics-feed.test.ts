/**
 * ICS import of the holiday feeds people actually subscribe to (issue 19): a public Chinese
 * holiday feed covering several years, 补班 as timed events (09:00–18:00 on the day), all-day
 * events with DTEND equal to DTSTART; and an Outlook-style export. Before the fix the feed's 2025
 * import answered 400 with one error per day of the other years.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'ics-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'ics-admin')
})
afterAll(async () => {
  await h?.close()
})

const allDay = (date: string, summary: string) => ['BEGIN:VEVENT', `DTSTART;VALUE=DATE:${date}`, `DTEND;VALUE=DATE:${date}`, `SUMMARY:${summary}`, `UID:${date}-${summary}@feed`, 'END:VEVENT']
const timed = (date: string, summary: string) => ['BEGIN:VEVENT', `DTSTART:${date}T090000`, `DTEND:${date}T180000`, `SUMMARY:${summary}`, `UID:${date}-work@feed`, 'END:VEVENT']
const span = (from: string, to: string) => {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10).replace(/-/g, ''))
  return out
}
/** The 2025 State Council arrangement, one all-day event per day off, 补班 timed, plus 2024 and 2026 days. */
function feed(): string {
  const events: string[][] = []
  const holidays: [string, string, string][] = [
    ['2025-01-01', '2025-01-01', '元旦'], ['2025-01-28', '2025-02-04', '春节'], ['2025-04-04', '2025-04-06', '清明节'],
    ['2025-05-01', '2025-05-05', '劳动节'], ['2025-05-31', '2025-06-02', '端午节'], ['2025-10-01', '2025-10-08', '国庆节'],
    ['2024-12-30', '2024-12-31', '元旦'], ['2026-01-01', '2026-01-03', '元旦'],
  ]
  for (const [from, to, name] of holidays) for (const d of span(from, to)) events.push(allDay(d, name))
  for (const d of ['20250126', '20250208', '20250427', '20250928', '20251011', '20240929', '20260104']) events.push(timed(d, '补班'))
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//holiday feed//CN', 'X-WR-CALNAME:中国节假日', ...events.flat(), 'END:VCALENDAR'].join('\r\n')
}

describe('ICS notices from real feeds', () => {
  it('takes 2025 from a multi-year feed with timed 补班 and DTEND = DTSTART, reporting the other years as skipped', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/calendar/notices?year=2025', headers: { ...admin.headers, 'content-type': 'text/calendar' }, payload: feed() })
    expect(res.statusCode, res.body).toBe(202)
    expect(res.json()).toMatchObject({ year: 2025, holidays: 1 + 8 + 3 + 5 + 3 + 8, adjustedWorkdays: 5, skippedDays: 2 + 1 + 3 + 1 })
    const stored = (await h.db.pool.query(`SELECT data FROM calendar_notices WHERE year = 2025`)).rows[0].data
    expect(stored.adjustedWorkdays.map((d: { date: string }) => d.date)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'])
    const days = (await h.app.inject({ method: 'GET', url: '/api/v1/calendar/days?from=2025-01-26&to=2025-01-28', headers: admin.headers })).json()
    expect(days.map((d: { date: string; isWorkday: boolean }) => `${d.date}:${d.isWorkday}`)).toEqual(['2025-01-26:true', '2025-01-27:true', '2025-01-28:false'])
  })

  it('takes an Outlook export (all-day spans, exclusive DTEND, VALARM) and still refuses a file without the year', async () => {
    const outlook = ['BEGIN:VCALENDAR', 'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN', 'VERSION:2.0',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270102', 'SUMMARY;LANGUAGE=zh-cn:元旦 放假', 'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE',
      'BEGIN:VALARM', 'TRIGGER:-PT15M', 'ACTION:DISPLAY', 'DESCRIPTION:提醒', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n')
    const ok = await h.app.inject({ method: 'POST', url: '/api/v1/calendar/notices?year=2027', headers: { ...admin.headers, 'content-type': 'text/calendar' }, payload: outlook })
    expect(ok.statusCode, ok.body).toBe(202)
    expect(ok.json()).toMatchObject({ year: 2027, holidays: 1, adjustedWorkdays: 0, skippedDays: 0 })
    const none = await h.app.inject({ method: 'POST', url: '/api/v1/calendar/notices?year=2031', headers: { ...admin.headers, 'content-type': 'text/calendar' }, payload: outlook })
    expect(none.statusCode).toBe(400)
    expect(none.json().detail).toContain('no day of 2031')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'
import { caseLifecycle } from '../../domain/events/fixtures.ts'
import { projectCases } from '../../workers/project.ts'
import { createContextProvider } from '../../sql/clockContext.ts'

let h: Harness
let admin: TestSession
let supervisor: TestSession
let staffB: TestSession

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'cal-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'cal-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'cal-staff-b', roles: ['department_staff'], departmentCode: DEPTS[1], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'cal-admin')
  supervisor = await login(h.app, 'cal-sup')
  staffB = await login(h.app, 'cal-staff-b')
})
afterAll(async () => {
  await h?.close()
})

const get = (url: string, s: TestSession) => h.app.inject({ method: 'GET', url, headers: s.headers })
const post = (url: string, s: TestSession, payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url, headers: { ...s.headers, ...headers }, payload: payload as string })

const NOTICE_2027 = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" },
    { date: '2027-02-05', name: '春节', nameEn: 'Spring Festival' },
    { date: '2027-02-08', name: '春节', nameEn: 'Spring Festival' },
  ],
  adjustedWorkdays: [{ date: '2027-02-06', name: '春节', nameEn: 'Spring Festival' }],
}

describe('calendar administration', () => {
  it("warns from 1 November that next year's notice is missing, and stops once it is entered (JSON), audited", async () => {
    const before = (await get(`/api/v1/calendar/status?jurisdiction=${JURISDICTION}`, supervisor)).json()
    const thisYear = Number(before.today.slice(0, 4))
    expect(before.officialYears).toContain(2026)
    const late = Number(before.today.slice(5, 7)) >= 11
    const missing = [thisYear, thisYear + 1].filter((y) => !before.officialYears.includes(y) && (y === thisYear || late))
    expect(before.provisionalYears).toEqual(missing)
    expect(before.provisionalWarning).toBe(missing.length > 0)
    expect(before.currentYearOfficial).toBe(before.officialYears.includes(thisYear))
    if (before.provisionalWarning) {
      expect(before.message).toContain(`${missing.join('、')} 年节假日安排尚未录入`)
      expect(before.messageEn).toContain('provisional')
    }

    const res = await post('/api/v1/calendar/notices', admin, NOTICE_2027)
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ year: 2027, holidays: 3, adjustedWorkdays: 1 })
    const days = (await get(`/api/v1/calendar/days?from=2027-02-05&to=2027-02-08`, supervisor)).json()
    expect(days.map((d: { date: string; kind: string }) => `${d.date}:${d.kind}`)).toEqual(['2027-02-05:holiday', '2027-02-06:adjusted_workday', '2027-02-07:weekend', '2027-02-08:holiday'])
    const after = (await get(`/api/v1/calendar/status`, supervisor)).json()
    expect(after.officialYears).toContain(2027)
    if (thisYear + 1 === 2027 || thisYear === 2027) {
      expect(after.provisionalYears).not.toContain(2027)
      if (thisYear + 1 === 2027) expect(after.provisionalWarning).toBe(false)
    }
    const audit = await h.db.pool.query(`SELECT action, entity_id FROM audit_log WHERE action = 'calendar.notice'`)
    expect(audit.rows).toEqual([{ action: 'calendar.notice', entity_id: '2027' }])
  })

  it('takes a notice as ICS, and refuses an invalid one with nothing stored', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20280101', 'SUMMARY:元旦 休', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20280129', 'SUMMARY:春节调休上班', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n')
    const ok = await post('/api/v1/calendar/notices?year=2028', admin, ics, { 'content-type': 'text/calendar' })
    expect(ok.statusCode, ok.body).toBe(202)
    expect(ok.json()).toMatchObject({ year: 2028, holidays: 1, adjustedWorkdays: 1 })

    const weekdayAsAdjusted = { ...NOTICE_2027, year: 2029, holidays: [], adjustedWorkdays: [{ date: '2029-01-03', name: '元旦', nameEn: "New Year's Day" }] }
    const bad = await post('/api/v1/calendar/notices', admin, weekdayAsAdjusted)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('VALIDATION_FAILED')
    const noYear = await post('/api/v1/calendar/notices', admin, ics, { 'content-type': 'text/calendar' })
    expect(noYear.statusCode).toBe(400)
    const stored = await h.db.pool.query('SELECT year FROM calendar_notices ORDER BY year')
    expect(stored.rows.map((r) => r.year)).toEqual([2027, 2028])
  })

  it('records a local day off with its reason and author, audited; only admins may', async () => {
    const body = { jurisdictionCode: JURISDICTION, date: '2026-12-07', isWorkday: false, reason: '台风停工' }
    expect((await post('/api/v1/calendar/overrides', supervisor, body)).statusCode).toBe(403)
    expect((await post('/api/v1/calendar/notices', supervisor, NOTICE_2027)).statusCode).toBe(403)
    const res = await post('/api/v1/calendar/overrides', admin, body)
    expect(res.statusCode).toBe(202)
    const day = (await get(`/api/v1/calendar/days?from=2026-12-07&to=2026-12-07`, staffB)).json()
    expect(day).toEqual([{ date: '2026-12-07', isWorkday: false, kind: 'local_off', source: 'local', name: '台风停工' }])
    const row = (await h.db.pool.query(`SELECT created_by, reason, is_workday FROM calendar_overrides`)).rows
    expect(row).toEqual([{ created_by: 'cal-admin', reason: '台风停工', is_workday: false }])
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'calendar.override'`)).rows[0].n).toBe(1)
    // null withdraws it (and stays null: bodies are not type-coerced)
    expect((await post('/api/v1/calendar/overrides', admin, { ...body, isWorkday: null, reason: '取消停工' })).statusCode).toBe(202)
    const back = (await get(`/api/v1/calendar/days?from=2026-12-07&to=2026-12-07`, staffB)).json()
    expect(back[0]).toMatchObject({ isWorkday: true, kind: 'workday' })
    // a string is not a boolean
    expect((await post('/api/v1/calendar/overrides', admin, { ...body, isWorkday: 'false' })).statusCode).toBe(400)
  })

  it('previews a deadline exactly as the CLI computes it', async () => {
    const req = { accepted: '2026-02-13T16:00:00+08:00', limit: 5, unit: 'workday', suspend: ['2026-02-24T09:00:00+08:00/2026-02-26T09:00:00+08:00'], now: '2026-03-05T10:00:00+08:00' }
    const api = await post('/api/v1/calendar/preview', supervisor, req)
    expect(api.statusCode).toBe(200)
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/deadline.ts', '--accepted', req.accepted, '--limit', '5', '--unit', 'workday', '--suspend', req.suspend[0]!, '--now', req.now], { encoding: 'utf8' })
    expect(api.json()).toEqual(JSON.parse(cli.stdout))
    const bad = await post('/api/v1/calendar/preview', supervisor, { ...req, accepted: '2026-02-13' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('VALIDATION_FAILED')
  })
})

describe('GET /api/v1/cases/:caseNo/explain', () => {
  it('explains a red case day by day, with its level history and cards; other departments get 404', async () => {
    // Accepted Fri 26 Sep 2025, promised 10 working days, never concluded: long red by now.
    const events = caseLifecycle('EXP-1', DEPTS[0], Date.parse('2025-09-26T02:00:00Z')).filter((e) => ['submitted', 'accepted'].includes(e.kind))
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })).statusCode).toBe(202)
    await projectCases(h.db.pool, ['EXP-1'], { context: createContextProvider(h.db.pool) })
    const res = await get('/api/v1/cases/EXP-1/explain', supervisor)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.level).toBe('red')
    expect(body.explanation.countedDays.map((d: { date: string }) => d.date)).toEqual([
      '2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13', '2025-10-14', '2025-10-15', '2025-10-16',
    ])
    expect(body.explanation.calendarEntries.some((e: { date: string; kind: string }) => e.date === '2025-10-01' && e.kind === 'holiday')).toBe(true)
    expect(body.clock.deadlineDate).toBe('2025-10-16')
    expect(body.levelChanges.at(-1)).toMatchObject({ from_level: 'normal', to_level: 'red', source: 'projection' })
    expect(body.cards.map((c: { rule: string; color: string }) => `${c.rule}:${c.color}`).sort()).toEqual(['overdue:red', 'overdue:yellow'])
    expect(JSON.stringify(body)).not.toContain('440204199001011234')
    expect((await get('/api/v1/cases/EXP-1/explain', staffB)).statusCode).toBe(404)
  })
})

/**
 * The statistics API end to end: events through ingest and the projection, then every view read
 * from the rollups (migration 150) and checked by hand and against the same query on the raw
 * tables; custom reports saved, shared and deleted; XLSX export with its filter; the page-view
 * beacon; the period rules (administrators, audited); department scope.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import { sql } from '../../sql/queries.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from '../../test/businessDay.ts'

let h: Harness
let sup: TestSession
let admin: TestSession
let head: TestSession
let staff: TestSession
let leader: TestSession
/** The business day the file runs in (set once the wait for one business day is over). */
let today = ''
/** An instant `n` days before now (the case list's and the rollups' days are Asia/Shanghai dates). */
const ago = (n: number) => new Date(Date.now() - n * 86_400_000 - 60_000).toISOString()

const ev = (caseNo: string, kind: string, at: string, dept: string, body: Record<string, unknown>) => ({ eventId: `${caseNo}-${kind}-${at}`, kind, occurredAt: at, caseNo, departmentCode: dept, body })
const pev = (petitionNo: string, kind: string, at: string, dept: string, body: Record<string, unknown>) => ({ eventId: `${petitionNo}-${kind}`, kind, occurredAt: at, petitionNo, departmentCode: dept, body })
const acc = (caseType: string, limit: number) => ({ itemCode: 'I-1', caseType, applicant: { name: '张三' }, promisedLimit: { value: limit, unit: 'workday' }, handler: '李四' })

// the file seeds today's cases and counts them in several tests: it runs inside one business day
// (its span 180 s; today's events are seeded 1 minute back)
const DAY_SPAN_MS = 180_000
const DAY_SETTLE_MS = 90_000
beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS, DAY_SETTLE_MS)
  today = fromEpochDay(localDayOf(Date.now(), 'Asia/Shanghai'))
  h = await createHarness()
  await createUser(h.db.pool, { login: 'st-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'st-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'st-leader', roles: ['leader'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'st-head', roles: ['department_head'], departmentCode: DEPTS[1] })
  await createUser(h.db.pool, { login: 'st-staff', roles: ['department_staff'], departmentCode: DEPTS[1] })
  ;[sup, admin, head, staff, leader] = (await Promise.all(['st-sup', 'st-admin', 'st-head', 'st-staff', 'st-leader'].map((l) => login(h.app, l)))) as [TestSession, TestSession, TestSession, TestSession, TestSession]
  const [S, Z, G] = DEPTS
  const events = [
    // received today (a late "submitted" event), accepted 20 days ago as 即办件: red, in progress
    ev('A1', 'accepted', ago(20), S, acc('immediate', 0)),
    ev('A1', 'submitted', ago(0), S, { itemCode: 'I-1' }),
    ev('A2', 'accepted', ago(0), S, acc('promised', 10)),
    ev('A2', 'accepted', ago(0), S, acc('promised', 10)), // a duplicate: same event id
    ev('C1', 'accepted', ago(0), S, acc('immediate', 0)),
    ev('C1', 'concluded', ago(0), S, { result: 'approved', fee: 50, handler: '李四' }),
    ev('C2', 'accepted', ago(0), Z, acc('joint', 5)),
    ev('C2', 'supplementRequested', ago(0), Z, { materials: ['身份证复印件'], handler: '王五' }),
    ev('R1', 'submitted', ago(0), Z, { itemCode: 'I-2' }),
    ev('R1', 'returned', ago(0), Z, { reason: '材料不全', handler: '王五' }),
    ev('E1', 'accepted', ago(0), G, acc('escalated', 20)),
    pev('P1', 'petition.received', ago(0), S, { petitionKind: 'complaint', channel: '12345' }),
    pev('P1', 'petition.replied', ago(0), S, { handler: '李四', reply: '已处理' }),
    pev('P1', 'petition.rated', ago(0), S, { rating: 5 }),
    pev('P2', 'petition.received', ago(0), Z, { petitionKind: 'mailbox', channel: 'web' }),
    pev('P2', 'petition.rated', ago(0), Z, { rating: 2 }),
    pev('P3', 'petition.received', ago(0), Z, { petitionKind: 'consultation', channel: 'web' }),
  ]
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.statusCode).toBe(202)
  await h.waitProjected()
}, 60_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS, DAY_SETTLE_MS))
afterAll(async () => {
  await h?.close()
})

const get = async (s: TestSession, url: string) => {
  const res = await h.app.inject({ method: 'GET', url, headers: s.headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
const byKey = (rows: { key: string; bucket: string; counts: Record<string, number> }[]) =>
  Object.fromEntries(rows.map((r) => [`${r.key}/${r.bucket}`, Object.entries(r.counts).filter(([, n]) => n > 0).map(([l, n]) => `${l}:${n}`).join(' ')]))

describe('time-limit statistics', () => {
  it("counts today's, in-progress and concluded cases by department and level, as the raw tables do", async () => {
    const r = await get(sup, `/api/v1/statistics/time-limits?period=custom&from=${today}&to=${today}&group=department`)
    expect(byKey(r.rows)).toEqual({
      [`${DEPTS[0]}/concluded`]: 'normal:1',
      [`${DEPTS[0]}/inProgress`]: 'normal:1 red:1',
      [`${DEPTS[0]}/today`]: 'normal:2 red:1',
      [`${DEPTS[1]}/inProgress`]: 'normal:1',
      [`${DEPTS[1]}/today`]: 'normal:2',
      [`${DEPTS[2]}/inProgress`]: 'normal:1',
      [`${DEPTS[2]}/today`]: 'normal:1',
    })
    const scjg = r.rows.find((x: { key: string; bucket: string }) => x.key === DEPTS[0] && x.bucket === 'inProgress')
    expect(scjg).toMatchObject({ name: '市场监管局', total: 2, shares: { normal: 0.5, red: 0.5, warning: 0, yellow: 0 } })
    expect(r.totals.map((t: { bucket: string; total: number }) => `${t.bucket}:${t.total}`)).toEqual(['today:6', 'inProgress:4', 'concluded:1'])
    // the same numbers from cases ⋈ case_clocks
    for (const group of ['jurisdiction', 'department', 'item']) {
      const params = [(await userId('st-sup')), today, today, group, null, today]
      const kept = (await h.db.pool.query(sql('statistics_time_limit'), params)).rows
      const raw = (await h.db.pool.query(sql('statistics_time_limit_raw'), params)).rows
      expect(kept, group).toEqual(raw)
    }
  })

  it('a department head sees their departments only; department staff are refused', async () => {
    const r = await get(head, `/api/v1/statistics/time-limits?period=custom&from=${today}&to=${today}&group=department`)
    expect(new Set(r.rows.map((x: { key: string }) => x.key))).toEqual(new Set([DEPTS[1]]))
    const refused = await h.app.inject({ method: 'GET', url: '/api/v1/statistics/time-limits', headers: staff.headers })
    expect(refused.statusCode).toBe(403)
  })

  it('this month by default, under the period rules; bad periods are 400 with a code', async () => {
    const r = await get(leader, '/api/v1/statistics/time-limits')
    expect(r.period.kind).toBe('month')
    expect(r.period.from <= today && today <= r.period.to).toBe(true)
    const bad = await h.app.inject({ method: 'GET', url: `/api/v1/statistics/time-limits?period=custom&from=${today}`, headers: sup.headers })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('VALIDATION_FAILED')
    const reversed = await h.app.inject({ method: 'GET', url: '/api/v1/statistics/time-limits?period=custom&from=2026-12-31&to=2026-01-01', headers: sup.headers })
    expect(reversed.statusCode).toBe(400)
  })
})

async function userId(login: string): Promise<string> {
  return (await h.db.pool.query<{ id: string }>('SELECT id::text FROM users WHERE login = $1', [login])).rows[0]!.id
}

describe('type statistics', () => {
  it('counts 即办件 承诺件 联办件 上报件 退回件 补办件 for today … all time', async () => {
    const r = await get(sup, '/api/v1/statistics/types')
    const all = r.rows.filter((x: { departmentCode: string | null }) => x.departmentCode === null)
    expect(all.map((x: { period: string }) => x.period)).toEqual(['today', 'week', 'month', 'quarter', 'year', 'all'])
    for (const x of all) {
      expect(x.total).toBe(6)
      expect(x.counts).toEqual({ immediate: 2, promised: 1, joint: 1, escalated: 1, returned: 1, supplemented: 1 })
      expect(x.shares.immediate).toBeCloseTo(2 / 6)
    }
    const zjjToday = r.rows.find((x: { period: string; departmentCode: string | null }) => x.period === 'today' && x.departmentCode === DEPTS[1])
    expect(zjjToday).toMatchObject({ total: 2, counts: { joint: 1, returned: 1, supplemented: 1, immediate: 0 } })
    const periods = JSON.stringify(all.map((x: { period: string; from: string | null; to: string | null }) => ({ label: x.period, from: x.from, to: x.to })))
    const params = [await userId('st-sup'), periods]
    expect((await h.db.pool.query(sql('statistics_types'), params)).rows).toEqual((await h.db.pool.query(sql('statistics_types_raw'), params)).rows)
  })
})

describe('petition statistics', () => {
  it('by kind: answered on time, open, satisfaction from ratings', async () => {
    const r = await get(sup, `/api/v1/statistics/petitions?period=custom&from=${today}&to=${today}&group=kind`)
    const k = Object.fromEntries(r.rows.map((x: { key: string }) => [x.key, x]))
    expect(Object.keys(k).sort()).toEqual(['complaint', 'consultation', 'mailbox'])
    expect(k.complaint).toMatchObject({ total: 1, onTime: 1, late: 0, unanswered: 0, rated: 1, satisfied: 1, onTimeRate: 1, satisfaction: 1, ratingMean: 5 })
    expect(k.mailbox).toMatchObject({ total: 1, unanswered: 1, rated: 1, satisfied: 0, satisfaction: 0, onTimeRate: null })
    for (const group of ['kind', 'department', 'channel']) {
      const params = [await userId('st-sup'), today, today, group]
      expect((await h.db.pool.query(sql('statistics_petitions'), params)).rows, group).toEqual((await h.db.pool.query(sql('statistics_petitions_raw'), params)).rows)
    }
  })
})

describe('custom statistics', () => {
  const definition = () => ({ dimensions: ['department', 'caseType'], measures: ['cases', 'onTimeRate', 'daysMean', 'cardsPer100', 'fees', 'supplementsPerCase'], from: today, to: today })

  it('groups and measures as the raw tables do', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/custom', headers: sup.headers, payload: definition() })
    expect(res.statusCode, res.body).toBe(200)
    const r = res.json()
    const c1 = r.rows.find((x: { keys: Record<string, string> }) => x.keys.department === DEPTS[0] && x.keys.caseType === 'immediate')
    expect(c1.values).toMatchObject({ cases: 2, onTimeRate: 1, fees: 50, daysMean: 0, supplementsPerCase: 0 })
    expect(c1.values.cardsPer100).toBeGreaterThan(0) // A1's automatic overdue cards
    expect(c1.names.department).toBe('市场监管局')
    for (const [dims, grain] of [[['department', 'caseType'], null], [['period', 'handler'], 'month'], [['item', 'jurisdiction'], null]] as const) {
      const labels = grain ? { days: [today], labels: ['L'] } : null
      const params = [await userId('st-sup'), today, today, dims, labels?.days ?? null, labels?.labels ?? null, null, null, null, null, null, null, true]
      expect((await h.db.pool.query(sql('statistics_custom'), params)).rows, dims.join()).toEqual((await h.db.pool.query(sql('statistics_custom_raw'), params)).rows)
    }
  })

  it('the period dimension needs a grain; a bad definition is 400', async () => {
    const noGrain = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/custom', headers: sup.headers, payload: { ...definition(), dimensions: ['period'] } })
    expect(noGrain.statusCode).toBe(400)
    const badMeasure = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/custom', headers: sup.headers, payload: { ...definition(), measures: ['profit'] } })
    expect(badMeasure.statusCode).toBe(400)
    const withGrain = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/custom', headers: sup.headers, payload: { ...definition(), dimensions: ['period'], grain: 'month' } })
    expect(withGrain.json().rows).toHaveLength(1)
    expect(withGrain.json().rows[0].keys.period).toMatch(/^\d{4}-\d{2}$/)
  })

  it('saves a named report, shares it with a role, and only the owner deletes it', async () => {
    const saved = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/reports', headers: sup.headers, payload: { name: '本月部门按时率', definition: definition(), sharedRoles: ['leader'] } })
    expect(saved.statusCode, saved.body).toBe(201)
    const id = saved.json().id
    expect((await get(leader, '/api/v1/statistics/reports')).map((r: { name: string }) => r.name)).toEqual(['本月部门按时率'])
    expect(await get(head, '/api/v1/statistics/reports')).toEqual([])
    const notMine = await h.app.inject({ method: 'DELETE', url: `/api/v1/statistics/reports/${id}`, headers: leader.headers })
    expect(notMine.statusCode).toBe(404)
    const del = await h.app.inject({ method: 'DELETE', url: `/api/v1/statistics/reports/${id}`, headers: sup.headers })
    expect(del.statusCode).toBe(204)
    const audit = (await h.db.pool.query(`SELECT action FROM audit_log WHERE entity = 'statistics_report' ORDER BY seq`)).rows.map((r) => r.action)
    expect(audit).toEqual(['statistics_report.create', 'statistics_report.delete'])
  })
})

async function workbook(url: string, s: TestSession): Promise<(string | number | null)[][]> {
  const res = await h.app.inject({ method: 'GET', url, headers: s.headers })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.headers['content-type']).toContain('spreadsheetml')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  const rows: (string | number | null)[][] = []
  wb.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as (string | number | null)[]).slice(1)))
  return rows
}

describe('XLSX export', () => {
  it('writes the filter above the table, and the same numbers', async () => {
    const rows = await workbook(`/api/v1/statistics/export?view=timeLimit&period=custom&from=${today}&to=${today}&group=department&department=${DEPTS[0]}`, sup)
    expect(rows[0]).toEqual(['业务时限统计'])
    expect(rows[1]).toEqual(['统计期间', `${today}..${today} (${today} – ${today})`])
    expect(rows[2]).toEqual(['分组', '部门'])
    expect(rows[3]).toEqual(['部门', DEPTS[0]])
    const line = rows.find((r) => r[0] === '市场监管局' && r[1] === '在办')!
    expect(line).toEqual(['市场监管局', '在办', 1, 50, 0, 0, 0, 0, 1, 50, 2])
    const en = await workbook(`/api/v1/statistics/export?view=types&lang=en`, sup)
    expect(en[0]).toEqual(['Case type statistics'])
    expect(en.find((r) => r[0] === 'Today' && r[1] === 'All')?.slice(2, 5)).toEqual([6, 2, 33.33])
    const custom = await workbook(`/api/v1/statistics/export?view=custom&definition=${encodeURIComponent(JSON.stringify({ dimensions: ['department'], measures: ['cases', 'fees'], from: today, to: today, filter: { caseType: 'immediate' } }))}`, sup)
    expect(custom.find((r) => r[0] === '办件类型')).toEqual(['办件类型', 'immediate'])
    expect(custom.find((r) => r[0] === '市场监管局')).toEqual(['市场监管局', 2, 50])
    const bad = await h.app.inject({ method: 'GET', url: '/api/v1/statistics/export?view=custom&definition=%7B', headers: sup.headers })
    expect(bad.statusCode).toBe(400)
  })
})

describe('visit statistics', () => {
  it('counts page views per surface and page, with identifiers folded out of paths', async () => {
    // the second case page is what the dashboard's beacon sends (visitOf folds identifiers to :id)
    for (const page of ['/public', '/public', '/console/cases/ZJ-2026-0001', '/console/cases/:id']) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/visits', payload: { surface: page.startsWith('/public') ? 'public' : 'console', page } })
      expect(res.statusCode).toBe(204)
    }
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/statistics/visits', payload: { surface: 'public', page: 'https://x.example/?id=1' } })
    expect(bad.statusCode).toBe(400)
    const r = await get(leader, `/api/v1/statistics/visits?period=custom&from=${today}&to=${today}`)
    expect(r.rows).toEqual([
      { surface: 'console', page: '/console/cases/:id', views: 2 },
      { surface: 'public', page: '/public', views: 2 },
    ])
  })
})

describe('statistics period rules (统计时间配置)', () => {
  it('administrators read and set them, audited; the month then closes on the configured day', async () => {
    const before = await get(admin, `/api/v1/statistics/period-rules/${JURISDICTION}`)
    expect(before).toMatchObject({ isDefault: true, rules: { weekStart: 1, monthClose: { kind: 'calendar' } } })
    const put = await h.app.inject({ method: 'PUT', url: `/api/v1/statistics/period-rules/${JURISDICTION}`, headers: admin.headers, payload: { monthClose: { kind: 'day', day: 25 } } })
    expect(put.statusCode, put.body).toBe(200)
    const after = await get(admin, `/api/v1/statistics/period-rules/${JURISDICTION}`)
    expect(after).toMatchObject({ isDefault: false, updatedBy: 'st-admin', rules: { monthClose: { kind: 'day', day: 25 } } })
    const audit = (await h.db.pool.query(`SELECT before, after FROM audit_log WHERE action = 'statistics_period_rules.set'`)).rows
    expect(audit).toHaveLength(1)
    expect(audit[0].after.monthClose).toEqual({ kind: 'day', day: 25 })
    const r = await get(sup, '/api/v1/statistics/time-limits?period=month&at=2026-11-26')
    expect(r.period).toEqual({ kind: 'month', label: '2026-12', from: '2026-11-26', to: '2026-12-25' })
    const bad = await h.app.inject({ method: 'PUT', url: `/api/v1/statistics/period-rules/${JURISDICTION}`, headers: admin.headers, payload: { monthClose: { kind: 'day', day: 31 } } })
    expect(bad.statusCode).toBe(400)
    const notAdmin = await h.app.inject({ method: 'PUT', url: `/api/v1/statistics/period-rules/${JURISDICTION}`, headers: sup.headers, payload: {} })
    expect(notAdmin.statusCode).toBe(403)
    const unknown = await h.app.inject({ method: 'PUT', url: '/api/v1/statistics/period-rules/999999', headers: admin.headers, payload: {} })
    expect(unknown.statusCode).toBe(404)
    await h.app.inject({ method: 'PUT', url: `/api/v1/statistics/period-rules/${JURISDICTION}`, headers: admin.headers, payload: { monthClose: { kind: 'calendar' } } })
  })
})

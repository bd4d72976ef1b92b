/**
 * The leaders' mobile API (issue 16) against the real PostgreSQL: a district leader sees the whole
 * jurisdiction, a 分管领导 (leader_departments, migration 170) only the departments in charge —
 * on every mobile route and on the console's routes alike (visible_departments); today's figures
 * and their change since yesterday; worst-first board; the case's why with the applicant masked;
 * ETag/304; the orders awaiting an instruction; a red card notifies the leaders in scope in-app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from '../../test/businessDay.ts'

const [SCJG, ZJJ] = DEPTS
const APPLICANT = { name: '张小三', idNumber: '440204199001011234', phone: '13800005678' }
let h: Harness
const s: Record<string, TestSession> = {}
const ids: Record<string, string> = {}
const HOUR = 3_600_000

async function addCase(no: string, dept: string, opts: { submittedAgoH: number; concludedAgoH?: number; level: string; deadline?: string }) {
  const now = Date.now()
  const sub = new Date(now - opts.submittedAgoH * HOUR)
  const concluded = opts.concludedAgoH === undefined ? null : new Date(now - opts.concludedAgoH * HOUR)
  const state = { caseNo: no, departmentCode: dept, applicant: APPLICANT, status: concluded ? 'concluded' : 'accepted', stages: [] }
  await h.db.pool.query(
    `INSERT INTO cases (case_no, department_code, status, applicant, submitted_at, accepted_at, concluded_at, state, event_count, last_occurred_at)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 2, $5)`,
    [no, dept, state.status, APPLICANT, sub, concluded, state],
  )
  await h.db.pool.query(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) VALUES ($1, $2, $3, $4)`, [no, dept, opts.level, opts.deadline ?? '2099-01-01'])
}

const get = (url: string, who: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers: { ...s[who]!.headers, ...headers } })

// the file seeds today's cases and counts them in several tests: it runs inside one business day
// (its span 180 s; today's cases are seeded up to 6 minutes back)
const DAY_SPAN_MS = 180_000
const DAY_SETTLE_MS = 420_000
beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS, DAY_SETTLE_MS)
  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  const users = {
    district: await createUser(h.db.pool, { login: 'm.district', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '陈区长' }),
    assigned: await createUser(h.db.pool, { login: 'm.assigned', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '刘副区长' }),
    supervisor: await createUser(h.db.pool, { login: 'm.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }),
    staff: await createUser(h.db.pool, { login: 'm.staff', roles: ['department_staff'], departmentCode: SCJG }),
    staffB: await createUser(h.db.pool, { login: 'm.staffb', roles: ['department_staff'], departmentCode: ZJJ }),
  }
  await h.db.pool.query('INSERT INTO leader_departments (user_id, department_code) VALUES ($1, $2)', [users.assigned.id, SCJG])
  for (const [k, u] of Object.entries(users)) {
    s[k] = await openSession(h.db.pool, u)
    ids[k] = u.id
  }
  await addCase('M-A1', SCJG, { submittedAgoH: 0.1, level: 'normal' })
  await addCase('M-A2', SCJG, { submittedAgoH: 24 * 20, level: 'red', deadline: '2020-01-01' })
  await addCase('M-A3', SCJG, { submittedAgoH: 24 * 10, concludedAgoH: 0.05, level: 'normal' })
  await addCase('M-B1', ZJJ, { submittedAgoH: 24 * 20, level: 'yellow', deadline: '2020-01-01' })
  await addCase('M-B2', ZJJ, { submittedAgoH: 24 * 30, level: 'red', deadline: '2020-01-01' })
  await addCase('M-B3', ZJJ, { submittedAgoH: 24 * 30, level: 'red', deadline: '2020-01-01' })
}, 120_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS, DAY_SETTLE_MS))
afterAll(async () => {
  await h?.close()
})

describe('mobile API', () => {
  it('refuses the anonymous (401) and department roles (403)', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/mobile/overview' })).statusCode).toBe(401)
    expect((await get('/api/v1/mobile/overview', 'staff')).statusCode).toBe(403)
    expect((await get('/api/v1/mobile/overview', 'supervisor')).statusCode).toBe(200)
  })

  it('a district leader sees the jurisdiction, a 分管领导 only the departments in charge', async () => {
    const d = (await get('/api/v1/mobile/overview', 'district')).json()
    const a = (await get('/api/v1/mobile/overview', 'assigned')).json()
    expect(d).toMatchObject({ scope: 'jurisdiction', open: { value: 5 }, red: { value: 3 }, yellow: { value: 1 }, received: { value: 1 }, concluded: { value: 1 } })
    expect(a).toMatchObject({ scope: 'assigned', departments: 1, open: { value: 2 }, red: { value: 1 }, yellow: { value: 0 }, received: { value: 1 }, concluded: { value: 1 } })
    // opened today minus closed today
    expect(d.open.change).toBe(1 - 1)
    expect(d.onTimeRate).toMatchObject({ value: 1, concluded: 1 })
    const board = (await get('/api/v1/mobile/departments', 'district')).json<{ items: { code: string; red: number }[] }>().items
    expect(board[0]).toMatchObject({ code: ZJJ, red: 2 }) // worst first
    expect((await get('/api/v1/mobile/departments', 'assigned')).json<{ items: { code: string }[] }>().items.map((x) => x.code)).toEqual([SCJG])
    expect((await get(`/api/v1/mobile/departments/${ZJJ}`, 'assigned')).statusCode).toBe(404)
    expect((await get('/api/v1/mobile/cases/M-B2', 'assigned')).statusCode).toBe(404)
    // the same scope on the console's own routes (visible_departments)
    const consoleCases = (await get('/api/v1/cases', 'assigned')).json<{ items: { caseNo: string }[] }>().items.map((x) => x.caseNo).sort()
    expect(consoleCases).toEqual(['M-A1', 'M-A2', 'M-A3'])
  })

  it('department detail, case summary masked with its why, and ETag 304', async () => {
    const depRes = await get(`/api/v1/mobile/departments/${ZJJ}`, "district")
    expect(depRes.statusCode).toBe(200)
    const dep = depRes.json()
    expect(dep.department).toMatchObject({ code: ZJJ, open: 3, red: 2, yellow: 1 })
    expect(dep.cases.map((c: { caseNo: string }) => c.caseNo).slice(0, 2).sort()).toEqual(['M-B2', 'M-B3'])
    expect(dep.trend).toHaveLength(14)
    const res = await get('/api/v1/mobile/cases/M-A2', 'district')
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain(APPLICANT.idNumber)
    expect(res.body).not.toContain(APPLICANT.phone)
    expect(res.json()).toMatchObject({ caseNo: 'M-A2', applicantName: '张*三', level: 'red', why: { levelChanges: [] } })
    const tag = res.headers.etag as string
    expect(tag).toMatch(/^W\/"/)
    expect((await get('/api/v1/mobile/cases/M-A2', 'district', { 'if-none-match': tag })).statusCode).toBe(304)
    const ov = await get('/api/v1/mobile/overview', 'district')
    const again = await get('/api/v1/mobile/overview', 'district', { 'if-none-match': ov.headers.etag as string })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(ov.body.length).toBeLessThan(20_000)
  })

  it('rankings keep departments with few cases apart', async () => {
    const r = (await get('/api/v1/mobile/rankings', 'district')).json()
    expect(r.ranked).toEqual([])
    expect(r.tooFew.find((x: { code: string }) => x.code === SCJG)).toMatchObject({ concluded: 1, onTime: 1, rate: 1 })
  })

  it('a red card notifies the leaders whose scope holds the department, in-app only', async () => {
    await h.db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_by) VALUES ('case', 'M-B1', $1, 'red', 'manual', '测试', 'm.sup')`, [ZJJ])
    const rows = (await h.db.pool.query<{ user_id: string; channel: string }>(
      `SELECT user_id::text, channel FROM notification_outbox WHERE subject_no = 'M-B1' AND user_id = ANY ($1::bigint[]) ORDER BY user_id`, [[ids.district, ids.assigned]])).rows
    expect(rows).toEqual([{ user_id: ids.district, channel: 'inapp' }])
    const cards = (await get(`/api/v1/mobile/cards?color=red&departmentCode=${ZJJ}`, 'district')).json()
    expect(cards.items[0]).toMatchObject({ subjectNo: 'M-B1', color: 'red', manual: true })
    expect((await get('/api/v1/mobile/cards', 'assigned')).json().items).toEqual([])
  })

  it('lists appealed orders awaiting the leader in scope', async () => {
    const a = (await get('/api/v1/mobile/awaiting', 'district')).json()
    expect(a).toEqual({ items: [] })
    expect((await get('/api/v1/mobile/cards?color=green', 'district')).statusCode).toBe(400)
  })

  it('every /api/v1/mobile/* answer carries a weak ETag, answers 304 (no body) on If-None-Match, and is ≤ 20 KB', async () => {
    // every mobile GET route the app registers (one added later is covered too)
    const routes = h.app.routePolicies.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/mobile/')).map((r) => r.url)
    expect(routes.length).toBeGreaterThanOrEqual(7)
    const concrete = (url: string) => url.replace(':code', ZJJ).replace(':caseNo', 'M-B2')
    for (const url of routes.map(concrete)) {
      const res = await get(url, 'district')
      expect(res.statusCode, url).toBe(200)
      const tag = res.headers.etag as string
      expect(tag, url).toMatch(/^W\/"[^"]+"$/)
      expect(res.headers['cache-control'], url).toBe('private, no-cache')
      expect(Buffer.byteLength(res.body), url).toBeLessThanOrEqual(20_000)
      const again = await get(url, 'district', { 'if-none-match': tag })
      expect(again.statusCode, url).toBe(304)
      expect(again.body, url).toBe('')
      // a tag of another answer (another scope) gets the answer
      expect((await get(url, 'district', { 'if-none-match': 'W/"0"' })).statusCode, url).toBe(200)
    }
  })

  it('the lists stay within 20 KB at size: 62 departments on the board, the 30 newest of many cards (reasons cut to 80 characters)', async () => {
    await h.db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) SELECT 'M-SIZE-' || lpad(i::text, 2, '0'), $1, '浈江区某某某某局第' || i || '分局' FROM generate_series(1, 59) i ON CONFLICT DO NOTHING`, [JURISDICTION])
    await h.db.pool.query(
      `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason) SELECT 'case', 'M-B2', $1, 'red', 'overdue', repeat('超期未办结，群众多次反映，', 10) || i FROM generate_series(1, 120) i`,
      [ZJJ],
    )
    const board = await get('/api/v1/mobile/departments', 'district')
    expect(board.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(62)
    const cards = await get('/api/v1/mobile/cards?limit=30', 'district')
    const items = cards.json<{ items: { reason: string }[]; total: number }>().items
    expect(items).toHaveLength(30)
    expect(items[0]!.reason).toHaveLength(80)
    expect(items[0]!.reason.endsWith('…')).toBe(true)
    expect((await get('/api/v1/mobile/cards?limit=31', 'district')).statusCode).toBe(400)
    const answers = { board, cards, rankings: await get('/api/v1/mobile/rankings', 'district'), department: await get(`/api/v1/mobile/departments/${ZJJ}`, 'district') }
    for (const [name, res] of Object.entries(answers)) expect(Buffer.byteLength(res.body), name).toBeLessThanOrEqual(20_000)
  })
})

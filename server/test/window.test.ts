/**
 * The approval module API (server/routes/window.ts) against real PostgreSQL, Redis and workers:
 * each action stores exactly the expected event (through the shared ingest path, source `window`)
 * and the projection reaches the expected case state; refused actions answer 4xx and store
 * nothing; staff act only within their department scope; a joint case concludes only when every
 * part has; case numbers stay unique under concurrent registrations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { seedWindowItems, WINDOW_ITEMS } from '../../test/window-fixtures.ts'

const [SCJG, ZJJ, GA] = DEPTS
let h: Harness
let staffA: TestSession // 市场监管局 staff
let staffB: TestSession // 住建局 staff
let staffC: TestSession // 公安分局 staff
let supervisor: TestSession

const APPLICANT = { name: '张小三', idNumber: '440204199001011234', phone: '13800005678' }

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedWindowItems(h.db.pool)
  const a = await createUser(h.db.pool, { login: 'win.a', displayName: '王窗口', roles: ['department_staff'], departmentCode: SCJG })
  const b = await createUser(h.db.pool, { login: 'win.b', displayName: '李住建', roles: ['department_staff'], departmentCode: ZJJ })
  const c = await createUser(h.db.pool, { login: 'win.c', roles: ['department_head'], departmentCode: GA })
  const s = await createUser(h.db.pool, { login: 'win.sup', roles: ['supervisor'], jurisdictionCode: '440204' })
  staffA = await openSession(h.db.pool, a)
  staffB = await openSession(h.db.pool, b)
  staffC = await openSession(h.db.pool, c)
  supervisor = await openSession(h.db.pool, s)
})
afterAll(async () => {
  await h?.close()
})

const post = (s: TestSession, url: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as Record<string, unknown> })
const act = (s: TestSession, caseNo: string, path: string, payload: unknown = {}) => post(s, `/api/v1/window/cases/${caseNo}/${path}`, payload)
const register = async (s: TestSession, itemCode: string, extra: Record<string, unknown> = {}) => {
  const res = await post(s, '/api/v1/window/cases', { itemCode, applicant: APPLICANT, ...extra })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { caseNo: string; eventId: string; actions: string[] }
}
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await h.db.pool.query(text, params)).rows as T[]
const eventCount = async () => Number((await q<{ n: string }>('SELECT count(*) AS n FROM events'))[0]!.n)
const auditCount = async () => Number((await q<{ n: string }>('SELECT count(*) AS n FROM audit_log'))[0]!.n)
const lastEvent = async (caseNo: string) =>
  (await q<{ kind: string; source: string; department_code: string; body: Record<string, unknown> }>('SELECT kind, source, department_code, body FROM events WHERE case_no = $1 ORDER BY seq DESC LIMIT 1', [caseNo]))[0]!
// the case row with its clock (migration 040 keeps the clock in case_clocks)
const caseRow = async (caseNo: string) => (await q('SELECT c.*, k.level, k.deadline_date FROM cases c LEFT JOIN case_clocks k USING (case_no) WHERE c.case_no = $1', [caseNo]))[0]

describe('approval module: each action emits its event and moves the case', () => {
  it('register → accept → supplement → stages → special procedure → fee → conclude', async () => {
    const reg = await register(staffA, WINDOW_ITEMS.promised.code)
    const no = reg.caseNo
    expect(no).toMatch(/^440204-SCJG-\d{4}-\d{6}$/)
    expect(reg.actions).toEqual(['accept', 'return', 'requestSupplement'])
    expect(await lastEvent(no)).toEqual({ kind: 'submitted', source: 'window', department_code: SCJG, body: { itemCode: WINDOW_ITEMS.promised.code, applicant: APPLICANT, channel: 'window' } })
    await h.waitProjected()
    // a registered case already has its type: the item's in the catalogue (the acceptance may state another)
    expect(await caseRow(no)).toMatchObject({ status: 'submitted', item_code: WINDOW_ITEMS.promised.code, accepted_at: null, case_type: WINDOW_ITEMS.promised.caseType })

    // each step: the action, the event it must store, then the projected case
    const steps: { path: string; body: Record<string, unknown>; kind: string; event: Record<string, unknown>; expectCase: Record<string, unknown> }[] = [
      { path: 'accept', body: {}, kind: 'accepted', event: { itemCode: WINDOW_ITEMS.promised.code, caseType: 'promised', applicant: APPLICANT, handler: '王窗口' }, expectCase: { status: 'accepted', case_type: 'promised' } },
      { path: 'supplement-request', body: { materials: ['营业执照副本', '食品安全管理制度'] }, kind: 'supplementRequested', event: { materials: ['营业执照副本', '食品安全管理制度'], handler: '王窗口' }, expectCase: { supplement_count: 1 } },
      { path: 'supplement-supply', body: {}, kind: 'supplementSupplied', event: { handler: '王窗口' }, expectCase: { status: 'accepted' } },
      { path: 'stage', body: { stage: 'undertaken', opinion: '材料齐全，拟同意', handler: '刘承办' }, kind: 'stage', event: { stage: 'undertaken', opinion: '材料齐全，拟同意', handler: '刘承办' }, expectCase: { status: 'undertaken', handler: '刘承办' } },
      { path: 'suspend', body: { procedure: 'inspection', expectedDays: 5, approver: '赵局长', reason: '现场核查' }, kind: 'suspended', event: { procedure: 'inspection', expectedDays: 5, approver: '赵局长', reason: '现场核查' }, expectCase: { suspended: true } },
      { path: 'resume', body: {}, kind: 'resumed', event: { handler: '王窗口' }, expectCase: { suspended: false } },
      { path: 'stage', body: { stage: 'reviewed', opinion: '同意' }, kind: 'stage', event: { stage: 'reviewed', opinion: '同意', handler: '王窗口' }, expectCase: { status: 'reviewed' } },
      { path: 'stage', body: { stage: 'approved', decision: 'approve', opinion: '准予许可' }, kind: 'stage', event: { stage: 'approved', decision: 'approve', opinion: '准予许可', handler: '王窗口' }, expectCase: { status: 'approved' } },
      { path: 'fee', body: { amount: 0 }, kind: 'feeCharged', event: { amount: 0, handler: '王窗口' }, expectCase: { fee_charged: '0.00' } },
      { path: 'conclude', body: { result: 'approved', certificateNo: 'JY14402040001' }, kind: 'concluded', event: { result: 'approved', certificateNo: 'JY14402040001', handler: '王窗口' }, expectCase: { status: 'concluded', result: 'approved', certificate_no: 'JY14402040001' } },
    ]
    for (const st of steps) {
      const res = await act(staffA, no, st.path, st.body)
      expect(res.statusCode, `${st.path}: ${res.body}`).toBe(201)
      expect(res.json()).toMatchObject({ caseNo: no, kind: st.kind, departmentCode: SCJG })
      expect(await lastEvent(no), st.path).toEqual({ kind: st.kind, source: 'window', department_code: SCJG, body: st.event })
      await h.waitProjected()
      expect(await caseRow(no), st.path).toMatchObject(st.expectCase)
    }
    const c = (await caseRow(no))!
    expect(c.accepted_at).not.toBeNull()
    expect(c.deadline_date).not.toBeNull()
    expect(c.concluded_at).not.toBeNull()
    expect(c.level).toBe('normal')
    expect(Number((await q<{ n: string }>('SELECT count(*) AS n FROM events WHERE case_no = $1', [no]))[0]!.n)).toBe(steps.length + 1)
    // every action is in the audit log, attributed to the user
    const audited = await q<{ action: string; actor: { name: string } }>(`SELECT action, actor FROM audit_log WHERE entity = 'case' AND entity_id = $1 ORDER BY seq`, [no])
    expect(audited.map((a) => a.action)).toEqual(['submitted', ...steps.map((s) => s.kind)].map((k) => `case.window.${k}`))
    expect(new Set(audited.map((a) => a.actor.name))).toEqual(new Set(['win.a']))
    // the cards engine saw nothing wrong
    expect(await q('SELECT rule FROM cards WHERE subject_no = $1', [no])).toEqual([])
  })

  it('emits what an external source would: the same events posted through /api/v1/events give the same case', async () => {
    const { caseNo } = await register(staffA, WINDOW_ITEMS.immediate.code)
    expect((await act(staffA, caseNo, 'accept')).statusCode).toBe(201)
    expect((await act(staffA, caseNo, 'conclude', { result: 'approved', certificateNo: 'GT-1' })).statusCode).toBe(201)
    const events = await q<{ kind: string; occurred_at: Date; department_code: string; body: unknown }>('SELECT kind, occurred_at, department_code, body FROM events WHERE case_no = $1 ORDER BY seq', [caseNo])
    const twin = `${caseNo}-TWIN`
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'x-api-key': h.key },
      payload: events.map((e, i) => ({ eventId: `twin-${i}`, kind: e.kind, occurredAt: e.occurred_at.toISOString(), caseNo: twin, departmentCode: e.department_code, body: e.body })),
    })
    expect(res.statusCode).toBe(202)
    await h.waitProjected()
    const cols = 'status, result, certificate_no, case_type, accepted_at, concluded_at, deadline_date, level, applicant'
    const [a] = await q(`SELECT ${cols} FROM cases c LEFT JOIN case_clocks k USING (case_no) WHERE c.case_no = $1`, [caseNo])
    const [b] = await q(`SELECT ${cols} FROM cases c LEFT JOIN case_clocks k USING (case_no) WHERE c.case_no = $1`, [twin])
    expect(a).toMatchObject({ status: 'concluded', case_type: 'immediate' })
    expect(b).toEqual(a)
  })

  it("lists the department's own cases newest first, with level and the engine's days used and left", async () => {
    const older = await register(staffB, WINDOW_ITEMS.other.code)
    const newer = await register(staffB, WINDOW_ITEMS.other.code)
    expect((await act(staffB, newer.caseNo, 'accept')).statusCode).toBe(201)
    await h.waitProjected()
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/window/cases?limit=5', headers: staffB.headers })
    expect(res.statusCode, res.body).toBe(200)
    const list = res.json() as { total: number; items: { caseNo: string; departmentCode: string; level: string; status: string; itemName: string; applicant: { idNumber?: string }; days: Record<string, unknown> }[] }
    const nos = list.items.map((i) => i.caseNo)
    expect(nos.indexOf(newer.caseNo)).toBeLessThan(nos.indexOf(older.caseNo))
    expect(nos.indexOf(older.caseNo)).toBeGreaterThanOrEqual(0)
    expect(list.items.every((i) => i.departmentCode === ZJJ)).toBe(true)
    const n = list.items.find((i) => i.caseNo === newer.caseNo)!
    // accepted today: day 0 of the item's promised 7 working days
    expect(n).toMatchObject({ status: 'accepted', level: 'normal', itemName: WINDOW_ITEMS.other.name, days: { limit: 7, unit: 'workday', used: 0, left: 7, stopped: false } })
    expect(n.applicant.idNumber).not.toBe(APPLICANT.idNumber)
    expect(list.items.find((i) => i.caseNo === older.caseNo)!.days).toMatchObject({ used: null, left: null })
  })

  it('registers an online application with its submission time', async () => {
    const at = new Date(Date.now() - 3 * 3600_000).toISOString()
    const { caseNo } = await register(staffA, WINDOW_ITEMS.promised.code, { channel: 'online', submittedAt: at })
    const ev = (await q<{ occurred_at: Date; body: { channel: string } }>('SELECT occurred_at, body FROM events WHERE case_no = $1', [caseNo]))[0]!
    expect(ev.occurred_at.toISOString()).toBe(at)
    expect(ev.body.channel).toBe('online')
  })
})

describe('approval module: refused actions answer 4xx and store nothing', () => {
  const refused = async (s: TestSession, caseNo: string, path: string, body: unknown, status: number, code: string) => {
    const [events, audits] = [await eventCount(), await auditCount()]
    const res = await act(s, caseNo, path, body)
    expect(res.statusCode, `${path} ${res.body}`).toBe(status)
    expect(res.json()).toMatchObject({ code })
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/)
    expect(res.json().messageEn).toMatch(/[a-z]/)
    expect(await eventCount()).toBe(events)
    expect(await auditCount()).toBe(audits)
  }

  it('cannot accept a returned case, return without a reason, or move a submitted case on', async () => {
    const { caseNo } = await register(staffA, WINDOW_ITEMS.promised.code)
    await refused(staffA, caseNo, 'stage', { stage: 'undertaken' }, 409, 'CASE_NOT_ACCEPTED')
    await refused(staffA, caseNo, 'conclude', { result: 'approved' }, 409, 'CASE_NOT_ACCEPTED')
    await refused(staffA, caseNo, 'return', { reason: '   ' }, 400, 'REASON_REQUIRED')
    expect((await act(staffA, caseNo, 'return', { reason: '不属于本部门受理范围' })).statusCode).toBe(201)
    await refused(staffA, caseNo, 'accept', {}, 409, 'CASE_RETURNED')
    await h.waitProjected()
    expect(await caseRow(caseNo)).toMatchObject({ status: 'returned', accepted_at: null })
  })

  it('cannot skip a stage, approve without a decision, conclude early or twice', async () => {
    const { caseNo } = await register(staffA, WINDOW_ITEMS.promised.code)
    expect((await act(staffA, caseNo, 'accept')).statusCode).toBe(201)
    await refused(staffA, caseNo, 'accept', {}, 409, 'CASE_ALREADY_ACCEPTED')
    await refused(staffA, caseNo, 'stage', { stage: 'reviewed' }, 409, 'STAGE_OUT_OF_ORDER')
    await refused(staffA, caseNo, 'conclude', { result: 'approved' }, 409, 'STAGE_OUT_OF_ORDER')
    await refused(staffA, caseNo, 'resume', {}, 409, 'CASE_NOT_SUSPENDED')
    await refused(staffA, caseNo, 'supplement-supply', {}, 409, 'NO_PENDING_SUPPLEMENT')
    await refused(staffA, caseNo, 'supplement-request', { materials: [' '] }, 400, 'MATERIALS_REQUIRED')
    for (const stage of ['undertaken', 'reviewed']) expect((await act(staffA, caseNo, 'stage', { stage })).statusCode).toBe(201)
    await refused(staffA, caseNo, 'stage', { stage: 'approved' }, 400, 'DECISION_REQUIRED')
    expect((await act(staffA, caseNo, 'stage', { stage: 'approved', decision: 'approve' })).statusCode).toBe(201)
    await refused(staffA, caseNo, 'conclude', { result: 'denied', reason: '不符合条件' }, 409, 'RESULT_MISMATCH')
    expect((await act(staffA, caseNo, 'conclude', { result: 'approved', certificateNo: 'X-1' })).statusCode).toBe(201)
    await refused(staffA, caseNo, 'conclude', { result: 'approved' }, 409, 'CASE_CONCLUDED')
    await refused(staffA, caseNo, 'fee', { amount: 5 }, 409, 'CASE_CONCLUDED')
  })

  it('refuses malformed input with a 400 and unknown cases with a 404', async () => {
    const { caseNo } = await register(staffA, WINDOW_ITEMS.promised.code)
    await refused(staffA, caseNo, 'fee', { amount: -1 }, 400, 'VALIDATION_FAILED')
    await refused(staffA, caseNo, 'stage', { stage: 'finished' }, 400, 'VALIDATION_FAILED')
    await refused(staffA, caseNo, 'accept', { surprise: true }, 400, 'VALIDATION_FAILED')
    await refused(staffA, 'NO-SUCH-CASE', 'accept', {}, 404, 'NOT_FOUND')
    const before = await eventCount()
    const bad = await post(staffA, '/api/v1/window/cases', { itemCode: 'NO-SUCH-ITEM', applicant: APPLICANT })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('UNKNOWN_ITEM')
    const noName = await post(staffA, '/api/v1/window/cases', { itemCode: WINDOW_ITEMS.promised.code, applicant: { name: '  ' } })
    expect(noName.json().code).toBe('APPLICANT_REQUIRED')
    const future = await post(staffA, '/api/v1/window/cases', { itemCode: WINDOW_ITEMS.promised.code, applicant: APPLICANT, submittedAt: new Date(Date.now() + 3600_000).toISOString() })
    expect(future.json().code).toBe('DATE_OUT_OF_RANGE')
    expect(await eventCount()).toBe(before)
  })
})

describe('approval module: department scope', () => {
  it("a staff user cannot see, act on, or register another department's case", async () => {
    const { caseNo } = await register(staffA, WINDOW_ITEMS.promised.code)
    await h.waitProjected()
    const before = await eventCount()
    const res = await act(staffB, caseNo, 'accept')
    expect(res.statusCode).toBe(404)
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/window/cases/${caseNo}`, headers: staffB.headers })).statusCode).toBe(404)
    const reg = await post(staffB, '/api/v1/window/cases', { itemCode: WINDOW_ITEMS.promised.code, applicant: APPLICANT })
    expect(reg.statusCode).toBe(403)
    expect(reg.json().code).toBe('DEPARTMENT_OUT_OF_SCOPE')
    expect(await eventCount()).toBe(before)
    // a supervisor reads cases but does not use the window
    expect((await act(supervisor, caseNo, 'accept')).statusCode).toBe(403)
    // the catalogue shows only the department's own items
    const items = await h.app.inject({ method: 'GET', url: '/api/v1/window/items', headers: staffB.headers })
    expect(items.statusCode, items.body).toBe(200)
    expect(items.json().items.map((i: { code: string }) => i.code)).toEqual([WINDOW_ITEMS.other.code])
    expect(items.json().items[0]).toMatchObject({ feeStandard: 100, promisedLimit: { value: 7, unit: 'workday' }, stageSet: WINDOW_ITEMS.other.stages })
    // joint departments may be any of the jurisdiction's departments
    const depts = await h.app.inject({ method: 'GET', url: '/api/v1/window/departments', headers: staffB.headers })
    expect(depts.json().departments.map((d: { code: string; own: boolean }) => [d.code, d.own]).sort()).toEqual([[GA, false], [SCJG, false], [ZJJ, true]])
  })
})

describe('approval module: joint case (联办件)', () => {
  it('concludes only when every department has concluded its part', async () => {
    const { caseNo } = await register(staffA, WINDOW_ITEMS.promised.code)
    expect((await act(staffA, caseNo, 'accept', { jointDepartments: ['NOPE'] })).json().code).toBe('JOINT_DEPARTMENTS_INVALID')
    const acc = await act(staffA, caseNo, 'accept', { jointDepartments: [ZJJ] })
    expect(acc.statusCode, acc.body).toBe(201)
    expect((await lastEvent(caseNo)).body).toMatchObject({ caseType: 'joint', jointDepartments: [SCJG, ZJJ] })
    // the part department now sees the case and acts for its own part; the third department does not
    const view = await h.app.inject({ method: 'GET', url: `/api/v1/window/cases/${caseNo}`, headers: staffB.headers })
    expect(view.statusCode).toBe(200)
    expect(view.json()).toMatchObject({ departmentCode: ZJJ, leadDepartmentCode: SCJG, nextStage: 'undertaken' })
    expect(view.json().state.applicant.idNumber).not.toBe(APPLICANT.idNumber)
    expect((await act(staffC, caseNo, 'stage', { stage: 'undertaken' })).statusCode).toBe(404)
    expect((await act(staffB, caseNo, 'return', { reason: 'x' })).json().code).toBe('LEAD_DEPARTMENT_ONLY')

    for (const stage of ['undertaken', 'reviewed']) expect((await act(staffA, caseNo, 'stage', { stage })).statusCode).toBe(201)
    expect((await act(staffA, caseNo, 'stage', { stage: 'approved', decision: 'approve' })).statusCode).toBe(201)
    expect((await act(staffA, caseNo, 'conclude', { result: 'approved', certificateNo: 'SC-1' })).statusCode).toBe(201)
    expect((await act(staffA, caseNo, 'conclude', { result: 'approved' })).json().code).toBe('CASE_PART_CONCLUDED')
    await h.waitProjected()
    expect(await caseRow(caseNo)).toMatchObject({ concluded_at: null, joint_departments: [SCJG, ZJJ] })
    expect((await caseRow(caseNo))!.status).not.toBe('concluded')

    // the other part, by its own department's staff
    const b1 = await act(staffB, caseNo, 'conclude', { result: 'approved' })
    expect(b1.json()).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', detail: 'undertaken' })
    for (const stage of ['undertaken', 'reviewed']) expect((await act(staffB, caseNo, 'stage', { stage })).statusCode).toBe(201)
    expect((await act(staffB, caseNo, 'stage', { stage: 'approved', decision: 'approve' })).statusCode).toBe(201)
    const done = await act(staffB, caseNo, 'conclude', { result: 'approved', certificateNo: 'ZJ-1' })
    expect(done.statusCode).toBe(201)
    expect(done.json()).toMatchObject({ status: 'concluded', departmentCode: ZJJ, actions: [] })
    await h.waitProjected()
    expect(await caseRow(caseNo)).toMatchObject({ status: 'concluded', result: 'approved' })
    expect((await caseRow(caseNo))!.concluded_at).not.toBeNull()
    // no procedure card for the parts' stages interleaving
    expect(await q(`SELECT rule FROM cards WHERE subject_no = $1`, [caseNo])).toEqual([])
  })
})

describe('approval module: case numbers', () => {
  it('gives concurrent registrations distinct, consecutive numbers per department and year', async () => {
    const before = await q<{ last_no: number }>('SELECT last_no FROM case_number_counters WHERE department_code = $1', [ZJJ])
    const start = before[0]?.last_no ?? 0
    const results = await Promise.all(Array.from({ length: 20 }, () => post(staffB, '/api/v1/window/cases', { itemCode: WINDOW_ITEMS.other.code, applicant: APPLICANT })))
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201))
    const nos = results.map((r) => (r.json() as { caseNo: string }).caseNo)
    expect(new Set(nos).size).toBe(20)
    const seqs = nos.map((n) => Number(n.slice(-6))).sort((a, b) => a - b)
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1))
  })

  it('skips a number that another source already used', async () => {
    const year = Number((await register(staffB, WINDOW_ITEMS.other.code)).caseNo.split('-')[2])
    const last = (await q<{ last_no: number }>('SELECT last_no FROM case_number_counters WHERE department_code = $1 AND year = $2', [ZJJ, year]))[0]!.last_no
    const taken = `${ZJJ}-${year}-${String(last + 1).padStart(6, '0')}`
    const ext = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: { eventId: 'ext-1', kind: 'submitted', occurredAt: new Date().toISOString(), caseNo: taken, departmentCode: ZJJ, body: { itemCode: WINDOW_ITEMS.other.code } } })
    expect(ext.statusCode).toBe(202)
    const next = await register(staffB, WINDOW_ITEMS.other.code)
    expect(next.caseNo).toBe(`${ZJJ}-${year}-${String(last + 2).padStart(6, '0')}`)
  })
})

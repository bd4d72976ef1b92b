import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { projectCases } from '../../workers/project.ts'

let h: Harness
let admin: TestSession
let supervisor: TestSession

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'rules-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'rules-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'rules-admin')
  supervisor = await login(h.app, 'rules-sup')
})
afterAll(async () => {
  await h?.close()
})

const put = (url: string, s: TestSession, payload: unknown) => h.app.inject({ method: 'PUT', url, headers: s.headers, payload: payload as string })

describe('level schemes', () => {
  it('sets a department scheme (audited with before and after) that the clock context then applies over the default', async () => {
    const body = { warning: { share: 0.9 }, yellow: 2, red: 6, cardRules: { procedure: false } }
    expect((await put(`/api/v1/schemes/department/${DEPTS[0]}`, supervisor, body)).statusCode).toBe(403)
    const res = await put(`/api/v1/schemes/department/${DEPTS[0]}`, admin, body)
    expect(res.statusCode).toBe(200)
    const ctx = createContextProvider(h.db.pool)
    const a = await ctx.forCase(DEPTS[0], null)
    expect(a.scheme).toEqual({ warning: { share: 0.9 }, yellow: 2, red: 6 })
    expect(a.cardRules).toEqual({ overdue: true, fee: true, procedure: false, oneTimeNotification: true })
    expect((await ctx.forCase(DEPTS[1], null)).scheme).toEqual({ warning: { offset: 0 }, yellow: 1, red: 5 })

    await put(`/api/v1/schemes/department/${DEPTS[0]}`, admin, { ...body, yellow: 3 })
    const audit = await h.db.pool.query(`SELECT before, after FROM audit_log WHERE action = 'scheme.set' ORDER BY seq`)
    expect(audit.rows).toHaveLength(2)
    expect(audit.rows[0].before).toBeNull()
    expect(audit.rows[1].before.yellow_offset).toBe(2)
    expect(audit.rows[1].after.yellow_offset).toBe(3)
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/schemes', headers: supervisor.headers })
    expect(list.json().map((s: { scope_code: string; yellow_offset: number }) => `${s.scope_code}:${s.yellow_offset}`)).toEqual([`${DEPTS[0]}:3`])
  })

  it('refuses red before yellow and an unknown scope code, storing nothing', async () => {
    const bad = await put(`/api/v1/schemes/department/${DEPTS[1]}`, admin, { warning: { offset: 0 }, yellow: 4, red: 2 })
    expect(bad.statusCode).toBe(400)
    const unknown = await put('/api/v1/schemes/item/NO-SUCH-ITEM', admin, { warning: { offset: 0 }, yellow: 1, red: 5 })
    expect(unknown.statusCode).toBe(404)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM level_schemes`)).rows[0].n).toBe(1)
  })
})

describe('versioned schemes in the clock context (effective from a date)', () => {
  it('gives a case the newest version of its scope whose date its acceptance (local date) reaches, with the version named', async () => {
    const dept = DEPTS[2]
    const ins = async (from: string | null, yellow: number, withdrawn = false) => (await h.db.pool.query<{ id: string }>(
      `INSERT INTO level_schemes (scope, scope_code, warning_offset, yellow_offset, red_offset, accepted_from, withdrawn) VALUES ('department', $1, 0, $2, 9, $3, $4) RETURNING id::text AS id`,
      [dept, yellow, from, withdrawn])).rows[0]!.id
    const v1 = await ins(null, 2)
    const v2 = await ins('2027-01-01', 3)
    const ctx = createContextProvider(h.db.pool)
    // 2026-12-31T16:30Z is 2027-01-01 00:30 in Beijing: the dated version's first day
    expect((await ctx.forCase(dept, null, '2026-12-31T15:59:00Z')).schemeVersion).toEqual({ id: v1, scope: 'department', code: dept, acceptedFrom: null })
    expect((await ctx.forCase(dept, null, '2026-12-31T16:30:00Z')).scheme.yellow).toBe(3)
    expect((await ctx.forCase(dept, null, '2026-12-31T16:30:00Z')).schemeVersion?.id).toBe(v2)
    expect((await ctx.forCase(dept, null, null)).scheme.yellow).toBe(2) // not accepted: only versions for every case
    expect((await ctx.forPetition(dept, '2027-03-01T02:00:00Z')).scheme.yellow).toBe(3)
    // a withdrawn version from a later date: those cases fall back to the jurisdiction's (here the default)
    await ins('2027-06-01', 1, true)
    ctx.invalidate()
    expect((await ctx.forCase(dept, null, '2027-07-01T02:00:00Z')).schemeVersion).toBeNull()
    expect((await ctx.forCase(dept, null, '2027-02-01T02:00:00Z')).schemeVersion?.id).toBe(v2)
    await h.db.pool.query(`DELETE FROM level_schemes WHERE scope_code = $1`, [dept])
  })
})

describe('the clock context cache', () => {
  const addItem = (code: string, promised: number) =>
    h.db.pool.query(`INSERT INTO items (code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit)
      VALUES ($1, '新建事项', $2, 'promised', 20, 'workday', $3, 'workday')`, [code, DEPTS[0], promised])
  const promisedOf = async (ctx: ReturnType<typeof createContextProvider>, code: string) => (await ctx.forCase(DEPTS[0], code)).itemPromisedLimit
  const aSecond = () => new Promise((r) => setTimeout(r, 1_100))

  it('reloads for an item created after its snapshot (not only after the ttl), at most once a second, and remembers one still absent after a reload', async () => {
    const ctx = createContextProvider(h.db.pool, { ttlMs: 60_000 })
    await ctx.forCase(DEPTS[0], null) // the snapshot, loaded before the item exists
    await addItem('CTX-NEW', 7)
    expect(await promisedOf(ctx, 'CTX-NEW')).toBeNull() // within a second of the load: answered from the snapshot
    await aSecond()
    expect(await promisedOf(ctx, 'CTX-NEW')).toEqual({ value: 7, unit: 'workday' })
    // a code looked for after a reload and not found is not reloaded for again before the ttl (sources name items the catalogue lacks)
    await aSecond()
    expect(await promisedOf(ctx, 'CTX-LATE')).toBeNull()
    await addItem('CTX-LATE', 3)
    await aSecond()
    expect(await promisedOf(ctx, 'CTX-LATE')).toBeNull()
    ctx.invalidate()
    expect(await promisedOf(ctx, 'CTX-LATE')).toEqual({ value: 3, unit: 'workday' })
  })
})

describe('petition limits', () => {
  it('lists the shipped defaults and lets an admin change one for the jurisdiction, audited', async () => {
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/petition-limits/${JURISDICTION}`, headers: supervisor.headers })).json()
    expect(list.filter((r: { jurisdiction_code: string }) => r.jurisdiction_code === '*')).toHaveLength(6)
    const res = await put(`/api/v1/petition-limits/${JURISDICTION}/consultation/conclude`, admin, { value: 3, unit: 'workday' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ before: null, after: { limit_value: 3, limit_unit: 'workday' } })
    const ctx = await createContextProvider(h.db.pool).forPetition(DEPTS[0])
    expect(ctx.limits.consultation).toEqual({ conclude: { value: 3, unit: 'workday' } })
    expect(ctx.limits.petition).toEqual({ acknowledge: { value: 15, unit: 'day' }, conclude: { value: 60, unit: 'day' } })
    expect((await put(`/api/v1/petition-limits/${JURISDICTION}/consultation/conclude`, supervisor, { value: 1, unit: 'workday' })).statusCode).toBe(403)
  })
})

describe('manual cards', () => {
  it('lets a supervisor issue a card with a reason and revoke it with a new record; staff of another department see neither', async () => {
    const [e1, e2] = (await import('../../domain/events/fixtures.ts')).caseLifecycle('MAN-1', DEPTS[0], Date.parse('2026-11-02T02:00:00Z'))
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: [e1, e2] })).statusCode).toBe(202)
    await projectCases(h.db.pool, ['MAN-1'], { context: createContextProvider(h.db.pool) })
    await createUser(h.db.pool, { login: 'man-staff-b', roles: ['department_staff'], departmentCode: DEPTS[1], jurisdictionCode: JURISDICTION })
    const staffB = await login(h.app, 'man-staff-b')
    const post = (url: string, s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as string })

    expect((await post('/api/v1/cards', staffB, { subject: 'case', subjectNo: 'MAN-1', color: 'red', reason: '测试' })).statusCode).toBe(403)
    expect((await post('/api/v1/cards', supervisor, { subject: 'case', subjectNo: 'NOPE', color: 'red', reason: '测试' })).statusCode).toBe(404)
    const issued = await post('/api/v1/cards', supervisor, { subject: 'case', subjectNo: 'MAN-1', color: 'yellow', reason: '窗口服务态度差，群众投诉属实' })
    expect(issued.statusCode).toBe(201)
    const id = issued.json().id
    expect(issued.json()).toMatchObject({ rule: 'manual', color: 'yellow', department_code: DEPTS[0], issued_by: 'rules-sup' })

    const revoked = await post(`/api/v1/cards/${id}/revoke`, supervisor, { reason: '经复核投诉不实' })
    expect(revoked.statusCode).toBe(201)
    expect((await post(`/api/v1/cards/${id}/revoke`, supervisor, { reason: '再次撤销' })).statusCode).toBe(409)
    const list = (await h.app.inject({ method: 'GET', url: '/api/v1/cards?subjectNo=MAN-1', headers: supervisor.headers })).json()
    expect(list.filter((c: { rule: string }) => c.rule === 'manual')).toEqual([expect.objectContaining({ id, reason: '窗口服务态度差，群众投诉属实', revocation_reason: '经复核投诉不实', revoked_by: 'rules-sup' })])
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/cards?subjectNo=MAN-1', headers: staffB.headers })).json()).toEqual([])
    const actions = (await h.db.pool.query(`SELECT action FROM audit_log WHERE entity = 'card' ORDER BY seq`)).rows.map((r) => r.action)
    expect(actions).toEqual(['card.issue', 'card.revoke'])
  })
})

/**
 * End to end: an administrator enters a local day off through the API; the worker's recompute job
 * moves the open deadlines it affects and records the recompute (how many moved, which).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness } from './harness.ts'

let h: Harness

beforeAll(async () => {
  h = await createHarness()
  await createUser(h.db.pool, { login: 'cc-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
})
afterAll(async () => {
  await h?.close()
})

describe('a calendar change through the API', () => {
  it('recomputes every open deadline it moves, and says which', async () => {
    const accepted = (caseNo: string, at: string, limit: number) => ({
      eventId: `${caseNo}-acc`, kind: 'accepted', occurredAt: at, caseNo, departmentCode: DEPTS[0],
      body: { itemCode: 'I', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: limit, unit: 'workday' } },
    })
    // Accepted Friday 20 Nov 2026 with 20 working days → Friday 18 Dec; a day off on 2 Dec moves it to
    // Monday 21 Dec. A case due on Tuesday 24 Nov is not affected.
    const events = [accepted('CC-MOVES', '2026-11-20T10:00:00+08:00', 20), accepted('CC-STAYS', '2026-11-20T11:00:00+08:00', 2)]
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
    expect(res.statusCode).toBe(202)
    await h.waitProjected()
    const deadlines = async () => Object.fromEntries((await h.db.pool.query(`SELECT c.case_no, k.deadline_date::text AS d FROM cases c LEFT JOIN case_clocks k USING (case_no) ORDER BY c.case_no`)).rows.map((r) => [r.case_no, r.d]))
    expect(await deadlines()).toEqual({ 'CC-MOVES': '2026-12-18', 'CC-STAYS': '2026-11-24' })

    const admin = await login(h.app, 'cc-admin')
    const off = await h.app.inject({
      method: 'POST', url: '/api/v1/calendar/overrides', headers: admin.headers,
      payload: { jurisdictionCode: JURISDICTION, date: '2026-12-02', isWorkday: false, reason: '台风停工' },
    })
    expect(off.statusCode).toBe(202)
    expect(off.json().recomputeQueued).toBe(true)

    const until = Date.now() + 20_000
    let rec: { cases_moved: number; case_nos: string[]; reason: string; requested_by: string } | undefined
    while (!rec && Date.now() < until) {
      rec = (await h.db.pool.query(`SELECT cases_moved, case_nos, reason, requested_by FROM clock_recomputes`)).rows[0]
      if (!rec) await new Promise((r) => setTimeout(r, 100))
    }
    expect(rec).toMatchObject({ cases_moved: 1, case_nos: ['CC-MOVES'], requested_by: 'cc-admin' })
    expect(rec!.reason).toContain('台风停工')
    expect(await deadlines()).toEqual({ 'CC-MOVES': '2026-12-21', 'CC-STAYS': '2026-11-24' })
  })
})

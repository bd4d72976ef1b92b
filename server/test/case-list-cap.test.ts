/**
 * GET /api/v1/cases counts its matches up to CASE_LIST_COUNT_CAP (10,000) and no further: beyond it
 * `total` is the cap and `totalCapped` is true (the console shows "10000+"); at or below it the
 * count is exact. Real PostgreSQL/Redis; the cases are inserted set-based.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASE_LIST_COUNT_CAP } from '../http/case-filters.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'

const [SCJG, ZJJ] = DEPTS
let h: Harness
let sup: TestSession

const insertCases = (prefix: string, dept: string, n: number) =>
  h.db.pool.query(
    `WITH c AS (
       INSERT INTO cases (case_no, department_code, case_type, status, applicant, submitted_at, state, event_count, last_occurred_at, jurisdiction_code)
       SELECT $1 || lpad(i::text, 6, '0'), $2, 'promised', 'accepted', '{}', timestamptz '2026-11-02 09:00+08' + i * interval '1 second', '{}', 1,
              timestamptz '2026-11-02 09:00+08' + i * interval '1 second', $4
       FROM generate_series(1, $3::int) i
       RETURNING case_no, department_code)
     INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, level) SELECT case_no, $4, department_code, 'normal' FROM c`,
    [prefix, dept, n, JURISDICTION],
  )

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  await insertCases('CAP-A-', SCJG, CASE_LIST_COUNT_CAP)
  await insertCases('CAP-B-', ZJJ, 1)
  sup = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
}, 60_000)
afterAll(async () => {
  await h?.close()
})

const list = async (qs: string) => {
  const res = await h.app.inject({ method: 'GET', url: `/api/v1/cases?${qs}`, headers: { cookie: sup.cookie } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { total: number; totalCapped: boolean; items: unknown[] }
}

describe('GET /api/v1/cases: the capped total', () => {
  it('says "more than the cap" when more cases match, and still pages', async () => {
    const all = await list('limit=50')
    expect({ total: all.total, totalCapped: all.totalCapped }).toEqual({ total: CASE_LIST_COUNT_CAP, totalCapped: true })
    expect(all.items).toHaveLength(50)
    expect((await list(`limit=10&offset=${CASE_LIST_COUNT_CAP - 5}`)).items).toHaveLength(6) // rows past the cap are still listed
  })

  it('is exact at the cap and below it', async () => {
    expect(await list(`department=${SCJG}&limit=1`)).toMatchObject({ total: CASE_LIST_COUNT_CAP, totalCapped: false })
    expect(await list(`department=${ZJJ}&limit=1`)).toMatchObject({ total: 1, totalCapped: false })
    expect(await list('q=CAP-B-&limit=1')).toMatchObject({ total: 1, totalCapped: false })
  })
})

/**
 * The public ranking shows only a published (frozen) performance evaluation: a draft or an
 * approved run is not public (this month's on-time statistics stand in); once published, the
 * scores, grades, ranks and volumes appear, departments below the minimum volume apart, and no
 * handler's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { seedWorkedExample } from '../../test/performance-fixtures.ts'

let h: Harness
let sup: TestSession
let sup2: TestSession
let leader: TestSession

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  const mk = async (login: string, roles: Parameters<typeof createUser>[1]['roles']) =>
    openSession(h.db.pool, await createUser(h.db.pool, { login, roles, jurisdictionCode: JURISDICTION, displayName: login }))
  sup = await mk('pub.sup', ['supervisor'])
  sup2 = await mk('pub.sup2', ['supervisor'])
  leader = await mk('pub.leader', ['leader'])
  await seedWorkedExample(h.db.pool)
}, 60_000)
afterAll(async () => {
  await h?.close()
})

const post = (s: TestSession, url: string, payload: object = {}) => h.app.inject({ method: 'POST', url, headers: s.headers, payload })
const ranking = async () => (await h.app.inject({ method: 'GET', url: '/api/v1/public/ranking' })).json()

describe('the public ranking and the performance evaluation', () => {
  it('shows statistics until a run is published, then the published scores with volumes', async () => {
    const runId = (await post(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-11' })).json().id as string
    expect((await ranking()).basis).toBe('statistics')
    await post(sup, `/api/v1/performance/runs/${runId}/submit`)
    expect((await post(leader, `/api/v1/performance/runs/${runId}/approve`)).json()).toMatchObject({ state: 'approved' })
    expect((await ranking()).basis).toBe('statistics')
    expect((await post(sup2, `/api/v1/performance/runs/${runId}/publish`)).json()).toMatchObject({ state: 'published' })

    const res = await h.app.inject({ method: 'GET', url: '/api/v1/public/ranking' })
    const r = res.json()
    expect(r).toMatchObject({ basis: 'performance', period: '2026-11', jurisdictionCode: JURISDICTION, corrected: false })
    expect(r.publishedAt).not.toBeNull()
    expect(r.ranked.map((x: { departmentCode: string; rank: number; score: number; grade: string; volume: number }) => [x.departmentCode, x.rank, x.score, x.grade, x.volume])).toEqual([
      ['440204-SCJG', 1, 71.33, 'pass', 10],
      ['440204-ZJJ', 2, 30, 'fail', expect.any(Number)],
    ])
    expect(r.insufficient.map((x: { departmentCode: string; rank: null; volume: number }) => [x.departmentCode, x.rank, x.volume])).toEqual([['440204-GA', null, 2]])
    expect(r.ranked[0].onTimeRate).toBeGreaterThan(0)
    // the worked example's handlers never reach the public answer
    expect(res.body).not.toContain('张三')
    expect(res.body).not.toContain('李四')
    expect(res.body).not.toContain('handlers')
    expect(res.body).not.toContain('trace')
  })
})

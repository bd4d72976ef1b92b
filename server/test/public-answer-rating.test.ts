/**
 * The public's anonymous ratings of published answers (信件公开 好差评) against the real PostgreSQL
 * and Redis: anyone may rate a live published answer once per solved challenge, without an
 * account; a replayed or missing challenge, a rating outside 1 … 5, a withdrawn or unknown answer
 * are refused and store nothing; the answer shows the count and mean; the per-IP hourly limit
 * holds; the citizen's own rating (the scoring's satisfaction) is not touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { SCJG, SEEDED_PEOPLE, solvedChallenge } from './public-fixtures.ts'

let h: Harness
let supervisor: TestSession
let answerId = ''
const CITIZEN = SEEDED_PEOPLE[2]

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  supervisor = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'rating.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
  const at = (ms: number) => new Date(Date.now() - ms).toISOString()
  const events = [
    { eventId: 'PR-1-r', kind: 'petition.received', occurredAt: at(3_600_000), petitionNo: 'PR-1', departmentCode: SCJG, body: { petitionKind: 'consultation', channel: '12345', subject: '咨询食品经营许可办理时限', citizen: { ...CITIZEN } } },
    { eventId: 'PR-1-p', kind: 'petition.replied', occurredAt: at(1_800_000), petitionNo: 'PR-1', departmentCode: SCJG, body: { handler: '李窗口', reply: '承诺时限 10 个工作日。' } },
    { eventId: 'PR-1-x', kind: 'petition.rated', occurredAt: at(600_000), petitionNo: 'PR-1', departmentCode: SCJG, body: { rating: 4 } },
  ]
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  if (res.statusCode !== 202) throw new Error(res.body)
  await h.waitProjected()
  const pub = await h.app.inject({ method: 'POST', url: '/api/v1/answers/PR-1/publication', headers: supervisor.headers, payload: { published: true } })
  if (pub.statusCode !== 200) throw new Error(pub.body)
  answerId = pub.json().publishedId
}, 60_000)

afterAll(async () => {
  await h?.close()
})

const rate = async (rating: number, altcha?: string, id = answerId) =>
  h.app.inject({ method: 'POST', url: `/api/v1/public/answers/${id}/rate`, payload: { rating, altcha: altcha ?? (await solvedChallenge(h.app)) } })
const stored = async () => (await h.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM published_answer_ratings')).rows[0]!.n

describe("the public's ratings of a published answer", () => {
  it('counts each rating with its solved challenge and shows the count and mean with the answer', async () => {
    const before = (await h.app.inject({ method: 'GET', url: `/api/v1/public/answers/${answerId}` })).json()
    expect(before.publicRatings).toEqual({ ratings: 0, average: null })

    const first = await rate(5)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.headers['cache-control']).toBe('no-store')
    expect(first.json()).toEqual({ ratings: 1, average: 5 })
    expect((await rate(2)).json()).toEqual({ ratings: 2, average: 3.5 })

    const after = (await h.app.inject({ method: 'GET', url: `/api/v1/public/answers/${answerId}` })).json()
    expect(after.publicRatings).toEqual({ ratings: 2, average: 3.5 })
    // nothing about the rater is kept
    const cols = (await h.db.pool.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'published_answer_ratings' ORDER BY 1`)).rows.map((r) => r.column_name)
    expect(cols).toEqual(['answer_id', 'id', 'rated_at', 'rating'])
  })

  it('refuses a replayed or missing challenge, a rating outside 1 … 5, an unknown or withdrawn answer, and stores nothing', async () => {
    const n = await stored()
    const altcha = await solvedChallenge(h.app)
    expect((await rate(4, altcha)).statusCode).toBe(200)
    const replay = await rate(4, altcha)
    expect(replay.statusCode).toBe(400)
    expect(replay.json()).toMatchObject({ code: 'CHALLENGE_FAILED', detail: 'used already' })
    const missing = await h.app.inject({ method: 'POST', url: `/api/v1/public/answers/${answerId}/rate`, payload: { rating: 4 } })
    expect(missing.statusCode).toBe(400)
    expect((await rate(6)).statusCode).toBe(400)
    expect((await rate(0)).statusCode).toBe(400)
    expect((await rate(3, undefined, '999999')).json()).toMatchObject({ code: 'NOT_FOUND' })
    expect(await stored()).toBe(n + 1)

    const off = await h.app.inject({ method: 'POST', url: '/api/v1/answers/PR-1/publication', headers: supervisor.headers, payload: { published: false } })
    expect(off.statusCode).toBe(200)
    expect((await rate(5)).statusCode).toBe(404)
    expect(await stored()).toBe(n + 1)
    await h.app.inject({ method: 'POST', url: '/api/v1/answers/PR-1/publication', headers: supervisor.headers, payload: { published: true } })
  })

  it("leaves the petitioner's own rating (the scoring's satisfaction) as it was", async () => {
    const { rows } = await h.db.pool.query<{ rating: number }>(`SELECT (body->>'rating')::int AS rating FROM events WHERE kind = 'petition.rated' AND petition_no = 'PR-1'`)
    expect(rows).toEqual([{ rating: 4 }])
  })

  it('limits ratings per IP and hour (10, the refused ones included), like the other public writes', async () => {
    const n = await stored()
    const answers: number[] = []
    // the earlier tests used 6 of the hour's 10 (3 stored, a replay, an unknown and a withdrawn answer)
    for (let i = 0; i < 4; i++) answers.push((await rate(3)).statusCode)
    // past the limit the challenge is not even looked at (an unsolved one would answer 400 otherwise)
    const unsolved = Buffer.from(JSON.stringify({ algorithm: 'SHA-256', challenge: 'x', number: 1, salt: 's', signature: 'y' })).toString('base64')
    for (let i = 0; i < 3; i++) answers.push((await rate(3, unsolved)).statusCode)
    expect(answers).toEqual([200, 200, 200, 200, 429, 429, 429])
    expect(await stored()).toBe(n + 4)
  }, 60_000)
})

/**
 * The seeded fuzzers (issue 14), short form: a few thousand hostile requests to the JSON and XML
 * ingest, the console's case filters and the login route, through `inject`. Never a 5xx, every
 * valid event of a batch stored exactly once with its body, every invalid one reported, nothing
 * else stored (test/fuzz/). `FUZZ_SEED` replays a seed; `npm run fuzz -- --runs 100000` is the
 * long form.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { checkIngestCase, ingestCaseArb } from '../../test/fuzz/ingest.ts'
import { checkLoginCase, checkQueryCase, loginCaseArb, queryCaseArb } from '../../test/fuzz/routes.ts'

const SEED = Number(process.env.FUZZ_SEED ?? 20261205)
const TAG = Date.now().toString(36)

let h: Harness
let sup: TestSession
beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  sup = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'sup.fuzz', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
})
afterAll(async () => {
  await h?.app.queues.project.obliterate({ force: true }).catch(() => {})
  await h?.close()
})

const fail = (v: { kind: string; message: string } | null) => {
  if (v) throw new Error(`${v.kind}: ${v.message}`)
  return true
}

describe('fuzzing (seeded)', () => {
  it('POST /api/v1/events, JSON and XML: never a 5xx, valid events stored once, invalid ones reported, nothing else stored', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(ingestCaseArb, async (c) => fail(await checkIngestCase(h.app, h.db.pool, h.key, c, DEPTS, TAG))),
      { seed: SEED, numRuns: 1000 },
    )
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('GET /api/v1/cases and /export with hostile filters: never a 5xx, a coded 4xx', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(queryCaseArb, async (c) => fail(await checkQueryCase(h.app, sup.headers, c))), { seed: SEED, numRuns: 500 })
  })

  it('POST /api/v1/auth/login with hostile bodies: never a 5xx, never a 200, a coded 4xx', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(loginCaseArb, async (c) => fail(await checkLoginCase(h.app, c))), { seed: SEED, numRuns: 500 })
    expect((await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
  })
})

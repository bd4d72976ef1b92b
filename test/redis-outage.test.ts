import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle } from '../domain/events/fixtures.ts'
import { createHarness, DEPTS, type Harness } from './harness.ts'
import { privateRedis, type PrivateRedis } from './redis-server.ts'

let redis: PrivateRedis
let h: Harness

beforeAll(async () => {
  redis = await privateRedis()
  h = await createHarness({ redisUrl: redis.url, withWorkers: false })
})
afterAll(async () => {
  await h?.close()
  await redis?.stop()
})

describe('durability through a Redis outage', () => {
  it('acknowledges events while Redis is down, and projects them exactly once when it is back', async () => {
    await redis.stop()
    const events = caseLifecycle('OUT-1', DEPTS[0], Date.UTC(2025, 9, 9, 1), { fee: 10 })
    const t0 = Date.now()
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
    const elapsed = Date.now() - t0
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ accepted: events.length, projectionQueued: false })
    expect(elapsed).toBeLessThan(5000) // never hangs on Redis
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json().redis).toBe('down')
    const stored = await h.db.pool.query(`SELECT count(*)::int AS n FROM unprojected_events WHERE case_no = 'OUT-1'`)
    expect(stored.rows[0].n).toBe(events.length)

    await redis.start()
    await h.startWorkers({ recoveryEveryMs: 500, recoveryMinAgeMs: 0 })
    await h.waitProjected(20_000)
    const row = (await h.db.pool.query(`SELECT status, event_count, fee_charged FROM cases WHERE case_no = 'OUT-1'`)).rows[0]
    expect(row).toEqual({ status: 'concluded', event_count: events.length, fee_charged: '10.00' })
  })
})

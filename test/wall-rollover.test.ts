/**
 * An unattended wall across local midnight: with no event at all, the publisher's periodic
 * recheck publishes a delta in which "today" has turned over (received/accepted today back to the
 * new day's counts, the hourly trend restarted), the month-to-date figures kept. The publisher runs
 * with a clock of its own (`now`) so the test does not wait for a real midnight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { createHarness, DEPTS, type Harness } from './harness.ts'
import { redisUrl, uniqueName } from './db.ts'
import { startWallPublisher, type WallPublisher } from '../workers/publish.ts'
import { wallRedisKeys } from '../domain/realtime/wallRedisKeys.ts'
import type { WallSnapshot } from '../domain/realtime/wall.ts'

let h: Harness
let redis: Redis
let publisher: WallPublisher | null = null
let publisherRedis: Redis | null = null
// a clock that runs, set to 2026-03-10 23:59:00 in Asia/Shanghai (UTC+8): a minute before the day turns
let offset = Date.parse('2026-03-10T15:59:00Z') - Date.now()
const clock = () => Date.now() + offset

const caseAt = (n: number, at: string) => {
  const caseNo = `440204-2026-8${String(n).padStart(5, '0')}`
  return [
    { eventId: `${caseNo}-s`, kind: 'submitted', occurredAt: at, caseNo, departmentCode: DEPTS[0], body: { itemCode: 'ITEM-001', channel: 'window' } },
    { eventId: `${caseNo}-a`, kind: 'accepted', occurredAt: at, caseNo, departmentCode: DEPTS[0], body: { itemCode: 'ITEM-001', caseType: 'promised', applicant: { name: '测试人' }, promisedLimit: { value: 10, unit: 'workday' } } },
  ]
}

beforeAll(async () => {
  h = await createHarness()
  redis = new Redis(redisUrl())
  // three cases received on the evening of 10 March (local), one on the 9th
  const events = [...caseAt(1, '2026-03-10T12:00:00Z'), ...caseAt(2, '2026-03-10T14:30:00Z'), ...caseAt(3, '2026-03-10T15:40:00Z'), ...caseAt(4, '2026-03-09T03:00:00Z')]
  const r = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as unknown as string })
  expect(r.statusCode).toBe(202)
  expect((r.json() as { rejected: number }).rejected).toBe(0)
  await h.waitProjected()
}, 60_000)

afterAll(async () => {
  await publisher?.close()
  publisherRedis?.disconnect()
  redis?.disconnect()
  await h?.close()
})

describe('the wall at local midnight', () => {
  it('turns "today" over by itself, without any event, within the recheck interval', async () => {
    const prefix = uniqueName('rollover')
    const keys = wallRedisKeys(prefix)
    const stored = async (): Promise<WallSnapshot | null> => {
      const s = await redis.get(keys.snapshot)
      return s ? (JSON.parse(s) as WallSnapshot) : null
    }
    const until = async (pred: (s: WallSnapshot) => boolean, ms = 8000): Promise<WallSnapshot> => {
      const end = Date.now() + ms
      for (;;) {
        const s = await stored()
        if (s && pred(s)) return s
        if (Date.now() > end) throw new Error(`no such snapshot within ${ms} ms; last: ${JSON.stringify(s?.panels.tiles)}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    publisher = await startWallPublisher({ pool: h.db.pool, databaseUrl: h.db.url, redis: (publisherRedis = redis.duplicate()), prefix, now: clock, minIntervalMs: 50, recheckMs: 300, slowPanelsMs: 100 })

    const evening = await until((s) => s.panels.tiles.receivedToday === 3 && s.panels.trends.hourlyToday.length > 0)
    expect(evening.panels.tiles).toMatchObject({ receivedToday: 3, acceptedToday: 3, inProgress: 4 })
    expect(evening.panels.trends.hourlyToday.at(-1)?.label).toBe('23:00')

    offset = Date.parse('2026-03-10T16:00:30Z') - Date.now() // 00:00:30 on 11 March, local
    const morning = await until((s) => s.version > evening.version && s.panels.tiles.receivedToday === 0 && s.panels.trends.hourlyToday.at(-1)?.label === '00:00')
    expect(morning.panels.tiles).toMatchObject({ receivedToday: 0, acceptedToday: 0, inProgress: 4 })
    expect(morning.version).toBeGreaterThan(evening.version)
    // the month goes on: 10 March is still in this month's daily trend
    expect(morning.panels.trends.dailyMonth.find((p) => p.label === '2026-03-10')?.received).toBe(3)
  }, 30_000)
})

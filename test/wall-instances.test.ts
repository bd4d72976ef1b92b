/**
 * Two server instances and two worker processes on one database and one Redis prefix (one
 * deployment): a wall client on each instance receives the same deltas with the same versions,
 * and the versions form one gap-free sequence although both workers publish.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { io as connect, type Socket } from 'socket.io-client'
import { buildApp } from '../server/app.ts'
import { startWorkers, type RunningWorkers } from '../workers/main.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness } from './harness.ts'
import { redisUrl } from './db.ts'
import { TOPICS } from '../domain/realtime/topics.ts'
import { WALL_MIN_INTERVAL_MS, type WallDelta, type WallSnapshot } from '../domain/realtime/wall.ts'
import { reduceWall } from '../domain/realtime/reduceWall.ts'
import { readWallPanels } from '../sql/wall.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from './businessDay.ts'

let h: Harness
let second: FastifyInstance
let secondWorkers: RunningWorkers
const sockets: Socket[] = []

const listen = async (app: FastifyInstance): Promise<string> => {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  return `http://127.0.0.1:${addr.port}`
}

const wallClient = async (base: string, cookie: string) => {
  const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false })
  sockets.push(s)
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  const deltas: WallDelta[] = []
  const receivedAt: number[] = []
  s.on(TOPICS.wallDelta, (d: WallDelta) => {
    deltas.push(d)
    receivedAt.push(Date.now())
  })
  const snap = new Promise<WallSnapshot>((resolve) => s.once(TOPICS.wallSnapshot, resolve))
  expect(await s.emitWithAck(TOPICS.roomJoin, { room: 'wall' })).toEqual({ ok: true, room: 'wall' })
  return { socket: s, deltas, receivedAt, snapshot: await snap }
}

beforeAll(async () => {
  h = await createHarness({ security: { cookieSecure: false } })
  second = await buildApp(
    { databaseUrl: h.db.url, redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: null, security: { cookieSecure: false } },
    { logger: false },
  )
  await second.ready()
  secondWorkers = await startWorkers({ databaseUrl: h.db.url, redisUrl: redisUrl(), prefix: h.prefix, concurrency: 2, recoveryEveryMs: 60_000, log: (m) => { if (/failed/.test(m)) console.error(m) } })
  await createUser(h.db.pool, { login: 'wall.display', roles: ['display'], jurisdictionCode: JURISDICTION })
})
// each test counts today's cases: it runs inside one business day (a test lasts at most its timeout, 30 s)
beforeEach(() => withinOneBusinessDay(30_000), oneBusinessDayHookTimeout(30_000))
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await secondWorkers?.close()
  await second?.close()
  await h?.close()
})

describe('two server instances, two worker processes', () => {
  it('deliver the same deltas with the same gap-free versions to a client on each instance', async () => {
    const [baseA, baseB] = [await listen(h.app), await listen(second)]
    const cookie = (await login(h.app, 'wall.display')).cookie // sessions live in PostgreSQL: valid on both
    const a = await wallClient(baseA, cookie)
    const b = await wallClient(baseB, cookie)

    // ingest through both instances, in bursts, so both workers project and both publishers race
    const now = Date.now()
    let n = 0
    for (let burst = 0; burst < 6; burst++) {
      const events = Array.from({ length: 20 }, () => {
        n++
        return { eventId: `TWO-${n}-1`, kind: 'submitted', occurredAt: new Date(now).toISOString(), caseNo: `TWO-${n}`, departmentCode: DEPTS[n % 3], body: { itemCode: 'ITEM-001', channel: 'window' } }
      })
      const app = burst % 2 === 0 ? h.app : second
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as unknown as string })
      expect(res.statusCode).toBe(202)
      await new Promise((r) => setTimeout(r, 150))
    }
    await h.waitProjected()
    const target = a.snapshot.panels.tiles.receivedToday + n
    const until = Date.now() + 5000
    const reached = (c: { deltas: WallDelta[] }) => c.deltas.some((d) => d.panels.tiles?.receivedToday === target)
    while (!(reached(a) && reached(b)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 700)) // anything still in flight

    // same stream on both instances (from when both had joined)
    const from = Math.max(a.snapshot.version, b.snapshot.version)
    const after = (c: { deltas: WallDelta[] }) => c.deltas.filter((d) => d.version > from)
    expect(after(a).length).toBeGreaterThan(1)
    expect(after(b)).toEqual(after(a))
    // one gap-free sequence, each applying to the previous state
    let state = a.snapshot
    const fromA = a.deltas.filter((d) => d.version > state.version)
    for (const d of fromA) {
      const next = reduceWall(state, { kind: 'delta', payload: d })
      if (next.outcome !== 'applied' || next.state === null) throw new Error(`delta ${d.version} after ${state.version}: ${next.outcome}`)
      state = next.state
    }
    // one coalescing interval between two publications across both workers (delivery jitter aside)
    const times = a.receivedAt
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(WALL_MIN_INTERVAL_MS * 0.7)
    // and the final state is the database's
    const db = await readWallPanels(h.db.pool, JURISDICTION, new Date())
    expect(state.panels.tiles).toEqual(db.tiles)
    expect(state.panels.departments).toEqual(db.departments)
    // a late joiner on either instance gets the same snapshot, of the last version
    const c = await wallClient(baseB, cookie)
    expect(c.snapshot.version).toBe(state.version)
    expect(c.snapshot.panels.tiles).toEqual(state.panels.tiles)
  })
})

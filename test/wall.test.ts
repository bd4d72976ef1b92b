/**
 * The wall end to end: events posted through the ingest API are projected, the workers' publisher
 * notices, and a socket.io client in room `wall` receives a delta whose numbers match the
 * database; a version gap is recovered by `wall/resync`; the REST snapshot and the room policy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness } from './harness.ts'
import { TOPICS, type RoomJoinAck } from '../domain/realtime/topics.ts'
import type { WallDelta, WallResyncAck, WallSnapshot } from '../domain/realtime/wall.ts'
import { reduceWall } from '../domain/realtime/reduceWall.ts'
import { readWallPanels } from '../sql/wall.ts'
import { wallRedisKeys } from '../domain/realtime/wallRedisKeys.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from './businessDay.ts'

let h: Harness
let base: string
let displayCookie: string
const sockets: Socket[] = []

const open = (cookie: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false })
    sockets.push(s)
    s.once('connect', () => resolve(s))
    s.once('connect_error', reject)
  })

/** Joins `wall` and resolves with the join ack and the snapshot the server sends after it. */
const joinWall = async (s: Socket): Promise<{ ack: RoomJoinAck; snapshot: WallSnapshot }> => {
  const snap = new Promise<WallSnapshot>((resolve) => s.once(TOPICS.wallSnapshot, resolve))
  const ack = (await s.emitWithAck(TOPICS.roomJoin, { room: 'wall' })) as RoomJoinAck
  return { ack, snapshot: await snap }
}

/** Collects deltas; `until` resolves with the first delta (applied state) for which `pred` holds. */
function follow(s: Socket, start: WallSnapshot) {
  let state = start
  const deltas: WallDelta[] = []
  const waiters: { pred: (w: WallSnapshot) => boolean; resolve: (w: WallSnapshot) => void }[] = []
  s.on(TOPICS.wallDelta, (d: WallDelta) => {
    deltas.push(d)
    state = reduceWall(state, { kind: 'delta', payload: d }).state ?? state
    for (const w of [...waiters]) if (w.pred(state)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(state) }
  })
  return {
    deltas,
    get state() { return state },
    set state(v: WallSnapshot) { state = v },
    until(pred: (w: WallSnapshot) => boolean, timeoutMs = 5000): Promise<WallSnapshot> {
      if (pred(state)) return Promise.resolve(state)
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching delta within ${timeoutMs} ms (at version ${state.version}, ${deltas.length} deltas)`)), timeoutMs)
        waiters.push({ pred, resolve: (w) => { clearTimeout(t); resolve(w) } })
      })
    },
  }
}

const submitted = (caseNo: string, dept: string, at: Date) => ({ eventId: `${caseNo}-1`, kind: 'submitted', occurredAt: at.toISOString(), caseNo, departmentCode: dept, body: { itemCode: 'ITEM-001', channel: 'window' } })
const post = (events: unknown[]) => h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as unknown as string })

beforeAll(async () => {
  h = await createHarness({ security: { cookieSecure: false } })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  await createUser(h.db.pool, { login: 'wall.display', roles: ['display'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'staff.scjg', roles: ['department_staff'], departmentCode: DEPTS[0] })
  displayCookie = (await login(h.app, 'wall.display')).cookie
})
// each test counts today's cases: it runs inside one business day (a test lasts at most its timeout, 30 s)
beforeEach(() => withinOneBusinessDay(30_000), oneBusinessDayHookTimeout(30_000))
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await h?.close()
})

describe('the wall pipeline', () => {
  it('sends a snapshot on join and a delta matching the database after ingest', async () => {
    const s = await open(displayCookie)
    const { ack, snapshot } = await joinWall(s)
    expect(ack).toEqual({ ok: true, room: 'wall' })
    expect(snapshot.jurisdictionCode).toBe(JURISDICTION)
    expect(snapshot.panels.departments.map((d) => d.code).sort()).toEqual([...DEPTS].sort())
    const f = follow(s, snapshot)
    const before = snapshot.panels.tiles.receivedToday

    const now = new Date()
    const sentAt = Date.now()
    const res = await post([submitted('WALL-A-1', DEPTS[0], now), submitted('WALL-A-2', DEPTS[0], now), submitted('WALL-A-3', DEPTS[1], now)])
    expect(res.statusCode).toBe(202)
    const seen = await f.until((w) => w.panels.tiles.receivedToday >= before + 3, 2000)
    expect(Date.now() - sentAt).toBeLessThan(2000)

    await h.waitProjected()
    const db = await readWallPanels(h.db.pool, JURISDICTION, new Date())
    expect(seen.panels.tiles).toEqual(db.tiles)
    expect(seen.panels.departments).toEqual(db.departments)
    const scjg = seen.panels.departments.find((d) => d.code === DEPTS[0])!
    const count = (await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE department_code = $1 AND concluded_at IS NULL AND returned_at IS NULL`, [DEPTS[0]])).rows[0]!.n
    expect(scjg.open).toBe(count)
    // versions are consecutive from the snapshot's (a delta that overtook the snapshot is older)
    const fresh = f.deltas.filter((d) => d.version > snapshot.version).map((d) => d.version)
    expect(fresh).toEqual(fresh.map((_, i) => snapshot.version + i + 1))
    // the publisher folds the counts' deltas (migration 090) after it emits: none left once it has
    const deltas = async () => (await h.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wall_open_count_deltas')).rows[0]!.n
    const until = Date.now() + 5000
    while ((await deltas()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
    expect(await deltas()).toBe(0)
    expect((await h.db.pool.query<{ n: number }>(`SELECT sum(n)::int AS n FROM wall_open_counts WHERE subject = 'case' AND department_code = $1`, [DEPTS[0]])).rows[0]!.n).toBe(count)
  })

  it('puts a new card on the ticker with the case number masked and no personal data', async () => {
    await createUser(h.db.pool, { login: 'sup.wall', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
    const sup = await login(h.app, 'sup.wall')
    const s = await open(displayCookie)
    const { snapshot } = await joinWall(s)
    const f = follow(s, snapshot)
    const now = new Date()
    const accepted = { eventId: 'WALL-C-1-2', kind: 'accepted', occurredAt: now.toISOString(), caseNo: '440204-2026-000777', departmentCode: DEPTS[2], body: { itemCode: 'ITEM-001', caseType: 'promised', applicant: { name: '张三丰', idNumber: '440204199001011234', phone: '13800005678' }, promisedLimit: { value: 10, unit: 'workday' } } }
    expect((await post([submitted('440204-2026-000777', DEPTS[2], now), accepted])).statusCode).toBe(202)
    await h.waitProjected()
    const issued = await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: '440204-2026-000777', color: 'red', reason: '窗口拒不受理张三丰的材料（电话13800005678）' } })
    expect(issued.statusCode).toBe(201)
    // the supervisor typed the applicant's name and phone: the wall shows them masked
    const seen = await f.until((w) => w.panels.cards.some((c) => c.reason === '窗口拒不受理张*丰的材料（电话138****5678）'), 2000)
    const line = seen.panels.cards[0]!
    expect(line).toMatchObject({ color: 'red', subject: 'case', subjectNoMasked: '440204-2026-****77', departmentCode: DEPTS[2], departmentName: '公安分局', rule: 'manual' })
    expect(line.id).toBe(String((issued.json() as { id: string | number }).id))
    const wire = JSON.stringify(f.deltas)
    for (const secret of ['张三丰', '440204199001011234', '13800005678', '440204-2026-000777']) expect(wire).not.toContain(secret)
    const dept = seen.panels.departments.find((d) => d.code === DEPTS[2])!
    expect(dept.open).toBeGreaterThanOrEqual(1)
  })

  it('recovers from a version gap by a resync that gives the current, consistent snapshot', async () => {
    const s = await open(displayCookie)
    const { snapshot } = await joinWall(s)
    // a client that missed a delta: it sees the next one out of sequence
    const next = new Promise<WallDelta>((resolve) => {
      const h = (d: WallDelta) => {
        if (d.version <= snapshot.version) return // overtook the snapshot
        s.off(TOPICS.wallDelta, h)
        resolve(d)
      }
      s.on(TOPICS.wallDelta, h)
    })
    expect((await post([submitted('WALL-G-1', DEPTS[1], new Date())])).statusCode).toBe(202)
    const first = await next
    expect(first.version).toBe(snapshot.version + 1)
    const gapped = { ...snapshot, version: snapshot.version - 1 }
    expect(reduceWall(gapped, { kind: 'delta', payload: first })).toMatchObject({ outcome: 'gap', resync: true })

    const ack = (await s.emitWithAck(TOPICS.wallResync, {})) as WallResyncAck
    if ('ok' in ack) throw new Error(`resync refused: ${ack.code}`)
    expect(ack.version).toBeGreaterThanOrEqual(first.version)
    await h.waitProjected()
    // settle: once no delta is due, the resync snapshot equals a fresh read of the database
    const hot = (p: WallSnapshot['panels']) => ({ tiles: p.tiles, departments: p.departments, cards: p.cards })
    let settled = (await s.emitWithAck(TOPICS.wallResync, {})) as WallSnapshot
    let db = await readWallPanels(h.db.pool, JURISDICTION, new Date())
    for (let i = 0; i < 50 && JSON.stringify(hot(settled.panels)) !== JSON.stringify(hot(db)); i++) {
      await new Promise((r) => setTimeout(r, 100))
      settled = (await s.emitWithAck(TOPICS.wallResync, {})) as WallSnapshot
      db = await readWallPanels(h.db.pool, JURISDICTION, new Date())
    }
    expect(hot(settled.panels)).toEqual(hot(db))
    // and the deltas continue gap-free from the resynced version
    const f = follow(s, settled)
    expect((await post([submitted('WALL-G-2', DEPTS[1], new Date())])).statusCode).toBe(202)
    const after = await f.until((w) => w.panels.tiles.receivedToday === settled.panels.tiles.receivedToday + 1, 2000)
    expect(after.version).toBeGreaterThan(settled.version)
    const fresh = f.deltas.filter((d) => d.version > settled.version).map((d) => d.version)
    expect(fresh).toEqual(fresh.map((_, i) => settled.version + i + 1))
  })

  it('brings the slow panels (trends, rankings) up to date within their interval, without further events', async () => {
    const s = await open(displayCookie)
    const { snapshot } = await joinWall(s)
    const f = follow(s, snapshot)
    const at = new Date()
    expect((await post([submitted('WALL-S-1', DEPTS[0], at), submitted('WALL-S-2', DEPTS[0], at)])).statusCode).toBe(202)
    await h.waitProjected()
    const db = await readWallPanels(h.db.pool, JURISDICTION, new Date())
    const hourReceived = (w: WallSnapshot) => w.panels.trends.hourlyToday.reduce((n, p) => n + p.received, 0)
    const seen = await f.until((w) => hourReceived(w) === hourReceived({ ...w, panels: db }), 7000)
    expect(seen.panels.trends.hourlyToday).toEqual(db.trends.hourlyToday)
    expect(seen.panels.trends.caseTypes).toEqual(db.trends.caseTypes)
  })

  it('never goes back in version when Redis loses the counter: clients see a gap and resync', async () => {
    const s = await open(displayCookie)
    const { snapshot } = await joinWall(s)
    const keys = wallRedisKeys(h.prefix)
    await h.app.queues.redis.del(keys.version, keys.snapshot)
    // the first delta published after the counter was lost (one in flight before it may still come)
    const next = new Promise<WallDelta>((resolve) => {
      const h = (d: WallDelta) => {
        if (d.version <= snapshot.version + 1) return
        s.off(TOPICS.wallDelta, h)
        resolve(d)
      }
      s.on(TOPICS.wallDelta, h)
    })
    expect((await post([submitted('WALL-R-1', DEPTS[0], new Date())])).statusCode).toBe(202)
    const d = await next
    expect(d.version).toBeGreaterThan(snapshot.version)
    expect(reduceWall(snapshot, { kind: 'delta', payload: d })).toMatchObject({ outcome: 'gap', resync: true })
    const ack = (await s.emitWithAck(TOPICS.wallResync, {})) as WallSnapshot
    expect(ack.version).toBe(d.version)
    expect(ack.panels.tiles.receivedToday).toBe(snapshot.panels.tiles.receivedToday + 1)
  })

  it('catches a reconnecting client up: the snapshot on re-join holds what happened while it was away', async () => {
    const s = await open(displayCookie)
    const { snapshot } = await joinWall(s)
    s.disconnect()
    expect((await post([submitted('WALL-X-1', DEPTS[2], new Date()), submitted('WALL-X-2', DEPTS[2], new Date())])).statusCode).toBe(202)
    await h.waitProjected()
    await new Promise((r) => setTimeout(r, 700)) // the publisher's next cycle
    const again = await open(displayCookie)
    const { snapshot: back } = await joinWall(again)
    expect(back.version).toBeGreaterThan(snapshot.version)
    expect(back.panels.tiles.receivedToday).toBe(snapshot.panels.tiles.receivedToday + 2)
    expect(back.panels.tiles).toEqual((await readWallPanels(h.db.pool, JURISDICTION, new Date())).tiles)
  })

  it('refuses a resync to a socket that has not joined the wall', async () => {
    const s = await open(displayCookie)
    expect(await s.emitWithAck(TOPICS.wallResync, {})).toEqual({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('GET /api/v1/wall/snapshot', () => {
  it('gives the display account the same snapshot the socket gets; department staff and anonymous are refused', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/wall/snapshot', headers: { cookie: displayCookie } })
    expect(res.statusCode).toBe(200)
    const snap = res.json() as WallSnapshot
    expect(snap).toMatchObject({ schemaVersion: 2, jurisdictionCode: JURISDICTION })
    expect(snap.version).toBeGreaterThan(0)
    const s = await open(displayCookie)
    const { snapshot } = await joinWall(s)
    expect(snapshot.version).toBeGreaterThanOrEqual(snap.version)
    if (snapshot.version === snap.version) expect(snapshot).toEqual(snap)

    const staff = await login(h.app, 'staff.scjg')
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/wall/snapshot', headers: staff.headers })).statusCode).toBe(403)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/wall/snapshot' })).statusCode).toBe(401)
    const staffSocket = await open(staff.cookie)
    expect(await staffSocket.emitWithAck(TOPICS.roomJoin, { room: 'wall' })).toEqual({ ok: false, room: 'wall', code: 'FORBIDDEN' })
  })
})

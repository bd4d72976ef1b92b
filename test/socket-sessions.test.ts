/**
 * Sessions on live sockets: a socket lives as long as its session. Logout, a password change or
 * reset, and an admin deactivating an account or changing its roles disconnect the sockets
 * concerned at once; the periodic re-check (`app.realtime.recheckSessions`) disconnects sockets
 * whose session row was deleted, expired or idled out. A reconnect without a session is anonymous
 * and hears `UNAUTHENTICATED` for the wall; with changed roles, `FORBIDDEN`. The same re-check keeps
 * a live wall's display session from idling out (`wallSessionKeepalive`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import { createHarness, createUser, JURISDICTION, login, openSession, TEST_PASSWORD, type Harness, type TestSession, type TestUser } from './harness.ts'
import { TOPICS, type RoomJoinAck } from '../domain/realtime/topics.ts'
import { hashToken } from '../server/auth/session.ts'

const SECURITY = { cookieSecure: false, rateLimit: { enabled: false }, socketSessionCheckSeconds: 0 } as const
let h: Harness
let base: string
let admin: TestSession
const sockets: Socket[] = []

const open = (cookie: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
    sockets.push(s)
    s.once('connect', () => resolve(s))
    s.once('connect_error', reject)
  })
const join = (s: Socket, room: string): Promise<RoomJoinAck> => s.emitWithAck(TOPICS.roomJoin, { room }) as Promise<RoomJoinAck>
/** Resolves with the disconnect reason (rejects after `ms`: the socket was not disconnected). */
const disconnected = (s: Socket, ms = 5000): Promise<string> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('still connected')), ms)
    s.once('disconnect', (reason) => {
      clearTimeout(t)
      resolve(reason)
    })
  })
/** A socket in room `wall` with this session. */
async function wallSocket(session: TestSession): Promise<Socket> {
  const s = await open(session.cookie)
  expect(await join(s, 'wall')).toEqual({ ok: true, room: 'wall' })
  return s
}
const sessionIdOf = (session: TestSession): string => hashToken(decodeURIComponent(session.cookie.split('=')[1]!))
const lastSeen = async (session: TestSession): Promise<number> =>
  ((await h.db.pool.query<{ t: Date }>('SELECT last_seen_at AS t FROM sessions WHERE id_hash = $1', [sessionIdOf(session)])).rows[0]!.t).getTime()
const setLastSeen = (session: TestSession, agoSql: string) =>
  h.db.pool.query(`UPDATE sessions SET last_seen_at = now() - $2::interval WHERE id_hash = $1`, [sessionIdOf(session), agoSql])

let n = 0
async function newUser(roles: TestUser['roles']): Promise<TestUser> {
  return createUser(h.db.pool, { login: `u${++n}.${roles.join('-')}`, roles, jurisdictionCode: JURISDICTION })
}

beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: SECURITY })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  admin = await openSession(h.db.pool, await newUser(['admin']), SECURITY)
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await h?.close()
})

describe('revocation disconnects live sockets', () => {
  it('logout ends the sockets of that session only; the reconnect is asked to sign in', async () => {
    const u = await newUser(['display'])
    const a = await login(h.app, u.login)
    const b = await login(h.app, u.login)
    const sa = await wallSocket(a)
    const sb = await wallSocket(b)
    const gone = disconnected(sa)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.headers })).statusCode).toBe(204)
    expect(await gone).toBe('io server disconnect')
    expect(sb.connected).toBe(true)
    expect(await join(sb, 'wall')).toEqual({ ok: true, room: 'wall' }) // still served

    const again = await open(a.cookie) // the old cookie: no session any more
    expect(await join(again, 'wall')).toEqual({ ok: false, room: 'wall', code: 'UNAUTHENTICATED' })
  })

  it('a password change ends the other sessions’ sockets; a reset by an admin ends all', async () => {
    const u = await newUser(['display'])
    const mine = await login(h.app, u.login)
    const other = await login(h.app, u.login)
    const sMine = await wallSocket(mine)
    const sOther = await wallSocket(other)
    const otherGone = disconnected(sOther)
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: mine.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'Wall#Display2026' } })
    expect(res.statusCode).toBe(204)
    expect(await otherGone).toBe('io server disconnect')
    expect(sMine.connected).toBe(true)

    const mineGone = disconnected(sMine)
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/users/${u.id}/password`, headers: admin.headers, payload: { password: 'Reset#Display2026' } })).statusCode).toBe(204)
    expect(await mineGone).toBe('io server disconnect')
  })

  it('deactivating the account disconnects it; the reconnect is anonymous', async () => {
    const u = await newUser(['display'])
    const s = await login(h.app, u.login)
    const sock = await wallSocket(s)
    const gone = disconnected(sock)
    expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: admin.headers, payload: { active: false } })).statusCode).toBe(200)
    expect(await gone).toBe('io server disconnect')
    expect(await join(await open(s.cookie), 'wall')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  it('a role change disconnects the sockets so they authenticate with the new roles (FORBIDDEN, no sign-in loop)', async () => {
    const u = await newUser(['display'])
    const s = await login(h.app, u.login)
    const sock = await wallSocket(s)
    const gone = disconnected(sock)
    expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: admin.headers, payload: { roles: ['leader', 'department_staff'], departmentCode: '440204-SCJG' } })).statusCode).toBe(200)
    expect(await gone).toBe('io server disconnect')
    expect(await join(await open(s.cookie), 'wall')).toMatchObject({ ok: true }) // leaders may watch
    expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: admin.headers, payload: { roles: ['department_staff'] } })).statusCode).toBe(200)
    expect(await join(await open(s.cookie), 'wall')).toEqual({ ok: false, room: 'wall', code: 'FORBIDDEN' })
  })

  it('editing only the display name leaves the sockets alone', async () => {
    const u = await newUser(['display'])
    const sock = await wallSocket(await login(h.app, u.login))
    expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: admin.headers, payload: { displayName: '一号大屏' } })).statusCode).toBe(200)
    expect((await h.app.realtime.recheckSessions()).disconnected).toBe(0)
    expect(sock.connected).toBe(true)
  })
})

describe('the periodic re-check', () => {
  it('disconnects sockets whose session row was deleted or expired, keeps the others', async () => {
    const deleted = await login(h.app, (await newUser(['display'])).login)
    const expired = await login(h.app, (await newUser(['display'])).login)
    const kept = await login(h.app, (await newUser(['display'])).login)
    const [sd, se, sk] = await Promise.all([wallSocket(deleted), wallSocket(expired), wallSocket(kept)])
    const goneD = disconnected(sd)
    const goneE = disconnected(se)
    await h.db.pool.query('DELETE FROM sessions WHERE id_hash = $1', [sessionIdOf(deleted)])
    await h.db.pool.query('UPDATE sessions SET expires_at = now() - interval \'1 second\' WHERE id_hash = $1', [sessionIdOf(expired)])
    const r = await h.app.realtime.recheckSessions()
    expect(r.disconnected).toBe(2)
    expect(await goneD).toBe('io server disconnect')
    expect(await goneE).toBe('io server disconnect')
    expect(sk.connected).toBe(true)
  })

  it('keeps a live wall’s display session from idling out, but not a supervisor’s (keepalive "display")', async () => {
    // an account that is display and leader gets the normal 30-minute idle timeout
    const wallAccount = await login(h.app, (await newUser(['display', 'leader'])).login)
    const supervisor = await login(h.app, (await newUser(['supervisor'])).login)
    const idleDisplay = await login(h.app, (await newUser(['display', 'leader'])).login)
    await wallSocket(wallAccount)
    const supSock = await wallSocket(supervisor)
    await open(idleDisplay.cookie) // connected, but not watching the wall
    for (const s of [wallAccount, supervisor, idleDisplay]) await setLastSeen(s, '20 minutes')
    const before = Date.now() - 19 * 60_000

    await h.app.realtime.recheckSessions()
    expect(await lastSeen(wallAccount)).toBeGreaterThan(Date.now() - 60_000) // refreshed
    expect(await lastSeen(supervisor)).toBeLessThan(before) // untouched
    expect(await lastSeen(idleDisplay)).toBeLessThan(before)

    // 11 minutes on without a request: the supervisor's session (31 min) idled out, the wall's did not
    await h.db.pool.query(`UPDATE sessions SET last_seen_at = last_seen_at - interval '11 minutes' WHERE id_hash = ANY ($1)`, [[wallAccount, supervisor].map(sessionIdOf)])
    const supGone = disconnected(supSock)
    const r = await h.app.realtime.recheckSessions()
    expect(await supGone).toBe('io server disconnect')
    expect(r.kept).toBeGreaterThanOrEqual(1)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/wall/snapshot', headers: wallAccount.headers })).statusCode).toBe(200)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/wall/snapshot', headers: supervisor.headers })).statusCode).toBe(401)
  })
})

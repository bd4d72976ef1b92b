/**
 * socket.io: handshake with the HTTP session, automatic user room, room policy on join, and
 * delivery from a worker-side emitter through the redis adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { Redis } from 'ioredis'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness } from './harness.ts'
import { redisUrl } from './db.ts'
import { TOPICS, type RoomJoinAck } from '../domain/realtime/topics.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../domain/realtime/socketEvents.ts'
import type { InAppNotification } from '../domain/realtime/notification.ts'
import { createEmitter } from '../workers/emit.ts'

type Socket = ClientSocket<ServerToClientEvents, ClientToServerEvents>

let h: Harness
let base: string
const sockets: Socket[] = []

const open = (cookie?: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(base, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false })
    sockets.push(s)
    s.once('connect', () => resolve(s))
    s.once('connect_error', reject)
  })
const join = (s: Socket, room: string): Promise<RoomJoinAck> => s.emitWithAck(TOPICS.roomJoin, { room })

beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { cookieSecure: false } })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  await createUser(h.db.pool, { login: 'wall.display', roles: ['display'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'staff.scjg', roles: ['department_staff'], departmentCode: DEPTS[0] })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await h.close()
})

describe('socket.io rooms', () => {
  it('lets a display account join the wall but not a department room; anonymous only public', async () => {
    const display = await open((await login(h.app, 'wall.display')).cookie)
    expect(await join(display, 'wall')).toEqual({ ok: true, room: 'wall' })
    expect(await join(display, `dept:${DEPTS[0]}`)).toEqual({ ok: false, room: `dept:${DEPTS[0]}`, code: 'FORBIDDEN' })
    expect(await join(display, 'nonsense')).toEqual({ ok: false, room: 'nonsense', code: 'UNKNOWN_ROOM' })

    const anon = await open()
    expect(await join(anon, 'wall')).toEqual({ ok: false, room: 'wall', code: 'UNAUTHENTICATED' })
    expect(await join(anon, 'public')).toEqual({ ok: true, room: 'public' })
  })

  it('scopes department rooms and delivers emitter messages to the user room', async () => {
    const session = await login(h.app, 'staff.scjg')
    const staff = await open(session.cookie)
    expect(await join(staff, `dept:${DEPTS[0]}`)).toMatchObject({ ok: true })
    expect(await join(staff, `dept:${DEPTS[1]}`)).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    const me = (await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers })).json<{ user: { id: string } }>()
    const redis = new Redis(redisUrl())
    try {
      const received: InAppNotification[] = []
      const got = new Promise<unknown>((resolve) => staff.on(TOPICS.notificationNew, (n) => resolve(received.push(n))))
      const emitter = createEmitter(redis, h.prefix)
      const note = (title: string): InAppNotification => ({ v: 1, id: title, event: 'urging', subject: 'case', subjectNo: 'X-1', title, body: '', link: null, urgent: false, createdAt: new Date().toISOString(), readAt: null })
      emitter.to(`dept:${DEPTS[1]}`).emit(TOPICS.notificationNew, note('dept-only')) // not joined: must not arrive
      emitter.to(`user:${me.user.id}`).emit(TOPICS.notificationNew, note('催办'))
      await got
      await new Promise((r) => setTimeout(r, 300))
      expect(received.map((n) => n.title)).toEqual(['催办'])
    } finally {
      redis.disconnect()
    }
  })
})

/**
 * Delivery on arrival (migration 380, workers/notify/wake.ts): with the scheduled delivery round an
 * hour away, an outbox row inserted now still reaches the user's socket — the insert's NOTIFY
 * queues a delivery at once. Several rows inserted while a delivery runs are all delivered (the
 * deduplicated job keeps one waiting behind the active one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { createHarness, createUser, DEPTS, login, type Harness } from './harness.ts'
import { redisUrl } from './db.ts'
import { TOPICS } from '../domain/realtime/topics.ts'
import { QUEUES } from '../domain/queues.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../domain/realtime/socketEvents.ts'
import type { InAppNotification } from '../domain/realtime/notification.ts'

type Socket = ClientSocket<ServerToClientEvents, ClientToServerEvents>

let h: Harness
let base: string
let userId: string
let socket: Socket
let redis: Redis
let queue: Queue

const enqueue = (key: string, orderNo: string) =>
  h.db.pool.query('SELECT notify_enqueue($1::jsonb)', [JSON.stringify([{ userId, event: 'order.issued', subject: 'order', subjectNo: orderNo, params: { orderNo, departmentCode: DEPTS[0] }, urgent: false, key }])])

beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { cookieSecure: false } })
  redis = new Redis(redisUrl(), { maxRetriesPerRequest: null })
  queue = new Queue(QUEUES.notify, { connection: redis, prefix: h.prefix })
  // the scheduled round: its first run at start, the next one in an hour
  await h.startWorkers({ notify: { everyMs: 3_600_000 } })
  for (let i = 0; ((await queue.getJobCounts('completed')).completed ?? 0) < 1; i++) {
    if (i > 200) throw new Error('the first scheduled delivery round did not run')
    await new Promise((r) => setTimeout(r, 50))
  }
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  userId = (await createUser(h.db.pool, { login: 'wake.staff', roles: ['department_staff'], departmentCode: DEPTS[0] })).id
  const session = await login(h.app, 'wake.staff')
  socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie: session.cookie }, reconnection: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
})
afterAll(async () => {
  socket?.disconnect()
  await queue?.close()
  redis?.disconnect()
  await h?.close()
})

const received = (orderNos: string[]): Promise<InAppNotification[]> =>
  new Promise((resolve) => {
    const got: InAppNotification[] = []
    socket.on(TOPICS.notificationNew, (n) => {
      if (orderNos.includes(n.subjectNo)) got.push(n)
      if (got.length === orderNos.length) resolve(got)
    })
  })

describe('notification delivery on arrival', () => {
  it('delivers a new in-app row without waiting for the scheduled round', async () => {
    const live = received(['DB-WAKE-1'])
    await enqueue('wake-1', 'DB-WAKE-1')
    const [n] = await live
    expect(n).toMatchObject({ v: 1, event: 'order.issued', subject: 'order', subjectNo: 'DB-WAKE-1', readAt: null })
    // the row is settled right after the emit
    const status = async () => (await h.db.pool.query<{ status: string }>(`SELECT status FROM notification_outbox WHERE dedupe_key LIKE 'wake-1:%'`)).rows.map((r) => r.status)
    while ((await status()).includes('sending')) await new Promise((r) => setTimeout(r, 50))
    expect(await status()).toEqual(['sent'])
  })

  it('delivers every row of a burst of separate inserts', async () => {
    const orderNos = Array.from({ length: 12 }, (_, i) => `DB-BURST-${i}`)
    const live = received(orderNos)
    for (const [i, no] of orderNos.entries()) await enqueue(`burst-${i}`, no)
    expect((await live).map((n) => n.subjectNo).sort()).toEqual([...orderNos].sort())
  })
})

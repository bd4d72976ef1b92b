/**
 * Wall clients through the proxy during the cluster's fault test: each signs in as a `display`
 * user, joins room `wall` over the websocket transport (as the dashboard does), follows the deltas
 * (a gap in versions → `wall/resync`), and reconnects by itself when its server is killed. At the
 * end every client must stand at the version the publisher stored in Redis. Per phase it reports
 * the longest time any client went without a new version (the wall's staleness under that kill).
 */
import { io as connect, type Socket } from 'socket.io-client'
import { TOPICS } from '../../domain/realtime/topics.ts'
import { wallRedisKeys } from '../../domain/realtime/wallRedisKeys.ts'
import type { WallDelta, WallResyncAck, WallSnapshot } from '../../domain/realtime/wall.ts'
import { connectRedis } from '../../infra/redis.ts'
import { longestGap } from '../chaos/report.ts'

export interface WallWatchResult {
  clients: number
  /** the version stored in Redis at the end, and each client's */
  storedVersion: number | null
  clientVersions: number[]
  consistent: boolean
  reconnects: number
  resyncs: number
  /** per phase: the longest time a client saw no new version (s) */
  stalenessSeconds: number[]
}

interface Client {
  socket: Socket
  version: number
  updates: number[]
  reconnects: number
  resyncs: number
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Signs in through `base` and returns the session cookie. */
export async function signIn(base: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${body}`)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => /sv_session=/.test(c))
  if (!cookie) throw new Error('login: no session cookie')
  return cookie
}

export function watchWall(opts: { base: string; cookie: string; clients: number; redisUrl: string; queuePrefix: string }): { stop(phaseStarts: readonly number[], loadEnd: number): Promise<WallWatchResult> } {
  const clients: Client[] = []
  for (let i = 0; i < opts.clients; i++) {
    const socket = connect(opts.base, { transports: ['websocket'], extraHeaders: { cookie: opts.cookie }, reconnectionDelay: 300, reconnectionDelayMax: 2000 })
    const c: Client = { socket, version: 0, updates: [], reconnects: 0, resyncs: 0 }
    const take = (s: WallSnapshot) => {
      if (s.version > c.version) {
        c.version = s.version
        c.updates.push(Date.now())
      }
    }
    let connects = 0
    socket.on('connect', () => {
      if (connects++ > 0) c.reconnects++
      socket.emit(TOPICS.roomJoin, { room: 'wall' })
    })
    socket.on(TOPICS.wallSnapshot, (s: WallSnapshot) => take(s))
    socket.on(TOPICS.wallDelta, (d: WallDelta) => {
      if (d.version <= c.version) return
      if (d.version === c.version + 1) {
        c.version = d.version
        c.updates.push(Date.now())
        return
      }
      c.resyncs++
      socket.timeout(5000).emit(TOPICS.wallResync, {}, (err: Error | null, ack: WallResyncAck) => {
        if (!err && !('ok' in ack)) take(ack)
      })
    })
    clients.push(c)
  }
  return {
    async stop(phaseStarts, loadEnd) {
      const redis = connectRedis(opts.redisUrl, { maxRetriesPerRequest: 3 })
      const key = wallRedisKeys(opts.queuePrefix).version
      let stored: number | null = null
      // the last publication after the load: wait until the clients stand where Redis does
      for (let i = 0; i < 40; i++) {
        stored = Number(await redis.get(key).catch(() => null)) || null
        if (stored !== null && clients.every((c) => c.version === stored)) break
        await sleep(250)
      }
      await redis.quit().catch(() => {})
      for (const c of clients) c.socket.close()
      const stalenessSeconds = phaseStarts.map((start, i) => {
        const end = Math.min(phaseStarts[i + 1] ?? loadEnd, loadEnd)
        return Math.max(0, ...clients.map((c) => longestGap(c.updates, start, end))) / 1000
      })
      return {
        clients: clients.length,
        storedVersion: stored,
        clientVersions: clients.map((c) => c.version),
        consistent: stored !== null && clients.every((c) => c.version === stored),
        reconnects: clients.reduce((n, c) => n + c.reconnects, 0),
        resyncs: clients.reduce((n, c) => n + c.resyncs, 0),
        stalenessSeconds,
      }
    },
  }
}

/**
 * socket.io on the fastify HTTP server, shared between server instances through
 * `@socket.io/redis-adapter` (on a Redis Cluster its sharded adapter, infra/redis.ts); workers publish into the same rooms with `@socket.io/redis-emitter`
 * (`workers/emit.ts`) under the same channel key (`socketChannelKey(QUEUE_PREFIX)`).
 *
 * Handshake: the same session cookie as HTTP (`app.auth.authenticateHandshake`); without a session
 * the socket connects anonymously and may join `public` only (other rooms answer `UNAUTHENTICATED`).
 * A user is put into `user:<userId>` and the server-only room `session:<sessionId>` at once; other
 * rooms are joined with `room/join`, checked against the room policy (`mayJoinRoom`: `FORBIDDEN`).
 * Features add their handlers through `app.realtime.onConnection`.
 *
 * Sessions end on live sockets too: logout, a password change or reset and changes to an account
 * (`endSessions`, `refreshUser`) disconnect the sockets concerned on every instance at once; every
 * `socketSessionCheckSeconds` each instance re-checks the sessions of its own sockets (expiry, idle
 * timeout, a deleted row, roles or scope changed) and disconnects those that ended or changed. The
 * client reconnects and authenticates afresh. The same check refreshes the idle timer of sessions
 * watching the wall (`wallSessionKeepalive`), so an unattended wall is not signed out while live.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Server, type Socket as IoSocket } from 'socket.io'
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter'
import type { Redis } from 'ioredis'
import { connectRedis, isCluster, shardedChannelPrefix, type RedisClient } from '../../../infra/redis.ts'
import { TOPICS, socketChannelKey, type RoomJoinAck } from '../../../domain/realtime/topics.ts'
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../../domain/realtime/socketEvents.ts'
import { mayJoinRoom, ROOM_POLICIES, roomPattern } from '../app/policy.ts'
import { grantUnchanged, type UserPrincipal } from '../../auth/session.ts'

export interface SocketData {
  /** The signed-in user, or null for an anonymous (public-room-only) client. */
  user: UserPrincipal | null
}

/** A connected client, typed by the socket contract (domain/realtime/socketEvents.ts). */
export type Socket = IoSocket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
export type AppSocket = Socket
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

export interface Realtime {
  io: AppServer
  /**
   * Registers a handler run for every new connection after authentication (features add their
   * own events here, e.g. the wall's snapshot request).
   */
  onConnection(handler: (socket: Socket) => void): void
  /** Called after a socket joined a room through `room/join` (e.g. to send the wall's snapshot). */
  onJoin(handler: (socket: Socket, room: string) => void | Promise<void>): void
  /** Disconnects, on every server instance, the sockets of these sessions (they ended: logout, password change). */
  endSessions(sessionIds: readonly string[]): void
  /**
   * Disconnects, on every server instance, the sockets of a user whose account changed (roles,
   * scope, deactivated): they reconnect and authenticate with what the account is now.
   */
  refreshUser(userId: string): void
  /**
   * Re-checks the sessions of this instance's sockets now (also run every `socketSessionCheckSeconds`):
   * disconnects those whose session ended or whose roles or scope changed, refreshes the idle timer
   * of sessions watching the wall (`wallSessionKeepalive`).
   */
  recheckSessions(): Promise<SessionCheck>
}

/** What one re-check did: sockets checked, disconnected, and sessions kept alive (a live wall). */
export interface SessionCheck {
  checked: number
  disconnected: number
  kept: number
}

/** The server-only room of the sockets authenticated by one session (never joinable by clients). */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime
  }
}

async function quitWithin(client: RedisClient, ms: number): Promise<void> {
  if (client.status === 'end') return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([client.quit().catch(() => 'closed'), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
  client.disconnect()
}

/** The handshake: the session cookie gives the socket its user (or null: anonymous). */
function authenticateSockets(app: FastifyInstance, io: AppServer): void {
  io.use((socket, next) => {
    app.auth
      .authenticateHandshake(socket.handshake.headers.cookie)
      .then((user) => {
        ;(socket.data as SocketData).user = user
        next()
      })
      .catch((err: unknown) => {
        app.log.warn({ err: (err as Error).message }, 'socket.io handshake failed')
        next(new Error('unavailable'))
      })
  })
}

type JoinHandler = (socket: Socket, room: string) => void | Promise<void>

/** `room/join` (checked against the room policy, then the join handlers run) and `room/leave`. */
function handleRoomRequests(app: FastifyInstance, socket: Socket, joinHandlers: readonly JoinHandler[]): void {
  socket.on(TOPICS.roomJoin, (req: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (a: RoomJoinAck) => void) : () => {}
    const room = typeof req === 'object' && req !== null && typeof (req as { room?: unknown }).room === 'string' ? (req as { room: string }).room : ''
    const pattern = roomPattern(room)
    if (pattern === null) return reply({ ok: false, room, code: 'UNKNOWN_ROOM' })
    // no session (expired, revoked, never signed in): the client should sign in, not give up
    if (ROOM_POLICIES[pattern] !== 'public' && !(socket.data as SocketData).user) return reply({ ok: false, room, code: 'UNAUTHENTICATED' })
    const check = async (): Promise<boolean> => {
      const current = (socket.data as SocketData).user
      if (!room.startsWith('dept:') || !current) return mayJoinRoom(current, room)
      return mayJoinRoom(current, room, new Set(await app.auth.visibleDepartments(current.userId)))
    }
    check()
      .then(async (ok) => {
        if (!ok) return reply({ ok: false, room, code: 'FORBIDDEN' })
        await socket.join(room)
        reply({ ok: true, room })
        for (const h of joinHandlers) await h(socket, room)
      })
      .catch((err: unknown) => {
        app.log.warn({ err: (err as Error).message, room }, 'room join failed')
        reply({ ok: false, room, code: 'FORBIDDEN' })
      })
  })
  socket.on(TOPICS.roomLeave, (req: unknown, ack: unknown) => {
    const room = typeof req === 'object' && req !== null && typeof (req as { room?: unknown }).room === 'string' ? (req as { room: string }).room : ''
    if (room.startsWith('user:') || room.startsWith('session:')) return typeof ack === 'function' && ack({ ok: false, room, code: 'FORBIDDEN' })
    void socket.leave(room)
    if (typeof ack === 'function') ack({ ok: true, room })
  })
}

/**
 * The periodic re-check of this instance's sockets' sessions (every `socketSessionCheckSeconds`,
 * or on demand; one at a time): disconnects sockets whose session ended or changed, and keeps
 * alive the sessions watching the wall.
 */
function sessionChecker(app: FastifyInstance, io: AppServer): { recheckSessions: () => Promise<SessionCheck>; timer: NodeJS.Timeout | undefined } {
  const { socketSessionCheckSeconds, wallSessionKeepalive } = app.auth.config
  const keepsAlive = (socket: Socket, user: UserPrincipal): boolean =>
    socket.rooms.has('wall') && (wallSessionKeepalive === 'all' || (wallSessionKeepalive === 'display' && user.roles.includes('display')))

  let checking: Promise<SessionCheck> | null = null
  const recheck = async (): Promise<SessionCheck> => {
    const sockets: { socket: Socket; user: UserPrincipal }[] = []
    for (const socket of io.of('/').sockets.values()) {
      const user = (socket.data as SocketData).user
      if (user) sockets.push({ socket, user })
    }
    if (sockets.length === 0) return { checked: 0, disconnected: 0, kept: 0 }
    const ids = new Set(sockets.map((s) => s.user.sessionId))
    const touch = new Set(sockets.filter((s) => keepsAlive(s.socket, s.user)).map((s) => s.user.sessionId))
    const grants = await app.auth.checkSessions([...ids], [...touch])
    let disconnected = 0
    for (const { socket, user } of sockets) {
      const grant = grants.get(user.sessionId)
      if (grant && grantUnchanged(user, grant)) continue
      socket.disconnect(true)
      disconnected++
    }
    return { checked: sockets.length, disconnected, kept: [...touch].filter((id) => grants.has(id)).length }
  }
  const recheckSessions = (): Promise<SessionCheck> => {
    checking ??= recheck().finally(() => {
      checking = null
    })
    return checking
  }
  const timer =
    socketSessionCheckSeconds > 0
      ? setInterval(() => {
          recheckSessions().catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'socket session check failed; sockets kept until the next one'))
        }, socketSessionCheckSeconds * 1000)
      : undefined
  timer?.unref()
  return { recheckSessions, timer }
}

export default fp<{ redisUrl: string; prefix: string }>(
  async (app, opts) => {
    // on a Redis Cluster: sharded pub/sub (Redis 7), a channel per room spread over the shards
    const pub = connectRedis(opts.redisUrl, { maxRetriesPerRequest: null })
    const sub = isCluster(pub) ? connectRedis(opts.redisUrl, { maxRetriesPerRequest: null, shardedSubscribers: true }) : pub.duplicate()
    pub.on('error', (err) => app.log.warn({ err: err.message }, 'socket.io redis (pub) error'))
    sub.on('error', (err) => app.log.warn({ err: err.message }, 'socket.io redis (sub) error'))

    const io: AppServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(app.server, {
      path: '/socket.io',
      serveClient: false,
      // websocket first; polling stays available for proxies that block upgrades (then sticky sessions are needed)
      transports: ['websocket', 'polling'],
      adapter: isCluster(pub) ? createShardedAdapter(pub, sub, { channelPrefix: shardedChannelPrefix(opts.prefix) }) : createAdapter(pub as Redis, sub as Redis, { key: socketChannelKey(opts.prefix) }),
      pingInterval: 20_000,
      pingTimeout: 20_000,
    })

    const connectionHandlers: ((socket: Socket) => void)[] = []
    const joinHandlers: JoinHandler[] = []

    authenticateSockets(app, io)

    io.on('connection', (socket) => {
      const user = (socket.data as SocketData).user
      if (user) void socket.join([`user:${user.userId}`, sessionRoom(user.sessionId)])

      handleRoomRequests(app, socket, joinHandlers)
      for (const h of connectionHandlers) h(socket)
    })

    const { recheckSessions, timer } = sessionChecker(app, io)

    app.decorate('realtime', {
      io,
      onConnection: (h) => void connectionHandlers.push(h),
      onJoin: (h) => void joinHandlers.push(h),
      endSessions(sessionIds) {
        if (sessionIds.length > 0) io.in(sessionIds.map(sessionRoom)).disconnectSockets(true)
      },
      refreshUser(userId) {
        io.in(`user:${userId}`).disconnectSockets(true)
      },
      recheckSessions,
    } satisfies Realtime)

    // Upgraded websocket connections keep the HTTP server open: close them before fastify waits for
    // the server to close (onClose runs only after that), or close() hangs until they time out.
    app.addHook('preClose', async () => {
      clearInterval(timer)
      io.disconnectSockets(true)
      io.engine.close()
    })
    app.addHook('onClose', async () => {
      io.disconnectSockets(true)
      await new Promise<void>((resolve) => io.close(() => resolve()))
      // QUIT after the adapter's pending (un)subscribe commands have been answered — a bare
      // disconnect would reject them unhandled; a Redis that does not answer is cut off after 1 s.
      await Promise.all([pub, sub].map((c) => quitWithin(c, 1000)))
    })
  },
  { name: 'realtime', dependencies: ['policy'] },
)

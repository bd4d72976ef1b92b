/**
 * The wall's live data: one socket.io connection (websocket), room `wall`, a versioned snapshot
 * then deltas (domain/realtime/wall.ts). A gap in versions, a version going backwards (publisher
 * restarted) or a reconnect asks for a fresh snapshot (`wall/resync`); while the socket is down the
 * snapshot is read over HTTP (`GET /api/v1/wall/snapshot`) every `fallbackIntervalMs`.
 *
 * Sessions: the server answers a join without a session (expired, revoked) with `UNAUTHENTICATED`,
 * refuses a handshake with `unauthenticated`, or the HTTP fallback gets 401 — then `connection`
 * becomes `'unauthenticated'` and everything stops (the page sends the user to sign in). A join
 * refused with `FORBIDDEN` or a 403 (signed in, but not allowed to watch) is `'forbidden'`: no
 * retries from here; the server disconnects the socket when the account changes. When the server
 * itself disconnects the socket (a revoked session, a changed account, a restart) or refuses the
 * handshake for another reason, it reconnects after `reconnectDelayMs` (socket.io-client does not
 * by itself). Network errors and 5xx are never a sign-out: they keep retrying.
 *
 * What a snapshot or delta does to the state is `reduceWall` (domain/realtime/reduceWall.ts, the
 * one rule the load driver and the tests run too): stale and duplicate deltas are ignored, a gap
 * (or a delta before any snapshot) asks for a resync, another jurisdiction's deltas and unknown
 * schema versions are ignored, older schema versions are upgraded.
 *
 * Each panel is a `shallowRef` replaced at most once per `minPanelIntervalMs` (default 250 ms, the
 * publisher's default interval, so it adds no wait of its own; ≤ 4 updates/s per panel however fast
 * deltas arrive; the rule is panelThrottle.ts, the timers wallPanelView.ts); the ticker keeps at
 * most `tickerLimit` lines.
 *
 *   const wall = useWallSocket()
 *   wall.tiles.value?.receivedToday
 */
import { shallowRef, type ShallowRef } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'
import { io } from 'socket.io-client'
import { ApiError, apiFetch } from '../api/client.ts'
import { TOPICS } from '../../../domain/realtime/topics.ts'
import { reduceWall, type WallMessage } from '../../../domain/realtime/reduceWall.ts'
import { WALL_PANEL_MIN_INTERVAL_MS, WALL_TICKER_LIMIT, type WallPanelName, type WallPanels, type WallSnapshot } from '../../../domain/realtime/wall.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../domain/realtime/socketEvents.ts'
import { createWallPanelView, type WallPanelView } from './wallPanelView.ts'
import { createWallJoin } from './wallJoin.ts'
import { createWallFallback, createWallResync, createTimer, type Timer, type WallResync } from './wallTimers.ts'

/**
 * The part of a socket.io-client `Socket` the composable uses (a fake in tests), typed by the
 * socket contract (domain/realtime/socketEvents.ts) where it matters: what it sends.
 */
export interface WallSocketLike {
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener?: (...args: never[]) => void): unknown
  emit<E extends keyof ClientToServerEvents>(event: E, ...args: Parameters<ClientToServerEvents[E]>): unknown
  connect(): unknown
  disconnect(): unknown
  readonly connected: boolean
  /** socket.io-client: false once it will not reconnect by itself (server disconnect, refused handshake). */
  readonly active?: boolean
}

/**
 * `unauthenticated`: no (longer a) session — sign in again; `forbidden`: signed in, but the account
 * may not watch the wall.
 */
export type WallConnection = 'connecting' | 'live' | 'offline' | 'unauthenticated' | 'forbidden'

export interface UseWallSocketOptions {
  /**
   * Makes the socket (not yet connected). Called once.
   * @default () => io({ transports: ['websocket'], autoConnect: false, reconnectionDelayMax: 10_000 })
   */
  socketFactory?: () => WallSocketLike
  /**
   * Reads a snapshot over HTTP (fallback while the socket is down). Null: no fallback.
   * @default GET /api/v1/wall/snapshot
   */
  fetchSnapshot?: ((signal: AbortSignal) => Promise<WallSnapshot>) | null
  /** @default WALL_PANEL_MIN_INTERVAL_MS (250: at most 4 renders per second per panel, the publisher's default rate) */
  minPanelIntervalMs?: number
  /** @default WALL_TICKER_LIMIT */
  tickerLimit?: number
  /** How long to wait for a join/resync acknowledgement or snapshot before asking again. @default 10_000 */
  ackTimeoutMs?: number
  /** While disconnected, how often to read the snapshot over HTTP. @default 15_000 */
  fallbackIntervalMs?: number
  /** After the server disconnected the socket or refused its handshake, wait this long before connecting again. @default 1000 */
  reconnectDelayMs?: number
  /** @default Date.now */
  now?: () => number
}

type PanelRefs = { [K in WallPanelName]: Readonly<ShallowRef<WallPanels[K] | null>> }

export interface UseWallSocketReturn extends PanelRefs {
  /** Version of the data last received (applied to the state; panels may lag ≤ minPanelIntervalMs). */
  version: Readonly<ShallowRef<number | null>>
  /** Client time (ms) of the last snapshot or delta received; null before the first. */
  lastUpdateAt: Readonly<ShallowRef<number | null>>
  connection: Readonly<ShallowRef<WallConnection>>
  /** How many snapshots were asked for after a gap / reconnect (diagnostics). */
  resyncs: Readonly<ShallowRef<number>>
  /** Ask for a fresh snapshot now. */
  resync(): void
  /** Close the socket and stop every timer (also on scope dispose). */
  close(): void
}

type ClientSocket = import('socket.io-client').Socket<ServerToClientEvents, ClientToServerEvents>

const defaultFactory = (): WallSocketLike =>
  io({ transports: ['websocket'], autoConnect: false, reconnectionDelay: 1000, reconnectionDelayMax: 10_000 }) as ClientSocket as unknown as WallSocketLike

const defaultFetchSnapshot = (signal: AbortSignal): Promise<WallSnapshot> => apiFetch<WallSnapshot>('/api/v1/wall/snapshot', { signal })

/** Why the HTTP fallback failed: signed out (401), not allowed (403), or null — anything else (network down, 5xx, aborted): try again later. */
function fallbackRefusal(err: unknown): 'unauthenticated' | 'forbidden' | null {
  const status = err instanceof ApiError ? err.status : null
  return status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : null
}

/** Folds a snapshot or a delta into the state (reduceWall) and shows what changed. */
function createWallReceiver(o: {
  tickerLimit: number
  closed: () => boolean
  resync: () => WallResync
  show: (state: WallSnapshot, changed: Parameters<WallPanelView['show']>[1]) => void
}): (message: WallMessage) => void {
  let state: WallSnapshot | null = null
  return (message) => {
    if (o.closed()) return
    const resync = o.resync()
    if (message.kind === 'delta' && resync.pending) return // the snapshot on its way supersedes it
    const step = reduceWall(state, message, { tickerLimit: o.tickerLimit })
    if (step.resync) return void resync.request()
    if (step.outcome !== 'snapshot' && step.outcome !== 'applied') return
    if (step.outcome === 'snapshot') resync.clear()
    state = step.state
    o.show(state!, step.changed)
  }
}

/**
 * `disconnect` and `connect_error`: offline (the HTTP fallback starts), signed out when the
 * handshake says so, and connect again where socket.io-client will not by itself (the server
 * disconnected us, or its middleware refused the handshake) — a fresh handshake, with the current cookie.
 */
function connectionLossHandlers(o: {
  socket: WallSocketLike
  reconnectDelayMs: number
  stopped: () => boolean
  connection: ShallowRef<WallConnection>
  signedOut: () => void
  /** Disconnected: stop waiting for answers on the old connection. */
  onDisconnected: () => void
  /** Disconnected or refused: read the snapshot over HTTP meanwhile. */
  onOffline: () => void
}): { onDisconnect: (reason?: string) => void; onConnectError: (err?: { message?: unknown }) => void; reconnect: Timer } {
  const reconnect = createTimer()
  const scheduleReconnect = () => {
    if (o.stopped() || reconnect.armed) return
    reconnect.start(() => {
      if (!o.stopped() && !o.socket.connected) o.socket.connect()
    }, o.reconnectDelayMs)
  }
  const onDisconnect = (reason?: string) => {
    if (o.stopped()) return
    o.connection.value = 'offline'
    o.onDisconnected()
    o.onOffline()
    if (reason === 'io server disconnect') scheduleReconnect()
  }
  const onConnectError = (err?: { message?: unknown }) => {
    if (o.stopped()) return
    if (err?.message === 'unauthenticated') return o.signedOut()
    if (o.connection.value !== 'forbidden') o.connection.value = 'offline'
    o.onOffline()
    // refused by the server's middleware (not a network error): socket.io-client will not retry
    if (o.socket.active === false) scheduleReconnect()
  }
  return { onDisconnect, onConnectError, reconnect }
}

export function useWallSocket(options: UseWallSocketOptions = {}): UseWallSocketReturn {
  const { socketFactory = defaultFactory, fetchSnapshot = defaultFetchSnapshot, tickerLimit = WALL_TICKER_LIMIT, ackTimeoutMs = 10_000, now = Date.now } = options
  const view = createWallPanelView({ minPanelIntervalMs: options.minPanelIntervalMs ?? WALL_PANEL_MIN_INTERVAL_MS, now })
  const version = shallowRef<number | null>(null)
  const lastUpdateAt = shallowRef<number | null>(null)
  const connection = shallowRef<WallConnection>('connecting')
  const resyncs = shallowRef(0)
  let closed = false
  /** Signed out: nothing retries any more (the page goes to sign-in). */
  let halted = false

  const socket = socketFactory()
  const resync = createWallResync({ socket, ackTimeoutMs, onRequest: () => resyncs.value++, onSnapshot: (s) => receive({ kind: 'snapshot', payload: s }) })
  const fallback = createWallFallback({
    fetchSnapshot,
    intervalMs: options.fallbackIntervalMs ?? 15_000,
    active: () => !closed && !halted && !socket.connected,
    onSnapshot: (s) => receive({ kind: 'snapshot', payload: s }),
    onError: (err) => {
      const refusal = fallbackRefusal(err)
      if (refusal === 'unauthenticated') signedOut()
      else if (refusal === 'forbidden' && !socket.connected) connection.value = 'forbidden'
    },
  })

  const receive = createWallReceiver({
    tickerLimit,
    closed: () => closed,
    resync: () => resync,
    show: (state, changed) => {
      version.value = state.version
      lastUpdateAt.value = now()
      view.show(state.panels, changed)
    },
  })
  const joining = createWallJoin({
    socket,
    ackTimeoutMs,
    closed: () => closed,
    onJoining: () => fallback.stop(),
    onUnauthenticated: () => signedOut(),
    onForbidden: () => void (connection.value = 'forbidden'),
    onLive: () => void (connection.value = 'live'),
    forceResync: () => resync.force(),
    hasSnapshot: () => version.value !== null,
  })

  function stopTimers() {
    resync.clear()
    joining.clear()
    fallback.stop()
    reconnect.clear()
  }

  /** The session is gone: stop everything; `connection` tells the page to send the user to sign in. */
  function signedOut() {
    if (closed || halted) return
    halted = true
    stopTimers()
    socket.disconnect()
    connection.value = 'unauthenticated'
  }

  const { onDisconnect, onConnectError, reconnect } = connectionLossHandlers({
    socket,
    reconnectDelayMs: options.reconnectDelayMs ?? 1000,
    stopped: () => closed || halted,
    connection,
    signedOut,
    onDisconnected: () => {
      resync.clear()
      joining.clear()
    },
    onOffline: () => fallback.start(),
  })

  const listeners: [string, (...a: never[]) => void][] = [
    ['connect', joining.join],
    ['disconnect', onDisconnect],
    ['connect_error', onConnectError],
    [TOPICS.wallSnapshot, (s: unknown) => receive({ kind: 'snapshot', payload: s })],
    [TOPICS.wallDelta, (d: unknown) => receive({ kind: 'delta', payload: d })],
  ]
  for (const [event, fn] of listeners) socket.on(event, fn)
  socket.connect()

  function close() {
    if (closed) return
    closed = true
    stopTimers()
    view.close()
    for (const [event, fn] of listeners) socket.off(event, fn)
    socket.disconnect()
    if (!halted) connection.value = 'offline'
  }

  tryOnScopeDispose(close)

  return { ...view.refs, version, lastUpdateAt, connection, resyncs, resync: () => void (closed || resync.force()), close }
}

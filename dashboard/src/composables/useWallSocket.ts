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
import { createWallPanelView } from './wallPanelView.ts'
import { createWallJoin } from './wallJoin.ts'
import { createWallFallback, createWallResync, createTimer } from './wallTimers.ts'

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

export function useWallSocket(options: UseWallSocketOptions = {}): UseWallSocketReturn {
  const { socketFactory = defaultFactory, fetchSnapshot = defaultFetchSnapshot, tickerLimit = WALL_TICKER_LIMIT, ackTimeoutMs = 10_000, now = Date.now } = options
  const view = createWallPanelView({ minPanelIntervalMs: options.minPanelIntervalMs ?? WALL_PANEL_MIN_INTERVAL_MS, now })
  const version = shallowRef<number | null>(null)
  const lastUpdateAt = shallowRef<number | null>(null)
  const connection = shallowRef<WallConnection>('connecting')
  const resyncs = shallowRef(0)
  let state: WallSnapshot | null = null
  let closed = false
  /** Signed out: nothing retries any more (the page goes to sign-in). */
  let halted = false

  const socket = socketFactory()
  const resync = createWallResync({ socket, ackTimeoutMs, onRequest: () => resyncs.value++, onSnapshot: (s) => receive({ kind: 'snapshot', payload: s }) })
  const reconnect = createTimer()
  const fallback = createWallFallback({
    fetchSnapshot,
    intervalMs: options.fallbackIntervalMs ?? 15_000,
    active: () => !closed && !halted && !socket.connected,
    onSnapshot: (s) => receive({ kind: 'snapshot', payload: s }),
    onError: (err) => {
      const status = err instanceof ApiError ? err.status : null
      if (status === 401) signedOut()
      else if (status === 403 && !socket.connected) connection.value = 'forbidden'
      // anything else (network down, 5xx, aborted): try again later
    },
  })

  /** Folds a snapshot or a delta into the state (reduceWall) and shows what changed. */
  function receive(message: WallMessage) {
    if (closed) return
    if (message.kind === 'delta' && resync.pending) return // the snapshot on its way supersedes it
    const step = reduceWall(state, message, { tickerLimit })
    if (step.resync) return void resync.request()
    if (step.outcome !== 'snapshot' && step.outcome !== 'applied') return
    if (step.outcome === 'snapshot') resync.clear()
    state = step.state
    version.value = state!.version
    lastUpdateAt.value = now()
    view.show(state!.panels, step.changed)
  }
  const onSnapshot = (s: unknown) => receive({ kind: 'snapshot', payload: s })
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
  const join = () => joining.join()
  const clearJoinTimers = () => joining.clear()
  const onDelta = (d: unknown) => receive({ kind: 'delta', payload: d })

  /** socket.io-client gives up after these; connect again (a fresh handshake, with the current cookie). */
  function scheduleReconnect() {
    if (closed || halted || reconnect.armed) return
    reconnect.start(() => {
      if (!closed && !halted && !socket.connected) socket.connect()
    }, options.reconnectDelayMs ?? 1000)
  }

  function stopTimers() {
    resync.clear()
    clearJoinTimers()
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

  const onDisconnect = (reason?: string) => {
    if (closed || halted) return
    connection.value = 'offline'
    resync.clear()
    clearJoinTimers()
    fallback.start()
    if (reason === 'io server disconnect') scheduleReconnect()
  }
  const onConnectError = (err?: { message?: unknown }) => {
    if (closed || halted) return
    if (err?.message === 'unauthenticated') return signedOut()
    if (connection.value !== 'forbidden') connection.value = 'offline'
    fallback.start()
    // refused by the server's middleware (not a network error): socket.io-client will not retry
    if (socket.active === false) scheduleReconnect()
  }

  const listeners: [string, (...a: never[]) => void][] = [
    ['connect', join],
    ['disconnect', onDisconnect],
    ['connect_error', onConnectError],
    [TOPICS.wallSnapshot, onSnapshot],
    [TOPICS.wallDelta, onDelta],
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

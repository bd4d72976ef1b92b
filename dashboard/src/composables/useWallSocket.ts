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
 * Each panel is a `shallowRef` replaced at most once per `minPanelIntervalMs` (default 250 ms, the
 * publisher's default interval, so it adds no wait of its own; ≤ 4 updates/s per panel however fast
 * deltas arrive; the rule is panelThrottle.ts); the ticker keeps at most `tickerLimit` lines.
 *
 *   const wall = useWallSocket()
 *   wall.tiles.value?.receivedToday
 */
import { readonly, shallowRef, type ShallowRef } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'
import { io } from 'socket.io-client'
import { ApiError, apiFetch } from '../api/client.ts'
import { newPanelThrottle, panelRendered, schedulePanelRender, type PanelThrottleState } from './panelThrottle.ts'
import type { RoomJoinAck } from '../../../domain/realtime/topics.ts'
import type { WallCardItem, WallDelta, WallPanelName, WallPanels, WallSnapshot } from '../../../domain/realtime/wall.ts'

/** Mirrors `TOPICS` in domain/realtime/topics.ts (the dashboard may import only types from domain). */
export const WALL_TOPICS = {
  roomJoin: 'room/join',
  wallSnapshot: 'wall/snapshot',
  wallDelta: 'wall/delta',
  wallResync: 'wall/resync',
} as const

/** Mirrors `WALL_PANEL_MIN_INTERVAL_MS` in domain/realtime/wall.ts (checked by the test). */
export const WALL_PANEL_MIN_INTERVAL_MS = 250

/** Mirrors `WALL_TICKER_LIMIT` in domain/realtime/wall.ts (checked by the test). */
export const WALL_TICKER_LIMIT = 50

/** The part of a socket.io-client `Socket` the composable uses (a fake in tests). */
export interface WallSocketLike {
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener?: (...args: never[]) => void): unknown
  emit(event: string, ...args: unknown[]): unknown
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

const PANELS: readonly WallPanelName[] = ['tiles', 'departments', 'cards', 'trends', 'rankings']

const defaultFactory = (): WallSocketLike =>
  io({ transports: ['websocket'], autoConnect: false, reconnectionDelay: 1000, reconnectionDelayMax: 10_000 }) as unknown as WallSocketLike

const defaultFetchSnapshot = (signal: AbortSignal): Promise<WallSnapshot> => apiFetch<WallSnapshot>('/api/v1/wall/snapshot', { signal })

function isSnapshot(x: unknown): x is WallSnapshot {
  const s = x as WallSnapshot | null
  return typeof s === 'object' && s !== null && typeof s.version === 'number' && typeof s.panels === 'object' && s.panels !== null && 'tiles' in s.panels
}

/** Newest first, unique by id, at most `limit`. */
export function mergeCards(fresh: readonly WallCardItem[], old: readonly WallCardItem[], limit: number): WallCardItem[] {
  const seen = new Set<string>()
  const out: WallCardItem[] = []
  for (const c of [...fresh, ...old]) {
    if (out.length >= limit) break
    if (seen.has(c.id)) continue
    seen.add(c.id)
    out.push(c)
  }
  return out
}

export function useWallSocket(options: UseWallSocketOptions = {}): UseWallSocketReturn {
  const {
    socketFactory = defaultFactory,
    fetchSnapshot = defaultFetchSnapshot,
    minPanelIntervalMs = WALL_PANEL_MIN_INTERVAL_MS,
    tickerLimit = WALL_TICKER_LIMIT,
    ackTimeoutMs = 10_000,
    fallbackIntervalMs = 15_000,
    reconnectDelayMs = 1000,
    now = Date.now,
  } = options

  const refs = {
    tiles: shallowRef<WallPanels['tiles'] | null>(null),
    departments: shallowRef<WallPanels['departments'] | null>(null),
    cards: shallowRef<WallPanels['cards'] | null>(null),
    trends: shallowRef<WallPanels['trends'] | null>(null),
    rankings: shallowRef<WallPanels['rankings'] | null>(null),
  }
  const version = shallowRef<number | null>(null)
  const lastUpdateAt = shallowRef<number | null>(null)
  const connection = shallowRef<WallConnection>('connecting')
  const resyncs = shallowRef(0)

  // The state as received; the refs follow it, throttled per panel.
  const state: Partial<WallPanels> = {}
  let jurisdiction: string | null = null
  const throttles: Record<WallPanelName, PanelThrottleState> = { tiles: newPanelThrottle(), departments: newPanelThrottle(), cards: newPanelThrottle(), trends: newPanelThrottle(), rankings: newPanelThrottle() }
  const panelTimers: Partial<Record<WallPanelName, ReturnType<typeof setTimeout>>> = {}

  let closed = false
  /** Signed out: nothing retries any more (the page goes to sign-in). */
  let halted = false
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let resyncTimer: ReturnType<typeof setTimeout> | undefined
  let resyncPending = false
  let fallbackTimer: ReturnType<typeof setTimeout> | undefined
  let fallbackAbort: AbortController | undefined
  let connectedOnce = false
  let joinTimer: ReturnType<typeof setTimeout> | undefined
  let firstSnapshotTimer: ReturnType<typeof setTimeout> | undefined

  function publish(name: WallPanelName) {
    const draw = () => ((refs[name] as ShallowRef<unknown>).value = state[name] ?? null)
    const t = now()
    const at = schedulePanelRender(throttles[name], t, minPanelIntervalMs)
    if (at <= t) return void draw()
    if (panelTimers[name] !== undefined) return // already scheduled: it will read the latest state
    panelTimers[name] = setTimeout(() => {
      delete panelTimers[name]
      panelRendered(throttles[name], now())
      draw()
    }, at - t)
  }

  function applySnapshot(s: WallSnapshot) {
    if (closed || !isSnapshot(s)) return
    clearResyncWait()
    jurisdiction = s.jurisdictionCode
    version.value = s.version
    lastUpdateAt.value = now()
    for (const p of PANELS) {
      const v = s.panels[p]
      if (p === 'cards') state.cards = (v as WallCardItem[]).slice(0, tickerLimit)
      else (state as Record<string, unknown>)[p] = v
      publish(p)
    }
  }

  function applyDelta(d: WallDelta) {
    if (closed || typeof d?.version !== 'number' || typeof d.panels !== 'object' || d.panels === null) return
    if (resyncPending) return // the snapshot on its way supersedes it
    if (version.value === null) return void requestResync()
    if (jurisdiction !== null && d.jurisdictionCode !== jurisdiction) return
    if (d.version === version.value) return // duplicate
    if (d.version !== version.value + 1) return void requestResync() // gap, or the publisher restarted
    version.value = d.version
    lastUpdateAt.value = now()
    for (const p of PANELS) {
      const v = d.panels[p]
      if (v === undefined) continue
      if (p === 'cards') state.cards = mergeCards(v as WallCardItem[], state.cards ?? [], tickerLimit)
      else (state as Record<string, unknown>)[p] = v
      publish(p)
    }
  }

  function clearResyncWait() {
    resyncPending = false
    if (resyncTimer !== undefined) clearTimeout(resyncTimer)
    resyncTimer = undefined
  }

  /** Ask for a snapshot; if none arrives within ackTimeoutMs (and still connected), ask again. */
  function requestResync() {
    if (closed || resyncPending) return
    if (!socket.connected) return // the next connect joins, which brings a snapshot
    resyncPending = true
    resyncs.value++
    socket.emit(WALL_TOPICS.wallResync, {}, (ack: unknown) => {
      if (isSnapshot(ack)) applySnapshot(ack)
    })
    resyncTimer = setTimeout(() => {
      resyncTimer = undefined
      resyncPending = false
      requestResync()
    }, ackTimeoutMs)
  }

  function join() {
    if (closed) return
    const reconnect = connectedOnce
    connectedOnce = true
    clearJoinTimer()
    stopFallback()
    // No acknowledgement within ackTimeoutMs: the connection is half-dead; start it again.
    joinTimer = setTimeout(() => {
      joinTimer = undefined
      if (closed) return
      socket.disconnect()
      socket.connect()
    }, ackTimeoutMs)
    socket.emit(WALL_TOPICS.roomJoin, { room: 'wall' }, (ack: RoomJoinAck) => {
      if (closed) return
      clearJoinTimer()
      if (!ack || ack.ok !== true) {
        if (ack?.code === 'UNAUTHENTICATED') return signedOut()
        // signed in but not allowed: say so and wait (no loop); an account change disconnects us
        connection.value = 'forbidden'
        return
      }
      connection.value = 'live'
      // The server sends a snapshot on join. After a reconnect ask for one explicitly as well
      // (deltas were missed meanwhile); on the first join ask only if none has come shortly.
      if (reconnect) return void forceResync()
      firstSnapshotTimer = setTimeout(() => {
        firstSnapshotTimer = undefined
        if (version.value === null) forceResync()
      }, Math.min(2000, ackTimeoutMs))
    })
  }

  function clearJoinTimer() {
    if (joinTimer !== undefined) clearTimeout(joinTimer)
    joinTimer = undefined
    if (firstSnapshotTimer !== undefined) clearTimeout(firstSnapshotTimer)
    firstSnapshotTimer = undefined
  }

  function forceResync() {
    clearResyncWait()
    requestResync()
  }

  function startFallback() {
    if (closed || halted || fetchSnapshot === null || fallbackTimer !== undefined) return
    fallbackTimer = setTimeout(async () => {
      fallbackTimer = undefined
      if (closed || socket.connected) return
      fallbackAbort = new AbortController()
      try {
        const s = await fetchSnapshot(fallbackAbort.signal)
        if (!socket.connected) applySnapshot(s)
      } catch (err) {
        const status = err instanceof ApiError ? err.status : null
        if (status === 401) return signedOut()
        if (status === 403 && !socket.connected) connection.value = 'forbidden'
        // anything else (network down, 5xx, aborted): try again later
      } finally {
        fallbackAbort = undefined
      }
      if (!closed && !halted && !socket.connected) startFallback()
    }, fallbackIntervalMs)
  }

  function stopFallback() {
    if (fallbackTimer !== undefined) clearTimeout(fallbackTimer)
    fallbackTimer = undefined
    fallbackAbort?.abort()
    fallbackAbort = undefined
  }

  /** socket.io-client gives up after these; connect again (a fresh handshake, with the current cookie). */
  function scheduleReconnect() {
    if (closed || halted || reconnectTimer !== undefined) return
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined
      if (!closed && !halted && !socket.connected) socket.connect()
    }, reconnectDelayMs)
  }

  function clearReconnect() {
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer)
    reconnectTimer = undefined
  }

  /** The session is gone: stop everything; `connection` tells the page to send the user to sign in. */
  function signedOut() {
    if (closed || halted) return
    halted = true
    clearResyncWait()
    clearJoinTimer()
    stopFallback()
    clearReconnect()
    socket.disconnect()
    connection.value = 'unauthenticated'
  }

  const onDisconnect = (reason?: string) => {
    if (closed || halted) return
    connection.value = 'offline'
    clearResyncWait()
    clearJoinTimer()
    startFallback()
    if (reason === 'io server disconnect') scheduleReconnect()
  }
  const onConnectError = (err?: { message?: unknown }) => {
    if (closed || halted) return
    if (err?.message === 'unauthenticated') return signedOut()
    if (connection.value !== 'forbidden') connection.value = 'offline'
    startFallback()
    // refused by the server's middleware (not a network error): socket.io-client will not retry
    if (socket.active === false) scheduleReconnect()
  }

  const socket = socketFactory()
  socket.on('connect', join)
  socket.on('disconnect', onDisconnect)
  socket.on('connect_error', onConnectError)
  socket.on(WALL_TOPICS.wallSnapshot, applySnapshot as (...a: never[]) => void)
  socket.on(WALL_TOPICS.wallDelta, applyDelta as (...a: never[]) => void)
  socket.connect()

  function close() {
    if (closed) return
    closed = true
    clearResyncWait()
    clearJoinTimer()
    stopFallback()
    clearReconnect()
    for (const p of PANELS) {
      const t = panelTimers[p]
      if (t !== undefined) clearTimeout(t)
      delete panelTimers[p]
    }
    socket.off('connect', join)
    socket.off('disconnect', onDisconnect)
    socket.off('connect_error', onConnectError)
    socket.off(WALL_TOPICS.wallSnapshot, applySnapshot as (...a: never[]) => void)
    socket.off(WALL_TOPICS.wallDelta, applyDelta as (...a: never[]) => void)
    socket.disconnect()
    if (!halted) connection.value = 'offline'
  }

  tryOnScopeDispose(close)

  return {
    tiles: refs.tiles,
    departments: refs.departments,
    cards: refs.cards,
    trends: refs.trends,
    rankings: refs.rankings,
    version,
    lastUpdateAt,
    connection,
    resyncs,
    resync: forceResync,
    close,
  }
}

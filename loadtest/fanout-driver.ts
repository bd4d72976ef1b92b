/**
 * The Node driver of the fan-out scenario (what `npm run bench:fanout` runs; `fanout.k6.js` is
 * the same scenario for k6): many socket.io wall clients signed in with one display session,
 * each joining room `wall` and folding the deltas it receives, plus latency bookkeeping.
 *
 * Latency of an event = receipt time of the first delta whose `tiles.receivedToday` covers it −
 * the time its batch was sent to ingest (every event of the scenario is the `submitted` event of
 * a new case, so the n-th event sent is reflected once receivedToday ≥ start + n).
 *
 * Painted latency (optional): when the page would draw it. The wall page re-renders a panel at most
 * once per `WALL_PANEL_MIN_INTERVAL_MS`; the page's own rule (dashboard/src/composables/panelThrottle.ts,
 * pure) is replayed on the receipt times.
 */
import { io as connect, type Socket as IoSocket } from 'socket.io-client'
import { TOPICS } from '../domain/realtime/topics.ts'
import type { WallDelta, WallSnapshot } from '../domain/realtime/wall.ts'
import type { InAppNotification } from '../domain/realtime/notification.ts'
import { reduceWall } from '../domain/realtime/reduceWall.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../domain/realtime/socketEvents.ts'

type Socket = IoSocket<ServerToClientEvents, ClientToServerEvents>
import { newPanelThrottle, schedulePanelRender } from '../dashboard/src/composables/panelThrottle.ts'

/** Millisecond histogram: constant memory however many samples. */
export class LatencyHistogram {
  private readonly counts: Uint32Array
  private over = 0
  n = 0
  private readonly maxMs: number
  constructor(maxMs = 60_000) {
    this.maxMs = maxMs
    this.counts = new Uint32Array(maxMs + 1)
  }
  add(ms: number, times = 1): void {
    const i = Math.max(0, Math.round(ms))
    if (i > this.maxMs) this.over += times
    else this.counts[i]! += times
    this.n += times
  }
  /** Nearest-rank percentile in ms (p in [0, 100]); samples above maxMs count as maxMs. */
  percentile(p: number): number {
    if (this.n === 0) return NaN
    const rank = Math.max(1, Math.ceil((p / 100) * this.n))
    let seen = 0
    for (let i = 0; i <= this.maxMs; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return i
    }
    return this.maxMs
  }
}

export interface WallClient {
  socket: Socket
  /** The snapshot received on join. */
  snapshot: WallSnapshot
  /** The client's state: the snapshot with every delta folded in by the page's reducer (`reduceWall`). */
  state: WallSnapshot
  /** The version of the state. */
  version: number
  /** receivedToday as of the last delta seen (the latency bookkeeping's, from measureDeltas). */
  received: number
  /** receivedToday of the client's own state (snapshot and every delta applied). */
  receivedNow: number
  deltas: number
  /** Deltas that skipped a version (the page would resync; the driver counts it and folds on from it). */
  gaps: number
  /** Deltas already contained in the state (overtook the snapshot on join): stale or duplicate. */
  stale: number
  /** Deltas that arrived after joining but before the join's snapshot (folded in after it). */
  beforeSnapshot: number
}

export interface SendLog {
  /** Cumulative number of events sent after each batch, and when that batch was sent (ms, performance.now()). */
  cumulative: number[]
  sentAt: number[]
  /** When each batch's 202 came back (filled as the answers arrive; optional). */
  acceptedAt?: number[]
}

/** Opens `n` wall clients (websocket only), `concurrency` handshakes at a time. */
export async function openWallClients(base: string, cookie: string, n: number, concurrency = 50): Promise<WallClient[]> {
  const out: WallClient[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++
        const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
        // deltas can reach the client before the join's snapshot (the server joins the room, then
        // reads the snapshot): keep them and fold them in after it, as the page does with a resync
        const early: WallDelta[] = []
        let client: WallClient | null = null
        const onDelta = (d: WallDelta) => {
          if (!client) return void early.push(d)
          // the page's own rule (reduceWall)
          const step = reduceWall(client.state, { kind: 'delta', payload: d })
          if (step.outcome === 'stale' || step.outcome === 'duplicate') return void client.stale++
          if (step.outcome === 'gap') {
            // a page would resync here; the driver counts the gap and takes the delta's panels as a
            // resync would bring them (the version and the panels it carries)
            client.gaps++
            client.state = { ...client.state, version: d.version, at: d.at, panels: { ...client.state.panels, ...d.panels } }
          } else if (step.outcome === 'applied') client.state = step.state!
          else return
          client.version = client.state.version
          client.deltas++
          client.receivedNow = client.state.panels.tiles.receivedToday
        }
        socket.on(TOPICS.wallDelta, onDelta)
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve())
          socket.once('connect_error', reject)
        })
        const snap = new Promise<WallSnapshot>((resolve) => socket.once(TOPICS.wallSnapshot, resolve))
        const ack = await socket.emitWithAck(TOPICS.roomJoin, { room: 'wall' })
        if (!ack.ok) throw new Error(`join wall refused: ${ack.code}`)
        const snapshot = await snap
        client = { socket, snapshot, state: snapshot, version: snapshot.version, received: snapshot.panels.tiles.receivedToday, receivedNow: snapshot.panels.tiles.receivedToday, deltas: 0, gaps: 0, stale: 0, beforeSnapshot: early.length }
        for (const d of early.splice(0)) onDelta(d)
        out.push(client)
      }
    }),
  )
  return out
}

/**
 * Records, for every client, the latency of each event a delta newly reflects. `base` is
 * receivedToday before the first event of the scenario was sent; `log` is filled by the sender.
 * Returns a stop function.
 */
export function measureDeltas(
  clients: WallClient[],
  base: number,
  log: SendLog,
  hist: LatencyHistogram,
  more: {
    /** When the page would draw it (its render rule replayed). */
    painted?: { hist: LatencyHistogram; minPanelIntervalMs: number }
    /** From the batch's acceptance (its 202) instead of its send; filled on stop (a receipt may precede the driver's sight of the 202: 0). */
    fromAccepted?: LatencyHistogram
  } = {},
): () => void {
  const { painted, fromAccepted } = more
  const reflected: number[] = [] // (batch, count, receipt time) triples, for fromAccepted
  // batchOf(k): the batch that sent the k-th event (1-based), -1 when not sent yet
  const batchOf = (k: number): number => {
    let lo = 0
    let hi = log.cumulative.length - 1
    if (hi < 0 || log.cumulative[hi]! < k) return -1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (log.cumulative[mid]! >= k) hi = mid
      else lo = mid + 1
    }
    return lo
  }
  const handlers = clients.map((c) => {
    const throttle = newPanelThrottle()
    const h = (d: WallDelta) => {
      const t = performance.now()
      const now = d.panels.tiles?.receivedToday
      if (now === undefined) return
      const drawnAt = painted ? schedulePanelRender(throttle, t, painted.minPanelIntervalMs) : t
      if (now <= c.received) return
      // events (c.received - base, now - base] are newly reflected; group them by batch
      let k = Math.max(c.received - base, 0) + 1
      const last = now - base
      while (k <= last) {
        const i = batchOf(k)
        if (i < 0) break
        const batchEnd = Math.min(last, log.cumulative[i]!)
        hist.add(t - log.sentAt[i]!, batchEnd - k + 1)
        painted?.hist.add(drawnAt - log.sentAt[i]!, batchEnd - k + 1)
        if (fromAccepted) reflected.push(i, batchEnd - k + 1, t)
        k = batchEnd + 1
      }
      c.received = now
    }
    c.socket.on(TOPICS.wallDelta, h)
    return h
  })
  return () => {
    clients.forEach((c, i) => c.socket.off(TOPICS.wallDelta, handlers[i]))
    for (let j = 0; fromAccepted && j < reflected.length; j += 3) {
      const at = log.acceptedAt?.[reflected[j]!]
      if (at !== undefined) fromAccepted.add(Math.max(0, reflected[j + 2]! - at), reflected[j + 1]!)
    }
  }
}

/**
 * A leader's phone as /m connects (dashboard/src/features/mobile/useMobileLive.ts): one socket with
 * the leader's session (the server puts it in `user:<id>`), joining room `mobile`. It counts the
 * `mobile/refresh` signals and the in-app notifications it receives.
 */
export interface MobileClient {
  socket: Socket
  refreshes: number
  notifications: number
}

/** Opens `n` mobile clients, spread over the leaders' session cookies in turn, `concurrency` handshakes at a time. */
export async function openMobileClients(base: string, cookies: readonly string[], n: number, concurrency = 50): Promise<MobileClient[]> {
  const out: MobileClient[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const cookie = cookies[next % cookies.length]!
        next++
        const socket: Socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
        const client: MobileClient = { socket, refreshes: 0, notifications: 0 }
        socket.on(TOPICS.mobileRefresh, () => void client.refreshes++)
        socket.on(TOPICS.notificationNew, () => void client.notifications++)
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve())
          socket.once('connect_error', reject)
        })
        const ack = await socket.emitWithAck(TOPICS.roomJoin, { room: 'mobile' })
        if (!ack.ok) throw new Error(`join mobile refused: ${ack.code}`)
        out.push(client)
      }
    }),
  )
  return out
}

/**
 * Event → phone screen: the latency from the send of the batch holding a red case's events to
 * each phone's receipt of the in-app notification for that case (`notification/new`, subjectNo =
 * the case; /m's inbox draws the item from this payload, no re-read). `sentAt` maps a case number
 * to that send time (filled by the sender). Returns a stop function.
 */
export function measureMobile(clients: MobileClient[], sentAt: ReadonlyMap<string, number>, hist: LatencyHistogram): () => void {
  const handlers = clients.map((c) => {
    const h = (n: InAppNotification) => {
      const t = sentAt.get(n.subjectNo)
      if (t !== undefined && n.event === 'card.issued') hist.add(performance.now() - t)
    }
    c.socket.on(TOPICS.notificationNew, h)
    return h
  })
  return () => clients.forEach((c, i) => c.socket.off(TOPICS.notificationNew, handlers[i]))
}

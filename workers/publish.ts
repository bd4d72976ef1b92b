/**
 * The wall's publisher: notices changes (a `wall_changed` NOTIFY from every statement that writes
 * cases, petitions or cards — projection, sweep, recompute, manual cards; migration 060), reads
 * the panels set-based (sql/wall.ts), diffs them against the current snapshot kept in Redis
 * (domain/realtime/diffWallPanels.ts) and publishes the changed panels as one `WallDelta` to room
 * `wall` through the socket.io emitter. Coalesced (domain/realtime/planWallPublish.ts): at most
 * one publication per `minIntervalMs` (250 ms → ≤ 4 pushes/s, `WALL_MIN_INTERVAL_MS`)
 * across ALL worker processes, however many events arrive. The read starts early by the expected read time and the
 * publication waits for the end of the interval, so pushes keep their spacing and the data is
 * as fresh as possible.
 *
 * Hot and slow panels: each cycle reads tiles, departments and cards. Trends and rankings (the
 * costly reads) are refreshed in the background at most every `slowPanelsMs` per deployment (a
 * Redis lock that simply expires), and the newest result — by read time, kept beside the snapshot
 * in Redis — goes into the next publication. Until then the stored snapshot's are carried over.
 *
 * Several worker processes: each listens; a short Redis lock lets one of them read and publish at
 * a time; the new snapshot, its version (the stored version + 1; the clock in ms when there is
 * none, so versions never go back even if Redis loses them) and the publication time are
 * written by one compare-and-set script that refuses if the version moved meanwhile (a fence for
 * an expired lock), and the delta is emitted only after that write succeeded. So versions form one
 * gap-free sequence per deployment, and the snapshot in Redis is always the one whose version the
 * last delta carried: the server hands it to joining and resyncing clients.
 *
 * The parts, each small and tested on its own (workers/wall/): `listener.ts` (LISTEN, reconnect),
 * `coalescer.ts` (when: dirty flag, timers, the publish lock), `reader.ts` (what: hot and slow
 * panels, the diff), `emitter.ts` (the next version: compare-and-set store, then the delta),
 * `store.ts` (the Redis keys and scripts). This file wires them together.
 */
import type pg from 'pg'
import type { RedisClient } from '../infra/redis.ts'
import { createEmitter } from './emit.ts'
import { WALL_MIN_INTERVAL_MS } from '../domain/realtime/wall.ts'
import { compactWallOpenCounts, type WallReadOptions } from '../sql/wall.ts'
import { createWallCoalescer } from './wall/coalescer.ts'
import { createWallEmitter } from './wall/emitter.ts'
import { listenWallChanges } from './wall/listener.ts'
import { createWallReader } from './wall/reader.ts'
import { createWallStore } from './wall/store.ts'

export interface WallPublisherOptions {
  pool: pg.Pool
  /** For the dedicated LISTEN connection. */
  databaseUrl: string
  /** A Redis connection of its own (commands and the emitter's PUBLISH). */
  redis: RedisClient
  prefix: string
  /** The jurisdiction to watch (`WALL_JURISDICTION`); default the top jurisdiction. */
  jurisdictionCode?: string | null
  /** @default WALL_MIN_INTERVAL_MS (250) */
  minIntervalMs?: number
  /** Read even without a change notice this often (day rollover, missed notices). @default 30000 */
  recheckMs?: number
  /** Trends and rankings are re-read at most this often per deployment. @default 5000 */
  slowPanelsMs?: number
  /** @default 5000 */
  lockMs?: number
  /** The open case and petition counts' deltas are folded (migration 090) at most this often. @default 1000 */
  compactMs?: number
  /** A hot read that takes longer is logged (`WALL_SLOW_READ_MS`). @default 250 */
  slowReadLogMs?: number
  read?: WallReadOptions
  log?: (msg: string) => void
  /** @default Date.now */
  now?: () => number
  /** Read and emit latency, the version emitted (workers/metrics.ts). */
  metrics?: WallPublisherMetrics
}

/** What the publisher reports to the worker's metrics. */
export interface WallPublisherMetrics {
  /** One read of the hot panels and its diff took `seconds`. */
  read(seconds: number): void
  /** Storing and emitting delta `version` took `seconds`. */
  emitted(seconds: number, version: number): void
}

export interface WallPublisher {
  /** Marks the wall dirty (as a change notice does). */
  kick(): void
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Folds the open case and petition counts' deltas (migration 090) in the background, at most every `everyMs`. */
function createCompactor(pool: pg.Pool, everyMs: number, now: () => number, log: (msg: string) => void) {
  let at = 0
  let running: Promise<void> | null = null
  return {
    run() {
      if (running || now() - at < everyMs) return
      at = now()
      running = compactWallOpenCounts(pool)
        .then(() => {}, (err: unknown) => log(`wall counts compaction failed: ${(err as Error).message}`))
        .finally(() => {
          running = null
        })
    },
    close: () => running ?? Promise.resolve(),
  }
}

export async function startWallPublisher(opts: WallPublisherOptions): Promise<WallPublisher> {
  const log = opts.log ?? (() => {})
  const now = opts.now ?? Date.now
  const minIntervalMs = opts.minIntervalMs ?? WALL_MIN_INTERVAL_MS
  const recheckMs = opts.recheckMs ?? 30_000
  const store = createWallStore(opts.redis, opts.prefix)
  const compactor = createCompactor(opts.pool, opts.compactMs ?? 1_000, now, log)
  const emitter = createWallEmitter({ store, emitter: createEmitter(opts.redis, opts.prefix), now })
  const reader = createWallReader({
    pool: opts.pool,
    store,
    jurisdictionCode: opts.jurisdictionCode ?? null,
    ...(opts.read ? { read: opts.read } : {}),
    slowPanelsMs: opts.slowPanelsMs ?? 5_000,
    recheckMs,
    slowReadLogMs: opts.slowReadLogMs ?? 250,
    now,
    log,
    wake: (at) => (at === undefined ? coalescer.kick() : coalescer.wakeAt(at)),
  })
  const coalescer = createWallCoalescer({
    store,
    minIntervalMs,
    recheckMs,
    lockMs: opts.lockMs ?? 5_000,
    leadMs: () => reader.estimateMs,
    now,
    log,
    async cycle(emitAt) {
      const readStart = performance.now()
      const read = await reader.read()
      opts.metrics?.read((performance.now() - readStart) / 1000)
      if (Object.keys(read.changed).length === 0) return true
      const wait = emitAt - now()
      if (wait > 0) await sleep(wait)
      const emitStart = performance.now()
      const version = await emitter.publish(read)
      if (version === null) return false // the version moved: read again
      opts.metrics?.emitted((performance.now() - emitStart) / 1000, version)
      compactor.run() // after the emit: off the event → wall path
      return true
    },
  })
  const listener = await listenWallChanges(opts.databaseUrl, () => coalescer.kick(), log)
  coalescer.kick()

  return {
    kick: () => coalescer.kick(),
    async close() {
      await coalescer.close()
      await reader.close()
      await compactor.close()
      await listener.close()
    },
  }
}

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
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Redis } from 'ioredis'
import { createEmitter } from './emit.ts'
import { TOPICS } from '../domain/realtime/topics.ts'
import { WALL_MIN_INTERVAL_MS, WALL_SCHEMA_VERSION, type WallDelta, type WallPanels, type WallSnapshot } from '../domain/realtime/wall.ts'
import { diffWallPanels } from '../domain/realtime/diffWallPanels.ts'
import { planWallPublish } from '../domain/realtime/planWallPublish.ts'
import { wallRedisKeys } from '../domain/realtime/wallRedisKeys.ts'
import { compactWallOpenCounts, emptyWallPanels, readWallHotPanels, readWallPanels, readWallSlowPanels, resolveWallJurisdiction, type WallReadOptions, type WallSlowPanels } from '../sql/wall.ts'

export interface WallPublisherOptions {
  pool: pg.Pool
  /** For the dedicated LISTEN connection. */
  databaseUrl: string
  /** A Redis connection of its own (commands and the emitter's PUBLISH). */
  redis: Redis
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
  read?: WallReadOptions
  log?: (msg: string) => void
  /** @default Date.now */
  now?: () => number
}

export interface WallPublisher {
  /** Marks the wall dirty (as a change notice does). */
  kick(): void
  close(): Promise<void>
}

/**
 * KEYS: version, snapshot, publishedAt, slowAt. ARGV: expected version ('' = none yet), snapshot
 * JSON, publication time, read time of its slow panels, the new version. Returns 1 when stored,
 * 0 when the version moved meanwhile.
 */
const STORE_SNAPSHOT = `
local cur = redis.call('GET', KEYS[1])
if cur == false then
  if ARGV[1] ~= '' then return 0 end
elseif ARGV[1] == '' or tonumber(cur) ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[5])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('SET', KEYS[4], ARGV[4])
return 1`

/** KEYS: lock. ARGV: token. Deletes the lock only if it is still ours. */
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startWallPublisher(opts: WallPublisherOptions): Promise<WallPublisher> {
  const log = opts.log ?? (() => {})
  const now = opts.now ?? Date.now
  const minIntervalMs = opts.minIntervalMs ?? WALL_MIN_INTERVAL_MS
  const recheckMs = opts.recheckMs ?? 30_000
  const slowPanelsMs = opts.slowPanelsMs ?? 5_000
  const lockMs = opts.lockMs ?? 5_000
  const compactMs = opts.compactMs ?? 1_000
  const slowReadLogMs = Number(process.env.WALL_SLOW_READ_MS ?? 250)
  const keys = wallRedisKeys(opts.prefix)
  const slowAtKey = `${keys.snapshot}:slow-at`
  const slowLockKey = `${keys.lock}:slow`
  const redis = opts.redis
  const emitter = createEmitter(redis, opts.prefix)

  let closed = false
  let dirty = true // publish (or at least check) at start
  let lastCheckedAt: number | null = null
  let readEstimateMs = 20 // EWMA of hot reads: how early a read starts
  let timer: NodeJS.Timeout | null = null
  let slowTimer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let rerun = false
  let slow: { at: number; jurisdictionCode: string; panels: WallSlowPanels } | null = null
  let slowRunning: Promise<void> | null = null
  let slowWanted = false
  let compactedAt = 0
  let compacting: Promise<void> | null = null

  /** Folds the open case and petition counts' deltas, in the background, at most every `compactMs`. */
  const compact = () => {
    if (compacting || closed || now() - compactedAt < compactMs) return
    compactedAt = now()
    compacting = compactWallOpenCounts(opts.pool)
      .then(() => {}, (err: unknown) => log(`wall counts compaction failed: ${(err as Error).message}`))
      .finally(() => {
        compacting = null
      })
  }

  /** A later cycle for the slow panels, even if nothing else changes by then. */
  const wakeAt = (at: number) => {
    if (slowTimer || closed) return
    slowTimer = setTimeout(() => {
      slowTimer = null
      kick()
    }, Math.max(0, at - now()))
  }

  const arm = (at: number) => {
    if (closed) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      tick()
    }, Math.max(0, at - now()))
  }

  const lastPublishedAt = async (): Promise<number | null> => {
    const v = await redis.get(keys.publishedAt)
    return v === null ? null : Number(v)
  }

  /** Trends and rankings in the background, once per `slowPanelsMs` for the whole deployment. */
  const refreshSlow = (jurisdictionCode: string) => {
    if (slowRunning || closed) return
    slowRunning = (async () => {
      if ((await redis.set(slowLockKey, '1', 'PX', slowPanelsMs, 'NX')) !== 'OK') return wakeAt(now() + 250) // another process is reading them
      slowWanted = false
      const at = now()
      slow = { at, jurisdictionCode, panels: await readWallSlowPanels(opts.pool, jurisdictionCode, new Date(at), opts.read) }
      kick()
    })()
      .catch((err: unknown) => log(`wall slow panels failed: ${(err as Error).message}`))
      .finally(() => {
        slowRunning = null
      })
  }

  /** Reads, diffs, stores and emits (not before `emitAt`). Returns the version published, or null. */
  const publishOnce = async (emitAt: number): Promise<number | null> => {
    const t0 = performance.now()
    const jurisdictionCode = await resolveWallJurisdiction(opts.pool, opts.jurisdictionCode)
    const [storedJson, storedVersion, storedSlowAtRaw] = await redis.mget(keys.snapshot, keys.version, slowAtKey)
    const prev = storedJson ? (JSON.parse(storedJson) as WallSnapshot) : null
    const comparable = prev && prev.schema === WALL_SCHEMA_VERSION && prev.jurisdictionCode === (jurisdictionCode ?? '') ? prev.panels : null
    const storedSlowAt = Number(storedSlowAtRaw ?? 0)
    const at = new Date(now())
    let panels: WallPanels
    let slowAt = storedSlowAt
    if (!jurisdictionCode) panels = emptyWallPanels()
    else if (comparable === null) {
      panels = await readWallPanels(opts.pool, jurisdictionCode, at, opts.read)
      slowAt = at.getTime()
    } else {
      const hot = await readWallHotPanels(opts.pool, jurisdictionCode, at, opts.read)
      const fresh = slow && slow.jurisdictionCode === jurisdictionCode && slow.at > storedSlowAt ? slow : null
      panels = { ...hot, ...(fresh ? fresh.panels : { trends: comparable.trends, rankings: comparable.rankings }) }
      if (fresh) slowAt = fresh.at
    }
    const readMs = performance.now() - t0
    readEstimateMs = 0.8 * readEstimateMs + 0.2 * readMs
    if (readMs > slowReadLogMs) log(`wall read took ${Math.round(readMs)} ms`)

    const changed = diffWallPanels(comparable, panels)
    // trends follow the hot panels; with nothing happening they still move on (a new hour) at the recheck
    if (changed.tiles || changed.departments || changed.cards || now() - slowAt >= recheckMs) slowWanted = true
    if (slowWanted && jurisdictionCode && comparable !== null) {
      // something happened since trends were read: refresh them once they are due
      const dueAt = Math.max(slowAt, slow?.at ?? 0) + slowPanelsMs
      if (now() >= dueAt) refreshSlow(jurisdictionCode)
      else wakeAt(dueAt + 10)
    }
    if (Object.keys(changed).length === 0) return null
    const wait = emitAt - now()
    if (wait > 0) await sleep(wait)
    // the first version of a deployment (or after Redis lost the counter) is the clock in ms, so
    // versions never go back for a client that keeps running
    const expected = storedVersion === null ? null : Number(storedVersion)
    const version = expected === null ? now() : expected + 1
    const snapshot: WallSnapshot = { schema: WALL_SCHEMA_VERSION, jurisdictionCode: jurisdictionCode ?? '', version, at: at.toISOString(), panels }
    const stored = await redis.eval(STORE_SNAPSHOT, 4, keys.version, keys.snapshot, keys.publishedAt, slowAtKey, expected === null ? '' : String(expected), JSON.stringify(snapshot), String(now()), String(slowAt), String(version))
    if (stored !== 1) {
      dirty = true
      return null
    }
    const delta: WallDelta = { schema: WALL_SCHEMA_VERSION, jurisdictionCode: snapshot.jurisdictionCode, version: snapshot.version, at: snapshot.at, panels: changed }
    emitter.to('wall').emit(TOPICS.wallDelta, delta)
    compact() // after the emit: off the event → wall path
    return snapshot.version
  }

  const plan = async () =>
    planWallPublish({ dirty, lastPublishedAt: await lastPublishedAt(), lastCheckedAt, now: now(), minIntervalMs, recheckMs, leadMs: readEstimateMs })

  const step = async (): Promise<void> => {
    const first = await plan()
    if (first.action === 'wait') return arm(first.at)
    const token = randomBytes(8).toString('hex')
    if ((await redis.set(keys.lock, token, 'PX', lockMs, 'NX')) !== 'OK') return arm(now() + Math.ceil(minIntervalMs / 5)) // another process is at it
    try {
      // under the lock: another process may have published since the first look
      const published = await lastPublishedAt()
      const again = planWallPublish({ dirty, lastPublishedAt: published, lastCheckedAt, now: now(), minIntervalMs, recheckMs, leadMs: readEstimateMs })
      if (again.action === 'wait') return arm(again.at)
      dirty = false
      lastCheckedAt = now()
      await publishOnce(published === null ? 0 : published + minIntervalMs)
    } finally {
      await redis.eval(RELEASE_LOCK, 1, keys.lock, token).catch(() => {})
    }
    rerun = true // plan the next one (a change may have come in meanwhile)
  }

  function tick(): void {
    if (closed) return
    if (running) {
      rerun = true
      return
    }
    rerun = false
    running = step()
      .catch((err: unknown) => {
        dirty = true
        log(`wall publish failed: ${(err as Error).message}`)
        arm(now() + 1000)
      })
      .finally(() => {
        running = null
        if (rerun) tick()
      })
  }

  function kick(): void {
    const was = dirty
    dirty = true
    if (!was || !timer) tick()
  }

  // LISTEN on a connection of its own; reconnect after an error (and assume something changed)
  let listener: pg.Client | null = null
  let reconnect: NodeJS.Timeout | null = null
  const listen = async (): Promise<void> => {
    if (closed) return
    const client = new pg.Client({ connectionString: opts.databaseUrl })
    client.on('notification', () => kick())
    client.on('error', (err) => {
      log(`wall listener error: ${err.message}`)
      client.end().catch(() => {})
      if (listener === client) listener = null
      if (!closed && !reconnect) reconnect = setTimeout(() => {
        reconnect = null
        void listen().then(kick, () => {})
      }, 1000)
    })
    try {
      await client.connect()
      await client.query('LISTEN wall_changed')
      listener = client
    } catch (err) {
      client.emit('error', err as Error)
      throw err
    }
  }
  // PostgreSQL unreachable at start: the error handler has scheduled a reconnect; start anyway
  await listen().catch(() => {})
  tick()

  return {
    kick,
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      if (slowTimer) clearTimeout(slowTimer)
      if (reconnect) clearTimeout(reconnect)
      await running
      await slowRunning
      await compacting
      await listener?.end().catch(() => {})
    },
  }
}

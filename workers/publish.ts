/**
 * The wall's publisher: notices changes (a `wall_changed` NOTIFY from every statement that writes
 * cases, petitions or cards — projection, sweep, recompute, manual cards; migration 060), reads
 * the panels set-based (sql/wall.ts), diffs them against the current snapshot kept in Redis
 * (domain/realtime/diffWallPanels.ts) and publishes the changed panels as one `WallDelta` to room
 * `wall` through the socket.io emitter. Coalesced (domain/realtime/planWallPublish.ts): at most
 * one publication per `minIntervalMs` (500 ms → ≤ 2 pushes/s per panel) across ALL worker
 * processes, however many events arrive.
 *
 * Several worker processes: each listens; a short Redis lock lets one of them read and publish at
 * a time; the new snapshot, its version (the stored version + 1) and the publication time are
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
import { WALL_MIN_INTERVAL_MS, WALL_SCHEMA_VERSION, type WallDelta, type WallSnapshot } from '../domain/realtime/wall.ts'
import { diffWallPanels } from '../domain/realtime/diffWallPanels.ts'
import { planWallPublish } from '../domain/realtime/planWallPublish.ts'
import { wallRedisKeys } from '../domain/realtime/wallRedisKeys.ts'
import { emptyWallPanels, readWallPanels, resolveWallJurisdiction, type WallReadOptions } from '../sql/wall.ts'

export interface WallPublisherOptions {
  pool: pg.Pool
  /** For the dedicated LISTEN connection. */
  databaseUrl: string
  /** A Redis connection of its own (commands and the emitter's PUBLISH). */
  redis: Redis
  prefix: string
  /** The jurisdiction to watch (`WALL_JURISDICTION`); default the top jurisdiction. */
  jurisdictionCode?: string | null
  /** @default 500 */
  minIntervalMs?: number
  /** Read even without a change notice this often (day rollover, missed notices). @default 30000 */
  recheckMs?: number
  /** @default 5000 */
  lockMs?: number
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
 * KEYS: version, snapshot, publishedAt. ARGV: expected version, snapshot JSON, publication time.
 * Returns 1 when stored (version = expected + 1), 0 when the version moved.
 */
const STORE_SNAPSHOT = `
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], v + 1)
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
return 1`

/** KEYS: lock. ARGV: token. Deletes the lock only if it is still ours. */
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

export async function startWallPublisher(opts: WallPublisherOptions): Promise<WallPublisher> {
  const log = opts.log ?? (() => {})
  const now = opts.now ?? Date.now
  const minIntervalMs = opts.minIntervalMs ?? WALL_MIN_INTERVAL_MS
  const recheckMs = opts.recheckMs ?? 30_000
  const lockMs = opts.lockMs ?? 5_000
  const keys = wallRedisKeys(opts.prefix)
  const redis = opts.redis
  const emitter = createEmitter(redis, opts.prefix)

  let closed = false
  let dirty = true // publish (or at least check) at start
  let lastCheckedAt: number | null = null
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let rerun = false

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

  /** Reads, diffs, stores and emits. Returns the version published, or null (nothing changed / lost the race). */
  const publishOnce = async (): Promise<number | null> => {
    const jurisdictionCode = await resolveWallJurisdiction(opts.pool, opts.jurisdictionCode)
    const at = new Date(now())
    const panels = jurisdictionCode ? await readWallPanels(opts.pool, jurisdictionCode, at, opts.read) : emptyWallPanels()
    const [storedJson, storedVersion] = await redis.mget(keys.snapshot, keys.version)
    const prev = storedJson ? (JSON.parse(storedJson) as WallSnapshot) : null
    const comparable = prev && prev.schema === WALL_SCHEMA_VERSION && prev.jurisdictionCode === (jurisdictionCode ?? '') ? prev.panels : null
    const changed = diffWallPanels(comparable, panels)
    if (Object.keys(changed).length === 0) return null
    const expected = Number(storedVersion ?? 0)
    const snapshot: WallSnapshot = { schema: WALL_SCHEMA_VERSION, jurisdictionCode: jurisdictionCode ?? '', version: expected + 1, at: at.toISOString(), panels }
    const stored = await redis.eval(STORE_SNAPSHOT, 3, keys.version, keys.snapshot, keys.publishedAt, String(expected), JSON.stringify(snapshot), String(now()))
    if (stored !== 1) {
      dirty = true
      return null
    }
    const delta: WallDelta = { schema: WALL_SCHEMA_VERSION, jurisdictionCode: snapshot.jurisdictionCode, version: snapshot.version, at: snapshot.at, panels: changed }
    emitter.to('wall').emit(TOPICS.wallDelta, delta)
    return snapshot.version
  }

  const step = async (): Promise<void> => {
    const plan = planWallPublish({ dirty, lastPublishedAt: await lastPublishedAt(), lastCheckedAt, now: now(), minIntervalMs, recheckMs })
    if (plan.action === 'wait') return arm(plan.at)
    const token = randomBytes(8).toString('hex')
    if ((await redis.set(keys.lock, token, 'PX', lockMs, 'NX')) !== 'OK') return arm(now() + Math.ceil(minIntervalMs / 5)) // another process is at it
    try {
      // under the lock: another process may have published since the first look
      const again = planWallPublish({ dirty, lastPublishedAt: await lastPublishedAt(), lastCheckedAt, now: now(), minIntervalMs, recheckMs })
      if (again.action === 'wait') return arm(again.at)
      dirty = false
      lastCheckedAt = now()
      await publishOnce()
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

  const kick = () => {
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
  await listen()
  tick()

  return {
    kick,
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      if (reconnect) clearTimeout(reconnect)
      await running
      await listener?.end().catch(() => {})
    },
  }
}

/**
 * The wall's shared state in Redis (keys: domain/realtime/wallRedisKeys.ts), one deployment's:
 * the current snapshot and its version, the time of the last publication, the read time of the
 * slow panels it carries, and the locks. Every worker process publishes through it, so versions
 * form one sequence per deployment.
 */
import type { RedisClient } from '../../infra/redis.ts'
import type { WallSnapshot } from '../../domain/realtime/wall.ts'
import { upgradeWallSnapshot } from '../../domain/realtime/wallSchema.ts'
import { wallRedisKeys } from '../../domain/realtime/wallRedisKeys.ts'

/**
 * storeSnapshot-4 — KEYS: version, snapshot, publishedAt, slowAt. ARGV: expected version ('' =
 * none yet), snapshot JSON, publication time, read time of its slow panels, the new version.
 * Returns 1 when stored, 0 when the version moved meanwhile (a fence for an expired lock).
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

/** releaseLock-1 — KEYS: lock. ARGV: token. Deletes the lock only if it is still ours. */
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

export interface StoredWall {
  /** The current snapshot (upgraded to the current schema); null when none or of an unknown schema. */
  snapshot: WallSnapshot | null
  /** The version counter; null when none yet. */
  version: number | null
  /** Read time (ms) of the slow panels the snapshot carries; 0 when unknown. */
  slowAt: number
}

export interface WallStore {
  read(): Promise<StoredWall>
  lastPublishedAt(): Promise<number | null>
  /** Stores `snapshot` (whose version is the new one) if the counter is still `expected`; false when it moved. */
  store(snapshot: WallSnapshot, expected: number | null, publishedAt: number, slowAt: number): Promise<boolean>
  /** Takes the publish lock for `ms`: its token, or null when another process holds it. */
  lock(token: string, ms: number): Promise<boolean>
  unlock(token: string): Promise<void>
  /** Takes the slow panels' lock for `ms` (it simply expires): one slow read per interval per deployment. */
  lockSlow(ms: number): Promise<boolean>
}

export function createWallStore(redis: RedisClient, prefix: string): WallStore {
  const keys = wallRedisKeys(prefix)
  const slowAtKey = `${keys.snapshot}:slow-at`
  const slowLockKey = `${keys.lock}:slow`
  return {
    async read() {
      const [json, version, slowAt] = await redis.mget(keys.snapshot, keys.version, slowAtKey)
      const s = json ? upgradeWallSnapshot(JSON.parse(json)) : null
      return { snapshot: s === null || typeof s === 'string' ? null : s, version: version === null ? null : Number(version), slowAt: Number(slowAt ?? 0) }
    },
    async lastPublishedAt() {
      const v = await redis.get(keys.publishedAt)
      return v === null ? null : Number(v)
    },
    async store(snapshot, expected, publishedAt, slowAt) {
      const r = await redis.eval(STORE_SNAPSHOT, 4, keys.version, keys.snapshot, keys.publishedAt, slowAtKey, expected === null ? '' : String(expected), JSON.stringify(snapshot), String(publishedAt), String(slowAt), String(snapshot.version))
      return r === 1
    },
    async lock(token, ms) {
      return (await redis.set(keys.lock, token, 'PX', ms, 'NX')) === 'OK'
    },
    async unlock(token) {
      await redis.eval(RELEASE_LOCK, 1, keys.lock, token).catch(() => {})
    },
    async lockSlow(ms) {
      return (await redis.set(slowLockKey, '1', 'PX', ms, 'NX')) === 'OK'
    },
  }
}

/**
 * In-memory answers of the public read API, per process, keyed on a data version: the version
 * query (sql/queries/public_data_version.sql, index-only) runs once per request wave — concurrent
 * readers share one — and an answer is recomputed only when the version moved or its time is up.
 * So 500 readers of the published scorecards cost one tiny query per wave, and a publication or a
 * confirmed card shows on the next request.
 */
import type { FastifyInstance } from 'fastify'
import { sql } from '../../sql/queries.ts'

interface Entry {
  version: string
  at: number
  value: Promise<unknown>
}

interface AppCache {
  entries: Map<string, Entry>
  version: Promise<string> | null
}

const caches = new WeakMap<FastifyInstance, AppCache>()
const MAX_ENTRIES = 500

function cacheOf(app: FastifyInstance): AppCache {
  let c = caches.get(app)
  if (!c) caches.set(app, (c = { entries: new Map(), version: null }))
  return c
}

/** The current data version; concurrent callers share one query. */
export function dataVersion(app: FastifyInstance): Promise<string> {
  const c = cacheOf(app)
  if (c.version) return c.version
  const p = app.pg.query<{ v: string }>(sql('public_data_version')).then((r) => r.rows[0]?.v ?? '')
  c.version = p
  const clear = () => {
    if (c.version === p) c.version = null
  }
  p.then(clear, clear)
  return p
}

/**
 * `compute()`'s answer for `key`, reused while the data version is the same and it is younger
 * than `ttlMs` (figures that move without a new version — statistics — rely on the time alone).
 */
export async function cachedAnswer<T>(app: FastifyInstance, key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
  const c = cacheOf(app)
  const version = await dataVersion(app)
  const now = Date.now()
  const hit = c.entries.get(key)
  if (hit && hit.version === version && now - hit.at < ttlMs) return hit.value as Promise<T>
  if (c.entries.size >= MAX_ENTRIES) c.entries.clear()
  const value = compute()
  c.entries.set(key, { version, at: now, value })
  value.catch(() => {
    if (c.entries.get(key)?.value === value) c.entries.delete(key)
  })
  return value
}

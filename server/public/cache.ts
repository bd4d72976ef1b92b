/**
 * In-memory answers of the public read API, per process, keyed on a data version: the version
 * (sql/queries/public_data_version.sql, index-only: newest card, confirmation, publication) is
 * read at most once a second, and at once after this process wrote a card or a performance run
 * (registerPublicInvalidation); an answer is recomputed only when the version moved or its time is
 * up. So 500 readers cost no query at all most of the time, and a publication made through another
 * instance shows within a second.
 */
import type { FastifyInstance } from 'fastify'
import { sql } from '../../sql/queries.ts'

interface Entry {
  version: string
  at: number
  value: Promise<unknown>
  /** The value has resolved (a stale one may then be answered while the next is computed). */
  done: boolean
  /** The next value is being computed. */
  refreshing: boolean
  /** Past this instant (ms) the value is wrong, not merely old: it is recomputed and waited for. */
  until: number
}

interface AppCache {
  entries: Map<string, Entry>
  /** The version last read, trusted for VERSION_TTL_MS; null after a local write. */
  version: Promise<string> | null
  versionAt: number
  settled: string | null
  refreshing: Promise<string> | null
  /** Per key family (the key up to its first ':'), bumped by forgetAnswers: older computations are not kept. */
  generations: Map<string, number>
}

/** How an answer is cached besides its time to live. */
export interface CacheOptions<T> {
  /** Keyed on the data version too. @default true */
  versioned?: boolean
  /**
   * The instant (ms since the epoch) after which the value must not be answered at all, even while
   * the next is computed — a scheduled publication or an expiry inside it. @default never
   */
  validUntil?: (value: T, startedAt: number) => number
}

/** Keyed on the pool: every plugin context of one app shares it (a plugin's `app` is its own object). */
const caches = new WeakMap<object, AppCache>()
const MAX_ENTRIES = 2000
/** How long a read data version is trusted (writes of this process reset it at once). */
export const VERSION_TTL_MS = 1000

function cacheOf(app: FastifyInstance): AppCache {
  let c = caches.get(app.pg)
  if (!c) caches.set(app.pg, (c = { entries: new Map(), version: null, versionAt: 0, settled: null, refreshing: null, generations: new Map() }))
  return c
}

/**
 * The current data version. Concurrent callers share one query; a version read less than
 * VERSION_TTL_MS ago is reused, and an older one is still answered at once while the next is read
 * in the background (readers never queue behind the pool for it). After a local write
 * (invalidatePublicData) callers wait for the fresh version.
 */
export function dataVersion(app: FastifyInstance, now = Date.now()): Promise<string> {
  const c = cacheOf(app)
  if (c.version && now - c.versionAt < VERSION_TTL_MS) return c.version
  const stale = c.settled
  if (!c.refreshing) {
    const p = app.pg.query<{ v: string }>(sql('public_data_version')).then((r) => r.rows[0]?.v ?? '')
    c.refreshing = p
    c.versionAt = now
    p.then(
      (v) => {
        if (c.refreshing === p) Object.assign(c, { refreshing: null, version: p, settled: v })
      },
      () => {
        // keep answering the version read before (a pool queue under load); retry after the TTL
        if (c.refreshing === p) Object.assign(c, { refreshing: null, version: c.settled === null ? null : c.version })
      },
    )
  }
  return stale !== null && c.version !== null ? Promise.resolve(stale) : c.refreshing!
}

/** Forgets the data version: the next public read asks the database again. */
export function invalidatePublicData(app: FastifyInstance): void {
  const c = cacheOf(app)
  c.version = null
  c.refreshing = null
}

/** Writes whose success changes what the public reads (the data version covers them too). */
const PUBLIC_WRITE_PREFIXES = ['/api/v1/cards', '/api/v1/performance/', '/api/v1/announcements']

/** A successful write to cards, performance runs or announcements in this process shows on the next public read. */
export function registerPublicInvalidation(app: FastifyInstance): void {
  // onSend, not onResponse: the version is forgotten before the writer has its answer
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'GET' || req.method === 'HEAD' || reply.statusCode >= 400) return payload
    if (PUBLIC_WRITE_PREFIXES.some((p) => req.url.startsWith(p))) invalidatePublicData(app)
    return payload
  })
}

const familyOf = (key: string) => key.split(':', 1)[0]!
const generationOf = (c: AppCache, key: string) => c.generations.get(familyOf(key)) ?? 0

/**
 * Forgets every answer of a key family (`announcements` for `announcements:news`) without touching
 * the data version: the next read of one recomputes it, and a computation already under way is
 * answered to its callers but not kept (it may have read before the change).
 */
export function forgetAnswers(app: FastifyInstance, family: string): void {
  const c = cacheOf(app)
  c.generations.set(family, (c.generations.get(family) ?? 0) + 1)
  for (const key of c.entries.keys()) if (familyOf(key) === family) c.entries.delete(key)
}

/**
 * `compute()`'s answer for `key`, reused while it is younger than `ttlMs` and — when `versioned`
 * (the default) — the data version is the same. Concurrent callers share one computation; past
 * `ttlMs` (same version) the previous answer is still given while the next is computed, but never
 * past its own `validUntil` (then callers wait for the next).
 */
export async function cachedAnswer<T>(app: FastifyInstance, key: string, ttlMs: number, compute: () => Promise<T>, options: boolean | CacheOptions<T> = true): Promise<T> {
  const opts: CacheOptions<T> = typeof options === 'boolean' ? { versioned: options } : options
  const c = cacheOf(app)
  const version = opts.versioned === false ? '' : await dataVersion(app)
  const now = Date.now()
  const hit = c.entries.get(key)
  if (hit && hit.version === version && !(hit.done && now >= hit.until)) {
    if (now - hit.at < ttlMs || !hit.done) return hit.value as Promise<T>
    if (!hit.refreshing) {
      hit.refreshing = true
      store(c, key, version, now, compute, opts).then(undefined, () => {})
    }
    return hit.value as Promise<T>
  }
  return store(c, key, version, now, compute, opts)
}

function store<T>(c: AppCache, key: string, version: string, now: number, compute: () => Promise<T>, opts: CacheOptions<T>): Promise<T> {
  const value = compute()
  const generation = generationOf(c, key)
  const entry: Entry = { version, at: now, value, done: false, refreshing: false, until: Infinity }
  const previous = c.entries.get(key)
  // a background refresh replaces the stale entry only once it has its value
  if (!previous || previous.version !== version || !previous.done || now >= previous.until) setEntry(c, key, entry)
  value.then(
    (v) => {
      entry.done = true
      entry.until = opts.validUntil ? opts.validUntil(v, now) : Infinity
      const current = c.entries.get(key)
      if (generationOf(c, key) !== generation) {
        if (current === entry) c.entries.delete(key)
        return
      }
      if (current !== entry && (!current || current.version === version)) setEntry(c, key, entry)
    },
    () => {
      if (c.entries.get(key) === entry) c.entries.delete(key)
      else if (previous) previous.refreshing = false
    },
  )
  return value
}

function setEntry(c: AppCache, key: string, entry: Entry): void {
  if (c.entries.size >= MAX_ENTRIES && !c.entries.has(key)) c.entries.clear()
  c.entries.set(key, entry)
}

/** The jurisdiction the site shows when none is asked for (reused for a minute). */
export function defaultJurisdiction(app: FastifyInstance): Promise<string | null> {
  return cachedAnswer(app, 'default-jurisdiction', 60_000, async () => (await app.pg.query<{ code: string }>(sql('public_default_jurisdiction'))).rows[0]?.code ?? null, false)
}

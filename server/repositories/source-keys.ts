import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type pg from 'pg'
import { sql } from '../../sql/queries.ts'

/** A source system authenticated by its API key. */
export interface SourcePrincipal {
  keyId: string
  source: string
  /** Department codes the key may report for, or '*' for any. */
  departments: string[] | '*'
}

const CACHE_MS = 30_000
const cache = new Map<string, { at: number; hash: Buffer; expiresAt: number | null; principal: SourcePrincipal } | { at: number; missing: true }>()

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** Makes a new key: `sk_<id>.<secret>`; only the hash of the secret is stored. */
export function newSourceKey(): { id: string; secret: string; key: string; secretHash: string } {
  const id = randomBytes(6).toString('hex')
  const secret = randomBytes(32).toString('base64url')
  return { id, secret, key: `sk_${id}.${secret}`, secretHash: hashSecret(secret) }
}

/** Checks an API key; null when unknown, revoked or wrong. Cached briefly per key id. */
export async function authenticateSourceKey(pool: pg.Pool, key: string): Promise<SourcePrincipal | null> {
  const m = /^sk_([0-9a-f]{12})\.([A-Za-z0-9_-]{20,100})$/.exec(key)
  if (!m) return null
  const [, id, secret] = m as unknown as [string, string, string]
  const now = Date.now()
  let entry = cache.get(id)
  if (!entry || now - entry.at > CACHE_MS) {
    const { rows } = await pool.query<{ id: string; source: string; secret_hash: string; departments: string[] | null; expires_at: Date | null }>(sql('find_source_key'), [id])
    const row = rows[0]
    entry = row
      ? { at: now, hash: Buffer.from(row.secret_hash, 'hex'), expiresAt: row.expires_at?.getTime() ?? null, principal: { keyId: row.id, source: row.source, departments: row.departments ?? '*' } }
      : { at: now, missing: true }
    cache.set(id, entry)
  }
  if ('missing' in entry) return null
  if (entry.expiresAt !== null && entry.expiresAt <= now) return null // a rotated key past its grace period
  const given = Buffer.from(hashSecret(secret), 'hex')
  return given.length === entry.hash.length && timingSafeEqual(given, entry.hash) ? entry.principal : null
}

/** Forgets cached keys (after a revocation, and in tests). */
export function clearSourceKeyCache(): void {
  cache.clear()
}

/**
 * Anchors of the audit chain outside the database. Whoever can rewrite the audit table (a
 * superuser who disables its triggers) can delete its last rows and move the head back onto the new
 * last row: the chain is then consistent in itself. The head recorded earlier somewhere that role
 * cannot write — an append-only file under the data directory, a Redis list, the log — shows the
 * cut: `verifyAuditChain` compares with the latest anchor (`truncated`, `anchor_mismatch`).
 *
 *   const stores = { file: '.data/audit-anchors.jsonl', redis, redisKey: anchorRedisKey('sv') }
 *   await recordAnchor(pool, stores)              // periodically (plugins/app/audit-anchor.ts)
 *   const latest = await latestRecordedAnchor(stores, 'supervision')
 *   await verifyAuditChain(pool, { latest })      // the verifier, the API and `npm run audit:verify`
 */
import { mkdir, open, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type pg from 'pg'
import type { RedisClient } from '../infra/redis.ts'
import { latestAnchor, parseAnchorLine } from '../domain/audit/latestAnchor.ts'
import type { AuditAnchor } from '../domain/audit/types.ts'
import { sql } from '../sql/queries.ts'

export interface AnchorStores {
  /** Append-only JSON-lines file (one anchor a line); null: none. */
  file: string | null
  /** Redis connection and list key (newest first, the last 1,000 kept); null: none. */
  redis: RedisClient | null
  redisKey: string | null
}

/** The Redis list of anchors of a deployment (its queue prefix). */
export const anchorRedisKey = (prefix: string): string => `${prefix}:audit:anchors`

const REDIS_KEEP = 1000
/** Only the end of the file is read: anchors are appended in order, the latest are last. */
const FILE_TAIL_BYTES = 256 * 1024

/** The current head, as an anchor. */
export async function currentHead(db: pg.Pool | pg.ClientBase): Promise<AuditAnchor> {
  const { rows } = await db.query<{ seq: string; hash: string; rows: string; database: string; at: Date }>(sql('audit_anchor_head'))
  const r = rows[0]
  if (!r) throw new Error('audit chain head is missing (migration 031 not applied?)')
  return { seq: Number(r.seq), hash: r.hash, rows: Number(r.rows), at: r.at.toISOString(), database: r.database }
}

async function appendLine(file: string, line: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const fh = await open(file, 'a', 0o600)
  try {
    await fh.write(`${line}\n`)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

async function fileAnchors(file: string): Promise<AuditAnchor[]> {
  let text: string
  try {
    const size = (await stat(file)).size
    if (size <= FILE_TAIL_BYTES) text = await readFile(file, 'utf8')
    else {
      const fh = await open(file, 'r')
      try {
        const buf = Buffer.alloc(FILE_TAIL_BYTES)
        await fh.read(buf, 0, FILE_TAIL_BYTES, size - FILE_TAIL_BYTES)
        text = buf.toString('utf8').split('\n').slice(1).join('\n') // the first line may be cut
      } finally {
        await fh.close()
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  return text.split('\n').map(parseAnchorLine).filter((a): a is AuditAnchor => a !== null)
}

/** Every anchor still kept by the stores (the file's tail, the Redis list). Unreachable Redis: skipped. */
export async function readAnchors(stores: AnchorStores): Promise<AuditAnchor[]> {
  const out: AuditAnchor[] = []
  if (stores.file) out.push(...(await fileAnchors(stores.file)))
  if (stores.redis && stores.redisKey) {
    const items = await stores.redis.lrange(stores.redisKey, 0, 99).catch(() => [] as string[])
    for (const i of items) {
      const a = parseAnchorLine(i)
      if (a) out.push(a)
    }
  }
  return out
}

/** The anchor to verify `database` against: the highest recorded in any store. */
export async function latestRecordedAnchor(stores: AnchorStores, database: string): Promise<AuditAnchor | null> {
  return latestAnchor(await readAnchors(stores), database)
}

/**
 * Records the current head in every store (file: appended and fsynced; Redis: pushed, the last
 * 1,000 kept), unless `unchangedSince` is that same head. Resolves the anchor and where it went;
 * a store that fails is reported, not thrown, so that one store down does not stop the other.
 */
export async function recordAnchor(
  db: pg.Pool | pg.ClientBase,
  stores: AnchorStores,
  opts: { unchangedSince?: AuditAnchor | null } = {},
): Promise<{ anchor: AuditAnchor; written: ('file' | 'redis')[]; failed: { store: 'file' | 'redis'; error: string }[] }> {
  const anchor = await currentHead(db)
  const prev = opts.unchangedSince
  const written: ('file' | 'redis')[] = []
  const failed: { store: 'file' | 'redis'; error: string }[] = []
  if (prev && prev.database === anchor.database && prev.seq === anchor.seq && prev.hash === anchor.hash) return { anchor: prev, written, failed }
  const line = JSON.stringify(anchor)
  if (stores.file) {
    await appendLine(stores.file, line).then(
      () => written.push('file'),
      (err: unknown) => failed.push({ store: 'file', error: (err as Error).message }),
    )
  }
  if (stores.redis && stores.redisKey) {
    await stores.redis
      .multi()
      .lpush(stores.redisKey, line)
      .ltrim(stores.redisKey, 0, REDIS_KEEP - 1)
      .exec()
      .then(
        () => written.push('redis'),
        (err: unknown) => failed.push({ store: 'redis', error: (err as Error).message }),
      )
  }
  return { anchor, written, failed }
}

/**
 * Verifies the audit log's hash chain and names the first broken row.
 *
 *   npm run audit:verify
 *   npm run audit:verify -- --anchor 1200:9f86d0…   (repeatable: seq:hash pairs recorded earlier)
 *   npm run audit:verify -- --no-recorded-anchors   (skip the anchors the server recorded)
 *
 * By default the chain is also compared with the latest anchor the server recorded outside the
 * database (server/audit-anchor.ts): the file `AUDIT_ANCHOR_FILE` (default
 * `.data/audit-anchors.jsonl`) and, with `REDIS_URL` set, the Redis list of `QUEUE_PREFIX`
 * (default `sv`). Rows cut off the end since then are reported as `truncated`.
 *
 * Prints the chain head (`seq:hash`) on success: record it outside the database (a ticket, a
 * printed log, the supervision office's records). An anchor proves that rows up to it were not
 * rewritten later, even by someone able to recompute every hash.
 * Exit codes: 0 intact, 1 broken, 2 usage.
 */
import { parseArgs } from 'node:util'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Redis } from 'ioredis'
import { verifyAuditChain } from '../server/audit.ts'
import { anchorRedisKey, latestRecordedAnchor, type AnchorStores } from '../server/audit-anchor.ts'
import { auditAnchorFileFrom } from '../server/config.ts'

export function parseAnchors(values: readonly string[]): Map<number, string> {
  const anchors = new Map<number, string>()
  for (const v of values) {
    const m = /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(v.trim())
    if (!m) throw new Error(`bad anchor "${v}": expected SEQ:SHA256HEX`)
    anchors.set(Number(m[1]), m[2]!)
  }
  return anchors
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let anchors: Map<number, string>
  let recorded = true
  try {
    const { values } = parseArgs({ args: argv, options: { anchor: { type: 'string', multiple: true }, 'no-recorded-anchors': { type: 'boolean' } } })
    anchors = parseAnchors(values.anchor ?? [])
    recorded = !values['no-recorded-anchors']
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nusage: npm run audit:verify [-- --anchor SEQ:HASH ...] [--no-recorded-anchors]\n`)
    return 2
  }
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    return 2
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const redis = recorded && process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null
  try {
    if (redis) await redis.connect().catch(() => process.stderr.write('Redis unreachable: its anchors are not compared / Redis 不可达，未比对其中的锚点\n'))
    const stores: AnchorStores = { file: recorded ? auditAnchorFileFrom() : null, redis: redis?.status === 'ready' ? redis : null, redisKey: anchorRedisKey(process.env.QUEUE_PREFIX ?? 'sv') }
    const r = await verifyAuditChain(pool, { anchors, ...(recorded ? { latest: (db: string) => latestRecordedAnchor(stores, db) } : {}) })
    const a = r.anchor
    const against = a ? `; latest anchor ${a.seq}:${a.hash} of ${a.at}` : recorded ? '; no recorded anchor' : ''
    const againstZh = a ? `；最新锚点 ${a.seq}:${a.hash}（${a.at}）` : recorded ? '；无已记录的锚点' : ''
    if (r.ok) {
      process.stdout.write(`audit chain intact: ${r.checked} rows; head ${r.head.seq}:${r.head.hash}${against}\n审计链完整：${r.checked} 条；链头 ${r.head.seq}:${r.head.hash}${againstZh}\n`)
      return 0
    }
    const b = r.firstBroken!
    const what = b.reason === 'truncated' ? 'TRUNCATED' : 'BROKEN'
    process.stdout.write(`audit chain ${what} at row ${b.seq} (${b.reason}); ${r.checked} rows checked${against}\n审计链在第 ${b.seq} 条处${b.reason === 'truncated' ? '被截断' : '断裂'}（${b.reason}）${againstZh}\n`)
    return 1
  } finally {
    redis?.disconnect()
    await pool.end()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`)
      process.exit(1)
    },
  )
}

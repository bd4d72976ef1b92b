/**
 * Verifies the audit log's hash chain and names the first broken row.
 *
 *   npm run audit:verify
 *   npm run audit:verify -- --anchor 1200:9f86d0…   (repeatable: seq:hash pairs recorded earlier)
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
import { verifyAuditChain } from '../server/audit.ts'

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
  try {
    const { values } = parseArgs({ args: argv, options: { anchor: { type: 'string', multiple: true } } })
    anchors = parseAnchors(values.anchor ?? [])
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nusage: npm run audit:verify [-- --anchor SEQ:HASH ...]\n`)
    return 2
  }
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    return 2
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  try {
    const r = await verifyAuditChain(pool, { anchors })
    if (r.ok) {
      process.stdout.write(`audit chain intact: ${r.checked} rows; head ${r.head.seq}:${r.head.hash}\n审计链完整：${r.checked} 条；链头 ${r.head.seq}:${r.head.hash}\n`)
      return 0
    }
    const b = r.firstBroken!
    process.stdout.write(`audit chain BROKEN at row ${b.seq} (${b.reason}); ${r.checked} rows checked\n审计链在第 ${b.seq} 条处断裂（${b.reason}）\n`)
    return 1
  } finally {
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

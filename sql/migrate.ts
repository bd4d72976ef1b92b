/**
 * The migration runner: applies `sql/migrations/NNN.name.sql` in order, each in its own
 * transaction, under a session advisory lock so that concurrent starters wait for each other.
 * Applied migrations are recorded with a checksum; an applied file that later changes is an error
 * (migrations are append-only, never edited).
 *
 * CLI: `node --import tsx sql/migrate.ts` migrates DATABASE_URL and exits.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import pg from 'pg'

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))
const LOCK_KEY = 7_404_204_001 // arbitrary, fixed: "440204"

export interface Migration {
  version: number
  name: string
  file: string
  sql: string
  checksum: string
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}\.[a-z0-9_-]+\.sql$/.test(f)).sort()
  const out: Migration[] = []
  for (const file of files) {
    const sql = await readFile(path.join(dir, file), 'utf8')
    const [num, name] = file.split('.') as [string, string]
    out.push({ version: Number(num), name, file, sql, checksum: createHash('sha256').update(sql).digest('hex') })
  }
  const versions = new Set<number>()
  for (const m of out) {
    if (versions.has(m.version)) throw new Error(`duplicate migration version ${m.version}`)
    versions.add(m.version)
  }
  return out
}

export interface MigrateResult {
  applied: string[]
  timescaledb: boolean
}

/**
 * Applies every pending migration. Safe to call from several processes at once.
 * @param client - a connected client (not a pool: the advisory lock is per session)
 */
export async function migrate(client: pg.ClientBase, opts: { dir?: string; log?: (msg: string) => void } = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => {})
  const migrations = await loadMigrations(opts.dir)
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY])
  const applied: string[] = []
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await client.query<{ version: number; checksum: string; name: string }>('SELECT version, checksum, name FROM schema_migrations')
    const done = new Map(rows.map((r) => [r.version, r]))
    for (const m of migrations) {
      const prior = done.get(m.version)
      if (prior) {
        if (prior.checksum !== m.checksum) {
          throw new Error(`migration ${m.file} was changed after it was applied (checksum differs); add a new migration instead`)
        }
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw new Error(`migration ${m.file} failed: ${(err as Error).message}`, { cause: err })
      }
      applied.push(m.file)
      log(`applied ${m.file}`)
    }
    const ts = await client.query<{ on: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS on`)
    return { applied, timescaledb: ts.rows[0]?.on ?? false }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY])
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    process.exit(2)
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const res = await migrate(client, { log: (m) => process.stdout.write(`[migrate] ${m}\n`) })
    process.stdout.write(`[migrate] up to date (${res.applied.length} applied; TimescaleDB ${res.timescaledb ? 'on' : 'off'})\n`)
  } finally {
    await client.end()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`[migrate] ${(err as Error).message}\n`)
    process.exit(1)
  })
}

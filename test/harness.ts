/**
 * An app + workers on a throwaway database and Redis key prefix, for integration tests.
 */
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { buildApp } from '../server/app.ts'
import { newSourceKey } from '../server/repositories/source-keys.ts'
import { resolveSecurity, type SecurityOverrides } from '../server/config.ts'
import { systemActor, withTransaction } from '../server/audit.ts'
import { createUser as storeCreateUser, type NewUser } from '../server/repositories/user-store.ts'
import { cookieNames, createSession } from '../server/auth/session.ts'
import type { UserRole } from '../server/auth/roles.ts'
import { startWorkers, type RunningWorkers, type WorkerOptions } from '../workers/main.ts'
import type { NotifyOptions } from '../workers/notify.ts'
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
  startWorkers(overrides?: { redisUrl?: string; recoveryEveryMs?: number; recoveryMinAgeMs?: number; notify?: NotifyOptions; wall?: WorkerOptions['wall'] }): Promise<RunningWorkers>
  /** Waits until no event is left unprojected (or throws after `timeoutMs`). */
  waitProjected(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * `wall`: options of the workers' wall publisher (e.g. `{ minIntervalMs: 100 }` for the accelerated soak);
 * `simulatedData`: the server says its data is simulated (`SIMULATED_DATA`).
 */
export async function createHarness(opts: { redisUrl?: string; withWorkers?: boolean; security?: SecurityOverrides; dashboardDir?: string | null; wall?: WorkerOptions['wall']; simulatedData?: boolean } = {}): Promise<Harness> {
  const db = await createTestDatabase('it')
  await seedReference(db.pool)
  const key = await createKey(db.pool, 'test-source')
  const prefix = uniqueName('q')
  const rUrl = opts.redisUrl ?? redisUrl()
  const app = await buildApp(
    { databaseUrl: db.url, redisUrl: rUrl, host: '127.0.0.1', port: 0, queuePrefix: prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: opts.dashboardDir ?? null, ...(opts.security ? { security: opts.security } : {}), ...(opts.simulatedData ? { simulatedData: true } : {}) },
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
        ...(o.notify ? { notify: o.notify } : {}),
        ...(o.wall !== undefined ? { wall: o.wall } : {}),
      })
      return h.workers
    },
    async waitProjected(timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs
      for (;;) {
        const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM unprojected_events')
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
  if (opts.withWorkers !== false) await h.startWorkers(opts.wall !== undefined ? { wall: opts.wall } : {})
  return h
}

// ---------------------------------------------------------------------------------------------
// users and sessions (auth tests)

/** A password that passes the default policy. */
export const TEST_PASSWORD = 'Zhenjiang#2025'

export interface TestUser {
  id: string
  login: string
  password: string
  roles: UserRole[]
}

/** Creates a user (argon2id hash, audited as system "test"). */
export async function createUser(
  pool: pg.Pool,
  u: { login: string; roles: UserRole[]; password?: string | null; departmentCode?: string | null; jurisdictionCode?: string | null; displayName?: string; certSubject?: string | null },
): Promise<TestUser> {
  const password = u.password === undefined ? TEST_PASSWORD : u.password
  const input: NewUser = {
    login: u.login,
    displayName: u.displayName ?? u.login,
    roles: u.roles,
    password,
    departmentCode: u.departmentCode ?? null,
    jurisdictionCode: u.jurisdictionCode ?? null,
    certSubject: u.certSubject ?? null,
  }
  const user = await withTransaction(pool, (c) => storeCreateUser(c, input, { actor: systemActor('test'), requestId: null, passwordMinLength: 10 }))
  return { id: user.id, login: user.login, password: password ?? '', roles: user.roles }
}

/** Cookie and CSRF headers of a session, ready to spread into `inject({ headers })`. */
export interface TestSession {
  cookie: string
  csrfToken: string
  /** `cookie` and `x-csrf-token` */
  headers: Record<string, string>
}

const sessionHeaders = (cookie: string, csrfToken: string): TestSession => ({ cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } })

/** Logs in through POST /api/v1/auth/login; throws unless 200. */
export async function login(app: FastifyInstance, loginName: string, password: string = TEST_PASSWORD): Promise<TestSession> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: loginName, password } })
  if (res.statusCode !== 200) throw new Error(`login ${loginName}: ${res.statusCode} ${res.body}`)
  const sessionCookie = res.cookies.find((c) => c.name.endsWith('sv_session'))
  if (!sessionCookie) throw new Error('login: no session cookie')
  return sessionHeaders(`${sessionCookie.name}=${sessionCookie.value}`, (res.json() as { csrfToken: string }).csrfToken)
}

/** Opens a session directly in the database (no password check): cheap, for large matrices. */
export async function openSession(pool: pg.Pool, user: { id: string; roles: readonly string[] }, security: SecurityOverrides = {}): Promise<TestSession> {
  const cfg = resolveSecurity(security)
  const s = await createSession(pool, user, 'password', cfg, { ip: '127.0.0.1', userAgent: 'test' })
  return sessionHeaders(`${cookieNames(cfg.cookieSecure).session}=${s.token}`, s.csrfToken)
}

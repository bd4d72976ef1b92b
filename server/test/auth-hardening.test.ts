/**
 * HTTP hardening: rate limits (per IP, per user, per API key, logins), helmet headers, CORS closed
 * by default and opened by configuration, the built dashboard's files public, the first admin from
 * ADMIN_LOGIN/ADMIN_PASSWORD, and `npm run user:create`.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import { DEFAULT_SECURITY, type SecurityOverrides } from '../config.ts'
import { SURFACES } from '../../domain/contracts/surfaces.ts'
import { createHarness, createUser, login, openSession, TEST_PASSWORD, type Harness } from '../../test/harness.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
let h: Harness
let dashboard: string
const extraApps: FastifyInstance[] = []

beforeAll(async () => {
  dashboard = mkdtempSync(path.join(tmpdir(), 'sv-dash-'))
  mkdirSync(path.join(dashboard, 'assets'))
  writeFileSync(path.join(dashboard, 'index.html'), '<!doctype html><title>监察</title><div id="app"></div>')
  writeFileSync(path.join(dashboard, 'assets', 'app.js'), 'console.log(1)')
  h = await createHarness({
    withWorkers: false,
    dashboardDir: dashboard,
    security: { rateLimit: { ipMax: 5, userMax: 8, keyMax: 12, loginMax: 3 } },
  })
  h.db.pool.on('error', () => {})
})
afterAll(async () => {
  for (const a of extraApps) await a.close()
  await h?.close()
  rmSync(dashboard, { recursive: true, force: true })
})

/** Another app on the same database with other security settings. */
async function appWith(security: SecurityOverrides): Promise<FastifyInstance> {
  const app = await buildApp(
    { databaseUrl: h.db.url, redisUrl: process.env.REDIS_URL!, host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 1 << 20, enqueueTimeoutMs: 50, logLevel: 'silent', dashboardDir: null, security },
    { logger: false },
  )
  extraApps.push(app)
  await app.ready()
  return app
}

describe('rate limits', () => {
  it('limits anonymous requests per client IP with a bilingual 429 and Retry-After', async () => {
    const from = (ip: string) => h.app.inject({ method: 'GET', url: '/healthz', remoteAddress: ip })
    for (let i = 0; i < 5; i++) expect((await from('10.1.0.1')).statusCode).toBe(200)
    const limited = await from('10.1.0.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁', messageEn: 'Too many requests' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await from('10.1.0.2')).statusCode).toBe(200) // another client is not affected
    // unknown routes and failed authentications count against the IP too
    expect((await h.app.inject({ method: 'GET', url: '/nope', remoteAddress: '10.1.0.1' })).statusCode).toBe(429)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/cases', remoteAddress: '10.1.0.1' })).statusCode).toBe(429)
  })

  it('gives an API key its own bucket, independent of the IP (ingest is not throttled by its IP)', async () => {
    const ip = '10.2.0.1'
    for (let i = 0; i < 6; i++) await h.app.inject({ method: 'GET', url: '/healthz', remoteAddress: ip })
    expect((await h.app.inject({ method: 'GET', url: '/healthz', remoteAddress: ip })).statusCode).toBe(429)
    const ingest = () => h.app.inject({ method: 'POST', url: '/api/v1/events', remoteAddress: ip, headers: { 'x-api-key': h.key }, payload: [] })
    for (let i = 0; i < 12; i++) expect((await ingest()).statusCode).toBe(400) // EMPTY_BATCH: authenticated, counted, not limited
    expect((await ingest()).statusCode).toBe(429)
    // a forged key counts against the IP, not against a key bucket of its own
    const forged = await h.app.inject({ method: 'POST', url: '/api/v1/events', remoteAddress: '10.2.0.9', headers: { 'x-api-key': 'sk_000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, payload: [] })
    expect(forged.statusCode).toBe(401)
  })

  it('gives a logged-in user their own bucket', async () => {
    const u = await createUser(h.db.pool, { login: 'busy', roles: ['leader'] })
    const s = await openSession(h.db.pool, u)
    const me = () => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', remoteAddress: '10.1.0.1', headers: { cookie: s.cookie } }) // an exhausted IP
    for (let i = 0; i < 8; i++) expect((await me()).statusCode).toBe(200)
    expect((await me()).statusCode).toBe(429)
  })

  it('limits login attempts per IP below the general limit', async () => {
    const attempt = () => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.3.0.1', payload: { login: 'nobody', password: 'x' } })
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401)
    expect((await attempt()).statusCode).toBe(429)
  })

  it('defaults let one source key push 10,000 single events per second, and can be switched off', async () => {
    const r = DEFAULT_SECURITY.rateLimit
    expect(r.enabled).toBe(true)
    expect((r.keyMax * 1000) / r.windowMs).toBeGreaterThanOrEqual(10_000)
    const off = await appWith({ rateLimit: { enabled: false, ipMax: 1 } })
    for (let i = 0; i < 5; i++) expect((await off.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.4.0.1' })).statusCode).toBe(200)
  })
})

describe('headers', () => {
  it('sends the helmet headers and a CSP on every answer, including refusals', async () => {
    for (const url of ['/healthz', '/api/v1/cases']) {
      const res = await h.app.inject({ method: 'GET', url, remoteAddress: '10.5.0.1' })
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/)
      expect(res.headers['content-security-policy']).toMatch(/object-src 'none'/)
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/)
    }
  })
})

describe('CORS', () => {
  it('is closed by default: no Access-Control headers, no preflight route', async () => {
    const pre = await h.app.inject({ method: 'OPTIONS', url: '/api/v1/cases', remoteAddress: '10.6.0.1', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } })
    expect(pre.statusCode).toBe(404)
    expect(pre.headers['access-control-allow-origin']).toBeUndefined()
    const get = await h.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.6.0.1', headers: { origin: 'https://evil.example' } })
    expect(get.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('opens for the configured origins only, with credentials', async () => {
    const app = await appWith({ corsOrigins: ['https://console.example.gov.cn'], rateLimit: { enabled: false } })
    const pre = (origin: string) =>
      app.inject({ method: 'OPTIONS', url: '/api/v1/cases', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-csrf-token' } })
    const ok = await pre('https://console.example.gov.cn')
    expect(ok.statusCode).toBe(204)
    expect(ok.headers['access-control-allow-origin']).toBe('https://console.example.gov.cn')
    expect(ok.headers['access-control-allow-credentials']).toBe('true')
    expect((await pre('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined()
    expect(app.routePolicies.find((r) => r.method === 'OPTIONS')?.policy).toBe('public')
    // and a login from the allowed origin passes the Origin check
    const u = await createUser(h.db.pool, { login: 'cors.user', roles: ['leader'] })
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://console.example.gov.cn' }, payload: { login: u.login, password: TEST_PASSWORD } })
    expect(res.statusCode).toBe(200)
  })
})

describe('the built dashboard', () => {
  it('serves its files and page routes to anyone', async () => {
    for (const url of ['/assets/app.js', '/index.html', '/wall', '/console/cases']) {
      const res = await h.app.inject({ method: 'GET', url, remoteAddress: '10.7.0.1' })
      expect(res.statusCode, url).toBe(200)
    }
    expect(h.app.routePolicies.filter((r) => r.url === '/assets/app.js').map((r) => r.policy)).toEqual(['public', 'public'])
  })

  it('sends the page for every surface of the registry and its sub-paths, and not for other paths', async () => {
    let n = 0 // one client address per request (the per-IP limit of this file is 5)
    for (const s of SURFACES) {
      for (const url of [s.path, `${s.path}/some/page`]) {
        const res = await h.app.inject({ method: 'GET', url, remoteAddress: `10.7.1.${++n}` })
        expect(res.statusCode, url).toBe(200)
        expect(res.headers['content-type'], url).toMatch(/^text\/html/)
        expect(res.body, url).toContain('<div id="app">')
      }
    }
    expect((await h.app.inject({ method: 'GET', url: '/no-such-surface', remoteAddress: '10.7.1.200' })).statusCode).toBe(404)
  })
})

describe('first admin', () => {
  it('is created on start from ADMIN_LOGIN / ADMIN_PASSWORD only when there is no user, and audited', async () => {
    const fresh = await createHarness({ withWorkers: false, security: { bootstrapAdmin: { login: 'root', password: 'Jian#Cha2025!', displayName: '管理员' } } })
    fresh.db.pool.on('error', () => {})
    try {
      const { rows } = await fresh.db.pool.query(`SELECT login, roles, display_name FROM users`)
      expect(rows).toEqual([{ login: 'root', roles: ['admin'], display_name: '管理员' }])
      const audit = await fresh.db.pool.query(`SELECT actor, action FROM audit_log`)
      expect(audit.rows).toEqual([{ actor: { kind: 'system', id: null, name: 'bootstrap' }, action: 'user.create' }])
      const s = await login(fresh.app, 'root', 'Jian#Cha2025!')
      expect((await fresh.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: s.cookie } })).statusCode).toBe(200)

      // a restart with other values changes nothing: users exist
      const again = await buildApp(
        { databaseUrl: fresh.db.url, redisUrl: process.env.REDIS_URL!, host: '127.0.0.1', port: 0, queuePrefix: fresh.prefix, bodyLimit: 1024, enqueueTimeoutMs: 50, logLevel: 'silent', dashboardDir: null, security: { bootstrapAdmin: { login: 'other', password: 'Other#Password2025', displayName: 'x' } } },
        { logger: false },
      )
      await again.ready()
      await again.close()
      expect((await fresh.db.pool.query(`SELECT login FROM users`)).rows).toEqual([{ login: 'root' }])
    } finally {
      await fresh.close()
    }
  })

  it('refuses to start with a weak ADMIN_PASSWORD', async () => {
    const app = await buildApp(
      { databaseUrl: h.db.url, redisUrl: process.env.REDIS_URL!, host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 1024, enqueueTimeoutMs: 50, logLevel: 'silent', dashboardDir: null, security: { bootstrapAdmin: { login: 'weak', password: 'admin', displayName: 'x' } } },
      { logger: false },
    )
    try {
      // users exist in this database, so nothing is created and the weak password is not even looked at
      await expect(app.ready()).resolves.toBeDefined()
    } finally {
      await app.close()
    }
    const e = await createHarness({ withWorkers: false }) // an empty database
    e.db.pool.on('error', () => {})
    const weak = await buildApp(
      { databaseUrl: e.db.url, redisUrl: process.env.REDIS_URL!, host: '127.0.0.1', port: 0, queuePrefix: e.prefix, bodyLimit: 1024, enqueueTimeoutMs: 50, logLevel: 'silent', dashboardDir: null, security: { bootstrapAdmin: { login: 'weak', password: 'admin', displayName: 'x' } } },
      { logger: false },
    )
    try {
      await expect(weak.ready()).rejects.toThrow(/PASSWORD_POLICY/)
      expect((await e.db.pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(0)
    } finally {
      await weak.close().catch(() => {})
      await e.close()
    }
  })
})

describe('npm run user:create', () => {
  const run = (args: string[], env: Record<string, string>, stdin?: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/user-create.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env, USER_PASSWORD: env.USER_PASSWORD ?? '' } })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      child.on('close', (code) => resolve({ code, out, err }))
      child.stdin.end(stdin ?? '')
    })

  it('creates a user with the password from the environment or stdin, audited; never a default password', async () => {
    const env = { DATABASE_URL: h.db.url }
    const a = await run(['--login', 'cli.admin', '--name', '管理员', '--role', 'admin'], { ...env, USER_PASSWORD: 'Cli#Password2025' })
    expect(a.err).toContain('created')
    expect(a.code).toBe(0)
    const b = await run(['--login', 'cli.staff', '--name', '张三', '--role', 'department_staff', '--department', '440204-SCJG'], env, 'Stdin#Password2025\n')
    expect(b.code).toBe(0)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.8.0.1', payload: { login: 'cli.staff', password: 'Stdin#Password2025' } })).statusCode).toBe(200)
    const { rows } = await h.db.pool.query(`SELECT u.login, a.actor->>'name' AS actor FROM users u JOIN audit_log a ON a.entity = 'user' AND a.entity_id = u.id::text AND a.action = 'user.create' WHERE u.login LIKE 'cli.%' ORDER BY u.login`)
    expect(rows).toEqual([{ login: 'cli.admin', actor: 'cli:user-create' }, { login: 'cli.staff', actor: 'cli:user-create' }])

    const none = await run(['--login', 'cli.nopw', '--name', 'x', '--role', 'leader'], env, '')
    expect(none.code).toBe(2)
    const weak = await run(['--login', 'cli.weak', '--name', 'x', '--role', 'leader'], { ...env, USER_PASSWORD: '123456' })
    expect(weak.code).toBe(1)
    expect(weak.err).toContain('PASSWORD_POLICY')
    const taken = await run(['--login', 'CLI.ADMIN', '--name', 'x', '--role', 'leader'], { ...env, USER_PASSWORD: 'Cli#Password2025' })
    expect(taken.code).toBe(1)
    expect(taken.err).toContain('LOGIN_TAKEN')
    const badRole = await run(['--login', 'x1', '--name', 'x', '--role', 'root'], env)
    expect(badRole.code).toBe(2)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM users WHERE login IN ('cli.nopw', 'cli.weak', 'x1')`)).rows[0].n).toBe(0)
  }, 60_000)
})

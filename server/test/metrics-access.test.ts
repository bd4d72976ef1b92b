/**
 * /metrics stays on but can be restricted (server/config.ts `MetricsAccess`): a bearer token
 * (`METRICS_TOKEN`) and/or a listener of its own (`METRICS_PORT`, `METRICS_HOST`), after which the
 * public port no longer serves it. Against real PostgreSQL and Redis (the app's readiness needs them).
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadMetricsAccess, type MetricsAccess, type ServerConfig } from '../config.ts'
import { metricsAuthorized, startMetricsListener, type MetricsListener } from '../metrics-listener.ts'
import { createTestDatabase, redisUrl, uniqueName, type TestDatabase } from '../../test/db.ts'

const TOKEN = 'prometheus-scrape-token-4f1c'

let db: TestDatabase
const apps: FastifyInstance[] = []

async function app(metrics: MetricsAccess | undefined): Promise<FastifyInstance> {
  const config: ServerConfig = {
    databaseUrl: db.url, redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix: uniqueName('m'), bodyLimit: 1024 * 1024,
    enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: null, ...(metrics ? { metrics } : {}),
  }
  const a = await buildApp(config, { logger: false })
  await a.ready()
  apps.push(a)
  return a
}

beforeAll(async () => {
  db = await createTestDatabase('metrics')
})

afterAll(async () => {
  for (const a of apps) await a.close()
  await db?.drop()
})

describe('/metrics access', () => {
  it('is open on the main port by default', async () => {
    const a = await app(undefined)
    const res = await a.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('supervision_ingest_events_total')
    expect(res.body).toContain('supervision_process_restarts_total')
  })

  it('with a token: 401 without it or with a wrong one (and a Bearer challenge), 200 with it', async () => {
    const a = await app({ token: TOKEN, listen: null })
    const none = await a.inject({ method: 'GET', url: '/metrics' })
    expect(none.statusCode).toBe(401)
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"')
    expect(none.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: '未认证或密钥无效', messageEn: 'Not authenticated or invalid key' })
    expect(none.body).not.toContain('supervision_')
    const wrong = await a.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })
    expect(wrong.statusCode).toBe(401)
    const basic = await a.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } })
    expect(basic.statusCode).toBe(401)
    const ok = await a.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toContain('supervision_ingest_events_total')
    // health checks stay open
    expect((await a.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('on a listener of its own: gone from the main port, served there (token too when set)', async () => {
    const a = await app({ token: TOKEN, listen: { host: '127.0.0.1', port: 0 } })
    expect((await a.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404)
    let listener: MetricsListener | undefined
    try {
      listener = await startMetricsListener(a.metrics.registry, { host: '127.0.0.1', port: 0, token: TOKEN })
      const url = `http://127.0.0.1:${listener.port}`
      const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('content-type')).toContain('text/plain')
      expect(await ok.text()).toContain('supervision_ingest_events_total')
      const anon = await fetch(`${url}/metrics`)
      expect(anon.status).toBe(401)
      expect(((await anon.json()) as { code: string }).code).toBe('UNAUTHENTICATED')
      expect((await fetch(`${url}/api/v1/cases`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
    } finally {
      await listener?.close()
    }
    // without a token the separate listener is open (the address is the restriction)
    const open = await startMetricsListener(a.metrics.registry, { host: '127.0.0.1', port: 0, token: null })
    try {
      expect((await fetch(`http://127.0.0.1:${open.port}/metrics`)).status).toBe(200)
    } finally {
      await open.close()
    }
  })
})

describe('metrics configuration', () => {
  it('reads METRICS_TOKEN, METRICS_PORT and METRICS_HOST (default HOST)', () => {
    expect(loadMetricsAccess({})).toEqual({ token: null, listen: null })
    expect(loadMetricsAccess({ METRICS_TOKEN: TOKEN })).toEqual({ token: TOKEN, listen: null })
    expect(loadMetricsAccess({ METRICS_PORT: '9464', HOST: '0.0.0.0' })).toEqual({ token: null, listen: { host: '0.0.0.0', port: 9464 } })
    expect(loadMetricsAccess({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', HOST: '0.0.0.0' }).listen).toEqual({ host: '10.0.0.5', port: 9464 })
  })

  it('refuses a short token and a port that is not one', () => {
    expect(() => loadMetricsAccess({ METRICS_TOKEN: 'short' })).toThrow(/at least 16/)
    expect(() => loadMetricsAccess({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/)
    expect(() => loadMetricsAccess({ METRICS_PORT: 'abc' })).toThrow(/METRICS_PORT/)
  })

  it('compares the bearer token exactly', () => {
    expect(metricsAuthorized(undefined, null)).toBe(true)
    expect(metricsAuthorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true)
    expect(metricsAuthorized(`bearer ${TOKEN}`, TOKEN)).toBe(true)
    expect(metricsAuthorized(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false)
    expect(metricsAuthorized(TOKEN, TOKEN)).toBe(false)
    expect(metricsAuthorized(undefined, TOKEN)).toBe(false)
  })
})

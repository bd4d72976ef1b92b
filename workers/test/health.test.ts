/**
 * The worker's health endpoint (workers/health.ts) in front of real workers (startWorkers against
 * real PostgreSQL and Redis): liveness and readiness answer 200 while they run; readiness says
 * which dependency is down; both turn 503 once the process is closing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { healthListenFromEnv, startHealthServer, type HealthServer } from '../health.ts'
import { startWorkers, type RunningWorkers } from '../main.ts'
import { QUEUES } from '../../domain/queues.ts'
import { createTestDatabase, redisUrl, uniqueName, type TestDatabase } from '../../test/db.ts'

let db: TestDatabase
let workers: RunningWorkers
let health: HealthServer
let closing = false
let url: string

beforeAll(async () => {
  db = await createTestDatabase('health')
  workers = await startWorkers({ databaseUrl: db.url, redisUrl: redisUrl(), prefix: uniqueName('h'), concurrency: 1, wall: false, log: () => {} })
  health = await startHealthServer({ host: '127.0.0.1', port: 0, ready: () => workers.ready(), closing: () => closing })
  url = `http://127.0.0.1:${health.port}`
})

afterAll(async () => {
  await health?.close()
  await workers?.close().catch(() => {})
  await db?.drop()
})

describe('worker health endpoint', () => {
  it('answers liveness and readiness while the workers run', async () => {
    const live = await fetch(`${url}/healthz`)
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }])
    const ready = await fetch(`${url}/readyz`)
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', postgres: 'up', redis: 'up', consumers: 'up' }])
    expect((await fetch(`${url}/other`)).status).toBe(404)
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405)
  })

  it('is not ready once the consumers are closed, and not live while shutting down', async () => {
    closing = true
    expect((await fetch(`${url}/healthz`)).status).toBe(503)
    closing = false
    await workers.close()
    const ready = await fetch(`${url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'not-ready', consumers: 'down' })
  })

  it('serves /metrics only when given a registry: open without a token, HEAD without a body', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(404)
    const open = await startHealthServer({ host: '127.0.0.1', port: 0, ready: () => workers.ready(), closing: () => false, metrics: { registry: workers.metrics, token: null } })
    try {
      const res = await fetch(`http://127.0.0.1:${open.port}/metrics`)
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text).toMatch(/^# HELP supervision_queue_jobs /m)
      // a gauge for every queue of the contract: startWorkers makes them from the registry (workers/queues.ts)
      for (const q of Object.values(QUEUES)) expect(text, q).toMatch(new RegExp(`^supervision_queue_jobs\\{queue="${q}",state="waiting"\\}`, 'm'))
      const head = await fetch(`http://127.0.0.1:${open.port}/metrics`, { method: 'HEAD' })
      expect([head.status, await head.text()]).toEqual([200, ''])
    } finally {
      await open.close()
    }
  })

  it('reads WORKER_HEALTH_PORT (default 8081, 0 or off: none) and WORKER_HEALTH_HOST', () => {
    expect(healthListenFromEnv({})).toEqual({ host: '127.0.0.1', port: 8081 })
    expect(healthListenFromEnv({ WORKER_HEALTH_PORT: '9100', WORKER_HEALTH_HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 9100 })
    expect(healthListenFromEnv({ WORKER_HEALTH_PORT: '0' })).toBeNull()
    expect(healthListenFromEnv({ WORKER_HEALTH_PORT: 'off' })).toBeNull()
    expect(() => healthListenFromEnv({ WORKER_HEALTH_PORT: 'x' })).toThrow(/WORKER_HEALTH_PORT/)
  })
})

/**
 * PostgreSQL down during ingest (issue 14): the app reaches PostgreSQL through a TCP proxy this
 * test closes and reopens. While it is closed, ingest answers 503 with Retry-After (nothing was
 * acknowledged, the source retries), /readyz answers 503, and the log holds one line for the
 * outage — not an error with a stack per request; when it reopens, ingest works again and one line
 * says so.
 */
import net from 'node:net'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle } from '../../domain/events/fixtures.ts'
import { buildApp } from '../app.ts'
import { baseDatabaseUrl, redisUrl, uniqueName } from '../../test/db.ts'
import { createKey, createHarness, DEPTS, type Harness } from '../../test/harness.ts'

/** A TCP proxy to PostgreSQL that can be closed (every connection cut, the port refusing) and reopened. */
class PgProxy {
  private server: net.Server | null = null
  private sockets = new Set<net.Socket>()
  port = 0
  private readonly target: { host: string; port: number }
  constructor(target: { host: string; port: number }) {
    this.target = target
  }
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as net.AddressInfo).port
    this.server = server
  }
  async close(): Promise<void> {
    const s = this.server
    this.server = null
    for (const sock of this.sockets) sock.destroy()
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
  }
}

const lines: { level: number; msg: string; err?: unknown; [k: string]: unknown }[] = []
const logStream = new Writable({
  write(chunk: Buffer, _enc, cb) {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l))
    cb()
  },
})

let h: Harness
let app: FastifyInstance
let proxy: PgProxy
let key: string

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  key = await createKey(h.db.pool, 'outage-source')
  const base = new URL(baseDatabaseUrl())
  proxy = new PgProxy({ host: base.hostname, port: Number(base.port || 5432) })
  await proxy.open()
  const viaProxy = new URL(h.db.url)
  viaProxy.hostname = '127.0.0.1'
  viaProxy.port = String(proxy.port)
  app = await buildApp(
    { databaseUrl: viaProxy.toString(), redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix: uniqueName('qo'), bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'info', dashboardDir: null },
    { logger: { level: 'info', stream: logStream } },
  )
  await app.ready()
})
afterAll(async () => {
  await app?.close()
  await proxy?.close()
  await h?.close()
})

const ingest = (eventId: string) => {
  const [e] = caseLifecycle(`OUT-${eventId}`, DEPTS[0], Date.UTC(2025, 9, 9, 1))
  return app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key }, payload: { ...e!, eventId } })
}

describe('PostgreSQL down during ingest', () => {
  it('answers 503 with Retry-After, /readyz 503, one log line per outage; recovers when it is back', async () => {
    expect((await ingest('before')).statusCode).toBe(202)
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)

    await proxy.close()
    const during = []
    for (let i = 0; i < 25; i++) during.push(await ingest(`during-${i}`))
    for (const res of during) {
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('5')
      expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' })
    }
    const ready = await app.inject({ method: 'GET', url: '/readyz' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toMatchObject({ status: 'not-ready', postgres: 'down', redis: 'up' })
    // the console's reads too (a logged-out read is a 401 before any query; the health probe is enough here)
    const errorLines = lines.filter((l) => l.level >= 50)
    expect(errorLines.map((l) => l.msg)).toEqual(['PostgreSQL unreachable: answering 503 until it is back'])
    expect(lines.some((l) => /unhandled error/.test(l.msg))).toBe(false)
    expect(JSON.stringify(lines)).not.toMatch(/\bat .*\.(ts|js):\d+/) // no stack trace anywhere

    await proxy.open()
    expect((await ingest('after')).statusCode).toBe(202)
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
    const back = lines.filter((l) => l.msg === 'PostgreSQL reachable again')
    expect(back).toHaveLength(1)
    expect(back[0]).toMatchObject({ failures: expect.any(Number) })
    expect(back[0]!.failures as number).toBeGreaterThanOrEqual(25)
    const ids = (await h.db.pool.query<{ event_id: string }>(`SELECT event_id FROM events WHERE source = 'outage-source' ORDER BY event_id`)).rows.map((r) => r.event_id)
    expect(ids).toEqual(['after', 'before'])

    // a second outage is logged once again
    await proxy.close()
    for (let i = 0; i < 5; i++) expect((await ingest(`again-${i}`)).statusCode).toBe(503)
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(2)
    await proxy.open()
  })
})

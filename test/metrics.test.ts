/**
 * Every process's metrics (issue 20 §4): a real server process (`node server/server.ts`) and a
 * real worker process (`node workers/main.ts`) against the real PostgreSQL and Redis, both behind
 * `METRICS_TOKEN`. Drives ingest (accepted and rejected events), HTTP routes, sockets in the wall
 * and public rooms, projection, the wall publisher and notification deliveries, scrapes both and
 * checks that the expected series exist and moved. Then the files that use the names: the Grafana
 * dashboard and the alert rules may use only names of the contract (domain/contracts/metrics.ts).
 *
 * `promtool` (Debian's `prometheus` package, installed by .ci/run): when on PATH, both scrapes
 * pass `promtool check metrics`, and docs/prometheus/alerts.yml passes `promtool check rules` and
 * its unit tests (`promtool test rules docs/prometheus/alerts.test.yml`). When absent, the test
 * says so and still asserts everything else.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { DEFAULT_METRIC_PREFIXES, METRICS, metricSeriesNames, type MetricDefinition } from '../domain/contracts/metrics.ts'
import { TOPICS } from '../domain/realtime/topics.ts'
import { createTestDatabase, redisUrl, uniqueName, type TestDatabase } from './db.ts'
import { createKey, createUser, JURISDICTION, openSession, seedReference } from './harness.ts'
import { parseMetrics, sample, type Scrape } from './metrics-text.ts'
import { newCase } from './wall-browser.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TOKEN = 'metrics-test-token-0123456789'
const port = 21_000 + Math.floor(Math.random() * 18_000)
const healthPort = port + 1
const base = `http://127.0.0.1:${port}`
const workerBase = `http://127.0.0.1:${healthPort}`
const PROMTOOL = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'promtool')).find((p) => spawnSync(p, ['--version']).status === 0) ?? null

let db: TestDatabase
let key: string
let displayCookie: string
const procs: { name: string; proc: ChildProcess; out: string[] }[] = []
const sockets: Socket[] = []
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function start(name: string, script: string, env: NodeJS.ProcessEnv): void {
  const proc = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const out: string[] = []
  proc.stdout!.on('data', (d: Buffer) => out.push(d.toString('utf8')))
  proc.stderr!.on('data', (d: Buffer) => out.push(d.toString('utf8')))
  procs.push({ name, proc, out })
}

async function ok(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await res.body?.cancel()
    return res.status === 200
  } catch {
    return false
  }
}

async function scrape(url: string): Promise<{ text: string; parsed: Scrape }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
  const text = await res.text()
  return { text, parsed: parseMetrics(text) }
}
const scrapeServer = () => scrape(`${base}/metrics`)
const scrapeWorker = () => scrape(`${workerBase}/metrics`)

/** Scrapes until `check` holds (the worker's jobs and the wall run asynchronously). */
async function eventually(get: () => Promise<{ text: string; parsed: Scrape }>, check: (s: Scrape) => boolean, what: string, ms = 20_000): Promise<{ text: string; parsed: Scrape }> {
  const until = Date.now() + ms
  for (;;) {
    const s = await get()
    if (check(s.parsed)) return s
    if (Date.now() > until) throw new Error(`${what}: not seen within ${ms} ms`)
    await sleep(200)
  }
}

const post = (events: unknown[]) =>
  fetch(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(events) })

const join = async (room: string, cookie?: string): Promise<Socket> => {
  const s = connect(base, { transports: ['websocket'], reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) })
  sockets.push(s)
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  const snapshot = room === 'wall' ? new Promise((r) => s.once(TOPICS.wallSnapshot, r)) : Promise.resolve()
  const ack = (await s.emitWithAck(TOPICS.roomJoin, { room })) as { ok: boolean }
  expect(ack.ok).toBe(true)
  await snapshot
  return s
}

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL!, args, { cwd: ROOT, input, encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}

beforeAll(async () => {
  db = await createTestDatabase('metrics')
  await seedReference(db.pool)
  key = await createKey(db.pool, 'metrics-test')
  const display = await createUser(db.pool, { login: 'wall.display', roles: ['display'], jurisdictionCode: JURISDICTION })
  displayCookie = (await openSession(db.pool, display, { cookieSecure: false })).cookie
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: uniqueName('metrics'),
    PORT: String(port),
    WORKER_HEALTH_PORT: String(healthPort),
    METRICS_TOKEN: TOKEN,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    WALL_MIN_INTERVAL_MS: '100',
    NOTIFY_EVERY_MS: '200',
  }
  start('server', 'server/server.ts', env)
  start('worker', 'workers/main.ts', env)
  const t0 = Date.now()
  while (!((await ok(`${base}/readyz`)) && (await ok(`${workerBase}/readyz`)))) {
    const dead = procs.find((p) => p.proc.exitCode !== null)
    if (dead || Date.now() - t0 > 60_000) throw new Error(`not ready:\n${procs.map((p) => `[${p.name}] ${p.out.join('').slice(-2000)}`).join('\n')}`)
    await sleep(200)
  }
}, 90_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await Promise.all(
    procs.map(async ({ proc }) => {
      if (proc.exitCode !== null) return
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 12_000)
      await exited
      clearTimeout(t)
    }),
  )
  await db?.drop()
}, 30_000)

describe('metrics of a server and a worker process', () => {
  it('are protected by the bearer token on both processes; the worker’s health routes stay open', async () => {
    for (const url of [`${base}/metrics`, `${workerBase}/metrics`]) {
      const anon = await fetch(url)
      expect(anon.status).toBe(401)
      expect(anon.headers.get('www-authenticate')).toBe('Bearer realm="metrics"')
      expect(((await anon.json()) as { code: string }).code).toBe('UNAUTHENTICATED')
      expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401)
    }
    expect(await ok(`${workerBase}/healthz`)).toBe(true)
  })

  it('move with ingest, HTTP, sockets, projection, the wall and notifications; both pass promtool', async () => {
    const before = (await scrapeServer()).parsed
    const accepted0 = sample(before, 'supervision_ingest_events_total', { status: 'accepted' }) ?? 0

    // ingest: two new cases (4 events) and one invalid event
    const a = await post([...newCase(1), ...newCase(2)])
    expect(a.status).toBe(202)
    const bad = await post([{ eventId: 'x-1', kind: 'no-such-kind', occurredAt: new Date().toISOString(), caseNo: '440204-2026-900099', departmentCode: '440204-SCJG', body: {} }])
    const badBody = (await bad.json()) as { results: { status: string; code: string }[] }
    expect(badBody.results[0]!.status).toBe('rejected')
    const rejectedCode = badBody.results[0]!.code
    expect((await fetch(`${base}/api/v1/no-such-route`)).status).toBe(404)

    // sockets: a wall display (gets the snapshot) and an anonymous public client
    await join('wall', displayCookie)
    await join('public')

    // notifications: one in-app row (sent) and one e-mail row (no SMTP configured: skipped)
    const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM users WHERE login = 'wall.display'")
    for (const channel of ['inapp', 'email']) {
      await db.pool.query(
        `INSERT INTO notification_outbox (event, channel, user_id, subject, subject_no, params, dedupe_key) VALUES ('case.warning', $1, $2, 'case', '440204-2026-900001', '{"subjectNo":"440204-2026-900001","deadlineDate":"2026-12-31"}', $3)`,
        [channel, rows[0]!.id, `metrics-test-${channel}`],
      )
    }

    const server = await eventually(scrapeServer, (s) => (sample(s, 'supervision_ingest_events_total', { status: 'accepted' }) ?? 0) >= accepted0 + 4, 'ingest counted')
    const s = server.parsed
    expect(sample(s, 'supervision_ingest_events_total', { status: 'accepted' })).toBe(accepted0 + 4)
    expect(sample(s, 'supervision_ingest_rejections_total', { code: rejectedCode })).toBe(1)
    expect(sample(s, 'supervision_ingest_request_seconds_count', { format: 'json' })).toBeGreaterThanOrEqual(2)
    expect(sample(s, 'supervision_http_requests_total', { method: 'POST', route: '/api/v1/events', status: '202' })).toBe(1)
    expect(sample(s, 'supervision_http_requests_total', { method: 'POST', route: '/api/v1/events', status: String(bad.status) })).toBe(1)
    expect(sample(s, 'supervision_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1)
    expect(sample(s, 'supervision_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/events' })).toBeGreaterThanOrEqual(2)
    expect(sample(s, 'supervision_sockets_connected', {})).toBe(2)
    expect(sample(s, 'supervision_socket_room_members', { kind: 'wall' })).toBe(1)
    expect(sample(s, 'supervision_socket_room_members', { kind: 'public' })).toBe(1)
    expect(sample(s, 'supervision_socket_room_members', { kind: 'user' })).toBe(1) // the display's own room
    expect(sample(s, 'supervision_wall_snapshot_emit_seconds_count', {})).toBe(1)
    expect(sample(s, 'supervision_queue_depth', {})).toBeGreaterThanOrEqual(0)
    expect(sample(s, 'supervision_db_pool_connections', { state: 'total' })).toBeGreaterThan(0)

    const worker = await eventually(
      scrapeWorker,
      (w) =>
        (sample(w, 'supervision_projected_events_total', {}) ?? 0) >= 4 &&
        (sample(w, 'supervision_wall_emit_seconds_count', {}) ?? 0) >= 1 &&
        (sample(w, 'supervision_notifications_total', { channel: 'inapp', outcome: 'sent' }) ?? 0) >= 1 &&
        (sample(w, 'supervision_notifications_total', { channel: 'email', outcome: 'skipped' }) ?? 0) >= 1 &&
        (sample(w, 'supervision_jobs_total', { queue: 'maintenance', job: 'sweep', outcome: 'completed' }) ?? 0) >= 1,
      'projection, wall, notifications and the sweep counted by the worker',
    )
    const w = worker.parsed
    expect(sample(w, 'supervision_jobs_total', { queue: 'project', job: 'project', outcome: 'completed' })).toBeGreaterThanOrEqual(1)
    expect(sample(w, 'supervision_job_duration_seconds_count', { queue: 'project', job: 'project' })).toBeGreaterThanOrEqual(1)
    expect(sample(w, 'supervision_projection_lag_seconds_count', {})).toBeGreaterThanOrEqual(1)
    expect(sample(w, 'supervision_projected_events_total', {})).toBe(4)
    expect(sample(w, 'supervision_sweep_duration_seconds_count', {})).toBeGreaterThanOrEqual(1)
    expect(sample(w, 'supervision_sweep_transitions_total', { kind: 'levels' })).toBeGreaterThanOrEqual(0)
    expect(sample(w, 'supervision_wall_read_seconds_count', {})).toBeGreaterThanOrEqual(1)
    expect(sample(w, 'supervision_wall_version', {})).toBeGreaterThan(0)
    for (const queue of ['project', 'maintenance', 'notify']) {
      for (const state of ['waiting', 'delayed', 'active', 'failed']) expect(sample(w, 'supervision_queue_jobs', { queue, state }), `${queue} ${state}`).toBeGreaterThanOrEqual(0)
      expect(sample(w, 'supervision_queue_lag_seconds', { queue })).toBeGreaterThanOrEqual(0)
    }
    expect(sample(w, 'supervision_notification_outbox_depth', {})).toBe(0)
    expect(sample(w, 'supervision_db_pool_connections', { state: 'total' })).toBeGreaterThan(0)

    // every supervision_* family a process serves is in the contract, and every contract metric of
    // the process is served
    const contract = METRICS as Record<string, MetricDefinition>
    for (const [proc, scraped] of [['server', s], ['worker', w]] as const) {
      const served = [...scraped.types.keys()].filter((n) => n.startsWith('supervision_'))
      const expected = Object.values(contract).filter((m) => m.process === proc || m.process === 'both').map((m) => m.name)
      expect(served.sort(), proc).toEqual(expected.sort())
      for (const m of Object.values(contract)) if (scraped.types.has(m.name)) expect(scraped.types.get(m.name), m.name).toBe(m.type)
    }

    if (PROMTOOL === null) {
      console.warn('promtool absent (Debian package `prometheus`): the scrapes were not checked by promtool')
      return
    }
    for (const [name, text] of [['server', server.text], ['worker', worker.text]] as const) {
      const r = promtool(['check', 'metrics'], text)
      expect(r.output, `promtool check metrics (${name})`).toBe('')
      expect(r.status, `promtool check metrics (${name}): ${r.output}`).toBe(0)
    }
  }, 60_000)
})

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset'])
/** Series Prometheus makes itself (scrape health), not served by a process. */
const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds'])

/** The metric names a PromQL expression mentions: identifiers that are not functions, keywords, labels or Grafana variables. */
function namesIn(expr: string): string[] {
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\w+/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
  return [...stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w(])(?!\s*\()/g)].map((m) => m[1]!).filter((n) => !PROMQL_WORDS.has(n))
}

describe('the dashboard and the alerts use only the contract’s names', () => {
  const known = metricSeriesNames()
  const isKnown = (n: string) => known.has(n) || PROMETHEUS_SERIES.has(n) || DEFAULT_METRIC_PREFIXES.some((p) => n.startsWith(p))

  it('reads the metric names of PromQL expressions (not functions, keywords, labels, durations)', () => {
    expect(namesIn('histogram_quantile(0.95, sum by (le, route) (rate(a_seconds_bucket{job=~"$job",status=~"5.."}[5m]))) > 0.25')).toEqual(['a_seconds_bucket'])
    expect(namesIn('sum(rate(b_total[5m])) / sum without (x) (rate(c_total[1h] offset 1d)) and up == 0')).toEqual(['b_total', 'c_total', 'up'])
    expect(namesIn('max(d_depth)')).toEqual(['d_depth'])
  })

  it('docs/grafana/supervision.json: every panel has an expression, every name in it is in the contract, every contract metric is shown', () => {
    const dash = JSON.parse(readFileSync(path.join(ROOT, 'docs/grafana/supervision.json'), 'utf8')) as { panels: { title: string; type: string; targets?: { expr: string }[] }[] }
    const panels = dash.panels.filter((p) => p.type !== 'row')
    expect(panels.length).toBeGreaterThanOrEqual(12)
    const used = new Set<string>()
    for (const p of panels) {
      expect(p.targets?.length, p.title).toBeGreaterThan(0)
      for (const t of p.targets ?? []) {
        const names = namesIn(t.expr)
        expect(names.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0)
        for (const n of names) {
          expect(isKnown(n), `${p.title}: ${n}`).toBe(true)
          used.add(n.replace(/_(bucket|sum|count)$/, ''))
        }
      }
    }
    for (const m of Object.values(METRICS) as MetricDefinition[]) expect(used.has(m.name), `not on the dashboard: ${m.name}`).toBe(true)
  })

  it('docs/prometheus/alerts.yml: lag, queue depth, 5xx, wall emit, outbox and failed deliveries, all on contract names; promtool checks and tests the rules', () => {
    const file = path.join(ROOT, 'docs/prometheus/alerts.yml')
    const rules = parseYaml(readFileSync(file, 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string; for?: string }[] }[] }
    const alerts = rules.groups.flatMap((g) => g.rules)
    const byName = new Map(alerts.map((a) => [a.alert, a]))
    for (const name of ['ProjectionLagHigh', 'QueueDepthHigh', 'QueueLagHigh', 'Http5xxRateHigh', 'WallEmitSlow', 'NotificationOutboxBacklog', 'NotificationDeliveriesFailing', 'MetricsScrapeDown']) {
      expect(byName.has(name), name).toBe(true)
    }
    for (const a of alerts) {
      const names = namesIn(a.expr)
      for (const n of names) expect(isKnown(n), `${a.alert}: ${n}`).toBe(true)
    }
    expect(namesIn(byName.get('ProjectionLagHigh')!.expr)).toContain('supervision_projection_lag_seconds_bucket')
    expect(namesIn(byName.get('Http5xxRateHigh')!.expr)).toContain('supervision_http_requests_total')
    if (PROMTOOL === null) {
      console.warn('promtool absent (Debian package `prometheus`): alerts.yml not checked nor unit-tested by promtool')
      return
    }
    const check = promtool(['check', 'rules', 'docs/prometheus/alerts.yml'])
    expect(check.status, check.output).toBe(0)
    expect(check.output).toMatch(new RegExp(`SUCCESS: ${alerts.length} rules found`))
    const test = promtool(['test', 'rules', 'docs/prometheus/alerts.test.yml'])
    expect(test.status, test.output).toBe(0)
    expect(test.output).toMatch(/SUCCESS/)
  })
})

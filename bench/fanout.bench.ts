/**
 * Fan-out benchmark (issue 6): 500 socket.io wall clients on a real server process, 1,000
 * events/s into ingest (each the `submitted` event of a new case) projected by a real worker
 * process whose publisher coalesces the wall's deltas (one per `WALL_MIN_INTERVAL_MS`); latency
 * from the send of an event's batch to each client's receipt of the first delta reflecting it,
 * p50 and p99 (the headline: it includes the ingest request itself); the same from the batch's 202
 * (the "from ingest"); and when the page would draw it (its render rule replayed).
 * The clients join while events flow (20 every 250 ms), as walls join a live deployment: a delta
 * can reach a joining client before its snapshot, and every client must end consistent.
 * Baseline in the same run: a bare emitter round trip (worker-side redis-emitter → redis adapter
 * → server → the same 500 clients), idle and under the same load.
 * Writes bench/results/fanout-*.json.
 *
 *   npm run bench:fanout [-- --clients 500 --rate 1000 --seconds 20 --batch 100]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import { request } from 'undici'
import { ensureServices } from '../scripts/services.ts'
import { createTestDatabase, uniqueName } from '../test/db.ts'
import { createKey, createUser, JURISDICTION, seedReference, TEST_PASSWORD } from '../test/harness.ts'
import { freePort } from '../test/redis-server.ts'
import { Emitter } from '@socket.io/redis-emitter'
import { socketChannelKey } from '../domain/realtime/topics.ts'
import { LatencyHistogram, measureDeltas, openWallClients, type SendLog } from '../loadtest/fanout-driver.ts'
import { median, percentile, writeResult } from './lib.ts'
import { readWallPanels } from '../sql/wall.ts'
import { WALL_MIN_INTERVAL_MS, WALL_PANEL_MIN_INTERVAL_MS } from '../domain/realtime/wall.ts'

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '500' }, rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' }, batch: { type: 'string', default: '100' }, interval: { type: 'string', default: String(WALL_MIN_INTERVAL_MS) } },
})
const CLIENTS = Number(values.clients)
const RATE = Number(values.rate)
const SECONDS = Number(values.seconds)
const BATCH = Number(values.batch)
const INTERVAL = Number(values.interval)

/** Durations of the publisher's reads (the worker logs each one: WALL_SLOW_READ_MS=0). */
const publisherReads: number[] = []

function spawnProc(args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const p = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  p.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`))
  p.stdout?.on('data', (d: Buffer) => {
    for (const line of String(d).split('\n')) {
      const m = /wall read took (\d+) ms/.exec(line)
      if (m) publisherReads.push(Number(m[1]))
      else if (/failed|error/i.test(line)) process.stderr.write(`[${name}] ${line}\n`)
    }
  })
  return p
}

async function waitReady(base: string): Promise<void> {
  const until = Date.now() + 30_000
  for (;;) {
    try {
      const r = await request(`${base}/readyz`)
      await r.body.text()
      if (r.statusCode === 200) return
    } catch (err) {
      if (Date.now() > until) throw err
    }
    if (Date.now() > until) throw new Error('server not ready')
    await new Promise((r) => setTimeout(r, 200))
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const services = await ensureServices({ dataDir: './.data/bench', log: (m) => process.stderr.write(`[services] ${m}\n`) })
process.env.DATABASE_URL = services.databaseUrl
const db = await createTestDatabase('bench_fanout')
await seedReference(db.pool)
await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) SELECT '440204-D' || lpad(i::text, 2, '0'), $1, '部门' || i FROM generate_series(1, 30) i`, [JURISDICTION])
const departments = (await db.pool.query<{ code: string }>('SELECT code FROM departments ORDER BY code')).rows.map((r) => r.code)
const key = await createKey(db.pool, 'bench')
await createUser(db.pool, { login: 'bench.display', roles: ['display'], jurisdictionCode: JURISDICTION })
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const prefix = uniqueName('bench')
const env = { DATABASE_URL: db.url, REDIS_URL: services.redisUrl, PORT: String(port), HOST: '127.0.0.1', QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', COOKIE_SECURE: 'false', RATE_LIMIT: 'off', WALL_MIN_INTERVAL_MS: String(INTERVAL), WALL_SLOW_READ_MS: '0' }
const server = spawnProc(['server/server.ts'], env, 'server')
const worker = spawnProc(['workers/main.ts'], { ...env, WORKER_CONCURRENCY: '4' }, 'worker')
const redis = new Redis(services.redisUrl)

let seq = 0
const batchOfEvents = (n: number, at: Date) =>
  Array.from({ length: n }, () => {
    seq++
    return { eventId: `F-${seq}-1`, kind: 'submitted', occurredAt: at.toISOString(), caseNo: `F-${seq}`, departmentCode: departments[seq % departments.length]!, body: { itemCode: 'BENCH-ITEM', channel: 'online' } }
  })
const postMs: number[] = []
async function post(events: unknown[], onAccepted?: () => void): Promise<void> {
  const t = performance.now()
  const r = await request(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(events) })
  const text = await r.body.text()
  if (r.statusCode !== 202) throw new Error(`ingest ${r.statusCode}: ${text.slice(0, 300)}`)
  postMs.push(performance.now() - t)
  onAccepted?.()
}

/** Emitter round trip to every client: `count` pings, `perSec` a second. */
async function emitterBaseline(clients: Awaited<ReturnType<typeof openWallClients>>, count: number, perSec: number): Promise<LatencyHistogram> {
  const hist = new LatencyHistogram()
  // an event outside the contract (the benchmark's own): an untyped emitter on the same channel
  const emitter = new Emitter(redis, { key: socketChannelKey(prefix) })
  const onPing = (p: { t: number }) => hist.add(performance.now() - p.t)
  const untyped = (c: (typeof clients)[number]) => c.socket as unknown as { on(e: string, f: typeof onPing): void; off(e: string, f: typeof onPing): void }
  for (const c of clients) untyped(c).on('bench/ping', onPing)
  for (let i = 0; i < count; i++) {
    emitter.to('wall').emit('bench/ping', { t: performance.now() })
    await sleep(1000 / perSec)
  }
  await sleep(1000)
  for (const c of clients) untyped(c).off('bench/ping', onPing)
  return hist
}

try {
  await waitReady(base)
  const res = await request(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bench.display', password: TEST_PASSWORD }) })
  await res.body.text()
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
  const cookie = setCookie.map((c) => c.split(';')[0] ?? '').filter((c) => c.startsWith('sv_session=')).join('; ')
  if (res.statusCode !== 200 || !cookie) throw new Error(`login ${res.statusCode}`)

  // warm up the pipeline (JIT, pools, the publisher's first snapshot)
  await post(batchOfEvents(200, new Date()))
  await sleep(2000)

  // clients join while the wall is live (as walls do): 20 events every 250 ms meanwhile, so some
  // joins see a delta before their snapshot
  let joining = true
  const joinLoad = (async () => {
    while (joining) {
      await post(batchOfEvents(20, new Date()))
      await sleep(250)
    }
  })()
  const t0 = performance.now()
  const clients = await openWallClients(base, cookie, CLIENTS)
  const connectMs = performance.now() - t0
  joining = false
  await joinLoad
  process.stdout.write(`${clients.length} wall clients joined in ${Math.round(connectMs)} ms\n`)

  const idleBaseline = await emitterBaseline(clients, 40, 10)
  process.stdout.write(`baseline (emitter round trip, idle): p50 ${idleBaseline.percentile(50)} ms p99 ${idleBaseline.percentile(99)} ms\n`)

  // every client's own state must agree now (the join-phase events have settled)
  const start = clients[0]!.receivedNow
  const disagree = clients.filter((c) => c.receivedNow !== start).length
  if (disagree > 0) process.stderr.write(`warning: ${disagree} clients disagree with client 0 on receivedToday before the load\n`)
  for (const c of clients) c.received = start
  const log: SendLog = { cumulative: [], sentAt: [], acceptedAt: [] }
  postMs.length = 0
  publisherReads.length = 0
  const hist = new LatencyHistogram()
  const paintedHist = new LatencyHistogram()
  const acceptedHist = new LatencyHistogram()
  const stop = measureDeltas(clients, start, log, hist, { painted: { hist: paintedHist, minPanelIntervalMs: WALL_PANEL_MIN_INTERVAL_MS }, fromAccepted: acceptedHist })
  const deltasBefore = clients.map((c) => c.deltas)

  // the load: RATE events/s in batches of BATCH, paced on a fixed schedule; the loaded baseline meanwhile
  const batches = Math.round((RATE * SECONDS) / BATCH)
  const every = (1000 * BATCH) / RATE
  const loadStart = performance.now()
  let sent = 0
  const inflight: Promise<void>[] = []
  const loadedBaseline = (async () => {
    await sleep(2000)
    return emitterBaseline(clients, Math.max(10, (SECONDS - 4) * 5), 5)
  })()
  for (let b = 0; b < batches; b++) {
    const due = loadStart + b * every
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    const events = batchOfEvents(BATCH, new Date())
    sent += events.length
    log.cumulative.push(sent)
    log.sentAt.push(performance.now())
    inflight.push(post(events, () => (log.acceptedAt![b] = performance.now())))
  }
  await Promise.all(inflight)
  const sendSeconds = (performance.now() - loadStart) / 1000
  const loaded = await loadedBaseline
  // drain: until every client saw every event (or 15 s)
  const until = performance.now() + 15_000
  while (clients.some((c) => c.received < start + sent) && performance.now() < until) await sleep(100)
  const seconds = (performance.now() - loadStart) / 1000
  stop()
  const behind = clients.filter((c) => c.received < start + sent).length
  const deltasPerClientPerSec = clients.map((c, i) => (c.deltas - deltasBefore[i]!) / seconds)
  const gaps = clients.reduce((n, c) => n + c.gaps, 0)

  // where the time goes: ingest → projected (events.received_at → projected_at), and one wall read
  const lag = (await db.pool.query<{ p50: number; p99: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
     FROM (SELECT extract(epoch FROM projected_at - received_at) * 1000 AS ms FROM events WHERE event_id LIKE 'F-%') x`,
  )).rows[0]!
  const reads: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    await readWallPanels(db.pool, JURISDICTION, new Date())
    reads.push(performance.now() - t)
  }

  const summary = {
    clients: clients.length,
    eventsSent: sent,
    ratePerSecTarget: RATE,
    ratePerSecSent: Math.round(sent / sendSeconds),
    batchSize: BATCH,
    publishIntervalMs: INTERVAL,
    connectAllMs: Math.round(connectMs),
    samples: hist.n,
    latencyMsP50: hist.percentile(50),
    latencyMsP90: hist.percentile(90),
    latencyMsP99: hist.percentile(99),
    latencyMsMax: hist.percentile(100),
    paintedPanelIntervalMs: WALL_PANEL_MIN_INTERVAL_MS,
    paintedMsP50: paintedHist.percentile(50),
    paintedMsP99: paintedHist.percentile(99),
    fromAcceptedMsP50: acceptedHist.percentile(50),
    fromAcceptedMsP99: acceptedHist.percentile(99),
    baselineIdleMsP50: idleBaseline.percentile(50),
    baselineIdleMsP99: idleBaseline.percentile(99),
    baselineLoadedMsP50: loaded.percentile(50),
    baselineLoadedMsP99: loaded.percentile(99),
    deltasPerClientPerSecMax: Number(Math.max(...deltasPerClientPerSec).toFixed(2)),
    versionGaps: gaps,
    /** Joins that saw a delta before their snapshot (the driver folds it in after; a page resyncs). */
    joinsWithDeltaBeforeSnapshot: clients.filter((c) => c.beforeSnapshot > 0).length,
    /** Clients whose state disagreed with the others' before the load (0: every join ended consistent). */
    clientsInconsistentAfterJoin: disagree,
    clientsBehindAtEnd: behind,
    ingestAcceptMsP50: Math.round(percentile(postMs, 50)),
    ingestAcceptMsP99: Math.round(percentile(postMs, 99)),
    projectionLagMsP50: Math.round(lag.p50),
    projectionLagMsP99: Math.round(lag.p99),
    wallReadMsIdleMedian: Math.round(median(reads)),
    publisherReadMsP50: Math.round(percentile(publisherReads, 50)),
    publisherReadMsP99: Math.round(percentile(publisherReads, 99)),
    targetP99Ms: 500,
  }
  const file = writeResult('fanout', summary)
  process.stdout.write(`\nfanout: ${summary.clients} clients, ${summary.ratePerSecSent} events/s for ${SECONDS} s: event → wall p50 ${summary.latencyMsP50} ms, p90 ${summary.latencyMsP90} ms, p99 ${summary.latencyMsP99} ms (target p99 < 500 ms; publish interval ${INTERVAL} ms)\n`)
  process.stdout.write(`from acceptance (the batch's 202) to receipt: p50 ${summary.fromAcceptedMsP50} ms, p99 ${summary.fromAcceptedMsP99} ms\n`)
  process.stdout.write(`painted (the page's ≤ 1 render per ${WALL_PANEL_MIN_INTERVAL_MS} ms per panel, replayed): p50 ${summary.paintedMsP50} ms, p99 ${summary.paintedMsP99} ms\n`)
  process.stdout.write(`baseline emitter round trip: idle p50 ${summary.baselineIdleMsP50} / p99 ${summary.baselineIdleMsP99} ms, under load p50 ${summary.baselineLoadedMsP50} / p99 ${summary.baselineLoadedMsP99} ms; deltas per client ≤ ${summary.deltasPerClientPerSecMax}/s, ${gaps} version gaps, ${behind} clients behind; ${summary.joinsWithDeltaBeforeSnapshot} joins saw a delta before their snapshot, ${disagree} clients inconsistent after joining\n`)
  process.stdout.write(`breakdown: ingest accepted (202) p50 ${summary.ingestAcceptMsP50} / p99 ${summary.ingestAcceptMsP99} ms; stored → projected p50 ${summary.projectionLagMsP50} / p99 ${summary.projectionLagMsP99} ms; publisher's read p50 ${summary.publisherReadMsP50} / p99 ${summary.publisherReadMsP99} ms; a full wall read (idle) ${summary.wallReadMsIdleMedian} ms\n`)
  process.stdout.write(`written ${file}\n`)
  for (const c of clients) c.socket.disconnect()
} finally {
  redis.disconnect()
  server.kill('SIGTERM')
  worker.kill('SIGTERM')
  await sleep(1500)
  await db.drop()
  await services.stop()
}

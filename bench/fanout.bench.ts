/**
 * Fan-out benchmark (issue 6): 500 socket.io wall clients on a real server process, 1,000
 * events/s into ingest (each the `submitted` event of a new case) projected by a real worker
 * process whose publisher coalesces the wall's deltas (one per `WALL_MIN_INTERVAL_MS`); latency
 * from the send of an event's batch to each client's receipt of the first delta reflecting it,
 * p50 and p99 (the headline: it includes the ingest request itself); the same from the batch's 202
 * (the issue's "from ingest"); and when the page would draw it (its render rule replayed).
 * The clients join while events flow (20 every 250 ms), as walls join a live deployment: a delta
 * can reach a joining client before its snapshot, and every client must end consistent.
 * Baseline in the same run: a bare emitter round trip (worker-side redis-emitter → redis adapter
 * → server → the same 500 clients), idle and under the same load.
 * With `--mobile N` (issue 16): after that wall-only run (the baseline), N leaders' phones join as
 * /m does (`--leaders` signed-in leader accounts in turn; room `mobile` and the user's own room)
 * and the same load runs again with both kinds connected. Beside the submitted events, `--red`
 * long-overdue cases a second are sent (submitted and accepted 40 days ago: the projection issues
 * a red card, the trigger queues an in-app notification for every leader, the notify worker
 * delivers it); a phone's latency is from that send to its receipt of the notification for the
 * case (what /m's inbox draws). Memory per connection: the server's RSS and heap (its /metrics)
 * before and after each kind of client joined, divided by the number joined.
 * Where a phone's time goes: a red card's in-app outbox rows from their insert to their delivery
 * (outboxWaitMs). `NOTIFY_WAKE=off` in the environment runs the worker without the delivery on
 * insert (migration 380), with only the scheduled rounds every NOTIFY_EVERY_MS: the comparison.
 * Writes bench/results/fanout-*.json.
 *
 *   npm run bench:fanout [-- --clients 500 --rate 1000 --seconds 20 --batch 100 --mobile 2000 --leaders 20 --red 2 --stale-stats]
 * CPU seconds per process over each phase: python3 bench/cpu-by-process.py -- <the same options>
 */
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import { request } from 'undici'
import { ensureServices } from '../scripts/services.ts'
import { createTestDatabase, uniqueName } from '../test/db.ts'
import { createKey, createUser, JURISDICTION, seedReference, TEST_PASSWORD } from '../test/harness.ts'
import { freePort } from '../test/redis-server.ts'
import { Emitter } from '@socket.io/redis-emitter'
import { socketChannelKey } from '../domain/realtime/topics.ts'
import { LatencyHistogram, measureDeltas, measureMobile, openMobileClients, openWallClients, type MobileClient, type SendLog, type WallClient } from '../loadtest/fanout-driver.ts'
import { caseLifecycle } from '../domain/events/fixtures.ts'
import { median, percentile, writeResult } from './lib.ts'
import { readWallPanels } from '../sql/wall.ts'
import { WALL_MIN_INTERVAL_MS, WALL_PANEL_MIN_INTERVAL_MS } from '../domain/realtime/wall.ts'

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '500' }, rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' }, batch: { type: 'string', default: '100' }, interval: { type: 'string', default: String(WALL_MIN_INTERVAL_MS) }, mobile: { type: 'string', default: '0' }, 'stale-stats': { type: 'boolean', default: false }, leaders: { type: 'string', default: '20' }, red: { type: 'string', default: '2' } },
})
const CLIENTS = Number(values.clients)
const RATE = Number(values.rate)
const SECONDS = Number(values.seconds)
const BATCH = Number(values.batch)
const INTERVAL = Number(values.interval)
const MOBILE = Number(values.mobile)
const LEADERS = Math.max(1, Number(values.leaders))
const RED_PER_SEC = Number(values.red)
/**
 * Before each measured run the bench ANALYZEs its database, as a deployment's autovacuum keeps the
 * planner's statistics. Without it (`--stale-stats`) the fresh database keeps the statistics of its
 * empty tables on a busy machine (autovacuum had not reached it in 2 minutes) and the cards trigger's
 * open_case_cards_refresh (migration 111) scans every open case per card: PostgreSQL then took 76-85 %
 * of the CPU in the second run, with or without phones (README, fan-out with phones).
 */
const STALE_STATS = values['stale-stats'] === true

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
  const until = Date.now() + 300_000 // a loaded machine starts the server slowly (load 40: over 2 minutes)
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
// diagnosis: BENCH_AUTO_EXPLAIN=150ms logs the plans of this database's statements slower than that
// (with their nested trigger statements) to PostgreSQL's log
if (process.env.BENCH_AUTO_EXPLAIN) {
  const name = new URL(db.url).pathname.slice(1)
  const settings = { session_preload_libraries: 'auto_explain', 'auto_explain.log_min_duration': process.env.BENCH_AUTO_EXPLAIN, 'auto_explain.log_nested_statements': 'on', 'auto_explain.log_analyze': 'on', 'auto_explain.log_timing': 'off' }
  for (const [k, v] of Object.entries(settings)) await db.pool.query(`ALTER DATABASE "${name}" SET ${k} = '${v}'`)
}
await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) SELECT '440204-D' || lpad(i::text, 2, '0'), $1, '部门' || i FROM generate_series(1, 30) i`, [JURISDICTION])
const departments = (await db.pool.query<{ code: string }>('SELECT code FROM departments ORDER BY code')).rows.map((r) => r.code)
const key = await createKey(db.pool, 'bench')
await createUser(db.pool, { login: 'bench.display', roles: ['display'], jurisdictionCode: JURISDICTION })
// district leaders (no leader_departments rows: the whole jurisdiction): every red card notifies each
for (let i = 0; i < LEADERS; i++) await createUser(db.pool, { login: `bench.leader${i}`, roles: ['leader'], jurisdictionCode: JURISDICTION })
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
/** A long-overdue case (submitted and accepted 40 days ago): its projection issues a red card. */
let redSeq = 0
const redCase = () => {
  redSeq++
  const caseNo = `R-${redSeq}`
  return { caseNo, events: caseLifecycle(caseNo, departments[redSeq % departments.length]!, Date.now() - 40 * 86_400_000, { seed: redSeq }).slice(0, 2) }
}
const postMs: number[] = []
/** Batches answered 503 (the server's database pool exhausted on a loaded machine) and sent again, as an ingest client does. */
let retried503 = 0
async function post(events: unknown[], onAccepted?: () => void): Promise<void> {
  const t = performance.now()
  const body = JSON.stringify(events)
  for (let attempt = 0; ; attempt++) {
    const r = await request(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body })
    const text = await r.body.text()
    if (r.statusCode === 202) break
    if (r.statusCode !== 503 || attempt >= 20) throw new Error(`ingest ${r.statusCode}: ${text.slice(0, 300)}`)
    retried503++
    await sleep(250)
  }
  // the latency of its events still counts from the first send (log.sentAt)
  postMs.push(performance.now() - t)
  onAccepted?.()
}
// an emitter ping still in flight when the run stops must not end the process with a stack
process.on('unhandledRejection', (err) => process.stderr.write(`unhandled: ${(err as Error).message}\n`))

/** Emitter round trip to every client: `count` pings, `perSec` a second. */
async function emitterBaseline(clients: WallClient[], count: number, perSec: number): Promise<LatencyHistogram> {
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

/** The server's resident set and used heap, from its /metrics (prom-client's default metrics). */
async function serverMemory(): Promise<{ rssBytes: number; heapUsedBytes: number }> {
  const r = await request(`${base}/metrics`)
  const text = await r.body.text()
  const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN)
  return { rssBytes: read('process_resident_memory_bytes'), heapUsedBytes: read('nodejs_heap_size_used_bytes') }
}
/**
 * Memory after the clients settled, from 5 readings a second apart: the median RSS, and the least
 * heap used (the nearest to what a collection leaves; the server is not run with --expose-gc).
 */
async function settledMemory(): Promise<{ rssBytes: number; heapUsedBytes: number }> {
  const xs: { rssBytes: number; heapUsedBytes: number }[] = []
  for (let i = 0; i < 5; i++) {
    await sleep(1000)
    xs.push(await serverMemory())
  }
  return { rssBytes: median(xs.map((x) => x.rssBytes)), heapUsedBytes: Math.min(...xs.map((x) => x.heapUsedBytes)) }
}
async function signIn(login: string): Promise<string> {
  const res = await request(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: TEST_PASSWORD }) })
  await res.body.text()
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
  const cookie = setCookie.map((c) => c.split(';')[0] ?? '').filter((c) => c.startsWith('sv_session=')).join('; ')
  if (res.statusCode !== 200 || !cookie) throw new Error(`login ${login}: ${res.statusCode}`)
  return cookie
}
const perConnection = (after: { rssBytes: number; heapUsedBytes: number }, before: { rssBytes: number; heapUsedBytes: number }, n: number) => ({
  rssKiBPerConnection: Math.round((after.rssBytes - before.rssBytes) / 1024 / n),
  heapKiBPerConnection: Math.round((after.heapUsedBytes - before.heapUsedBytes) / 1024 / n),
})
const load1 = () => Number(os.loadavg()[0]!.toFixed(2))

/**
 * One measured run: RATE events/s for SECONDS to the wall clients (and the phones, if any), the
 * red cases beside them, the loaded emitter baseline meanwhile; then the drain.
 */
async function runLoad(clients: WallClient[], phones: MobileClient[]) {
  if (!STALE_STATS) await db.pool.query('ANALYZE')
  // every client's own state must agree now (the earlier events have settled)
  const start = clients[0]!.receivedNow
  const disagree = clients.filter((c) => c.receivedNow !== start).length
  if (disagree > 0) process.stderr.write(`warning: ${disagree} clients disagree with client 0 on receivedToday before the load\n`)
  for (const c of clients) c.received = start
  const log: SendLog = { cumulative: [], sentAt: [], acceptedAt: [] }
  postMs.length = 0
  publisherReads.length = 0
  retried503 = 0
  const loadAtStart = load1()
  const hist = new LatencyHistogram()
  const paintedHist = new LatencyHistogram()
  const acceptedHist = new LatencyHistogram()
  const phoneHist = new LatencyHistogram()
  const redSentAt = new Map<string, number>()
  const stop = measureDeltas(clients, start, log, hist, { painted: { hist: paintedHist, minPanelIntervalMs: WALL_PANEL_MIN_INTERVAL_MS }, fromAccepted: acceptedHist })
  const stopPhones = measureMobile(phones, redSentAt, phoneHist)
  const deltasBefore = clients.map((c) => c.deltas)
  const phoneCountsBefore = phones.map((p) => [p.refreshes, p.notifications] as const)

  // the load: RATE events/s in batches of BATCH, paced on a fixed schedule; the loaded baseline meanwhile
  const batches = Math.round((RATE * SECONDS) / BATCH)
  const every = (1000 * BATCH) / RATE
  const redEvery = RED_PER_SEC > 0 ? Math.max(1, Math.round(1000 / RED_PER_SEC / every)) : 0
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
    if (redEvery > 0 && b % redEvery === 0) {
      const red = redCase()
      redSentAt.set(red.caseNo, performance.now())
      inflight.push(post(red.events))
    }
  }
  await Promise.all(inflight)
  const sendSeconds = (performance.now() - loadStart) / 1000
  const loaded = await loadedBaseline
  // drain: until every client saw every event and every phone every red card (or 15 s)
  const until = performance.now() + 15_000
  const phonesWant = (i: number) => phoneCountsBefore[i]![1] + redSentAt.size
  while ((clients.some((c) => c.received < start + sent) || phones.some((p, i) => p.notifications < phonesWant(i))) && performance.now() < until) await sleep(100)
  const seconds = (performance.now() - loadStart) / 1000
  stop()
  stopPhones()
  const behind = clients.filter((c) => c.received < start + sent).length
  const phonesBehind = phones.filter((p, i) => p.notifications < phonesWant(i)).length
  const deltasPerClientPerSec = clients.map((c, i) => (c.deltas - deltasBefore[i]!) / seconds)
  const refreshesPerPhonePerSec = phones.map((p, i) => (p.refreshes - phoneCountsBefore[i]![0]) / seconds)
  const gaps = clients.reduce((n, c) => n + c.gaps, 0)
  return {
    wallClients: clients.length,
    mobileClients: phones.length,
    eventsSent: sent,
    ratePerSecSent: Math.round(sent / sendSeconds),
    redCasesSent: redSentAt.size,
    loadAverage1mStart: loadAtStart,
    loadAverage1mEnd: load1(),
    samples: hist.n,
    latencyMsP50: hist.percentile(50),
    latencyMsP90: hist.percentile(90),
    latencyMsP99: hist.percentile(99),
    latencyMsMax: hist.percentile(100),
    paintedMsP50: paintedHist.percentile(50),
    paintedMsP99: paintedHist.percentile(99),
    fromAcceptedMsP50: acceptedHist.percentile(50),
    fromAcceptedMsP99: acceptedHist.percentile(99),
    /** Event (the red case's send) → each phone's receipt of its notification. */
    mobileSamples: phoneHist.n,
    mobileLatencyMsP50: phones.length ? phoneHist.percentile(50) : null,
    mobileLatencyMsP90: phones.length ? phoneHist.percentile(90) : null,
    mobileLatencyMsP99: phones.length ? phoneHist.percentile(99) : null,
    mobileLatencyMsMax: phones.length ? phoneHist.percentile(100) : null,
    mobileRefreshesPerPhonePerSecMax: phones.length ? Number(Math.max(...refreshesPerPhonePerSec).toFixed(2)) : null,
    phonesBehindAtEnd: phonesBehind,
    baselineLoadedMsP50: loaded.percentile(50),
    baselineLoadedMsP99: loaded.percentile(99),
    deltasPerClientPerSecMax: Number(Math.max(...deltasPerClientPerSec).toFixed(2)),
    versionGaps: gaps,
    clientsInconsistentBeforeLoad: disagree,
    clientsBehindAtEnd: behind,
    ingest503Retries: retried503,
    ingestAcceptMsP50: Math.round(percentile(postMs, 50)),
    ingestAcceptMsP99: Math.round(percentile(postMs, 99)),
    publisherReadMsP50: Math.round(percentile(publisherReads, 50)),
    publisherReadMsP99: Math.round(percentile(publisherReads, 99)),
  }
}

type Run = Awaited<ReturnType<typeof runLoad>>
function printRun(label: string, r: Run): void {
  process.stdout.write(`\n[${label}] ${r.wallClients} wall + ${r.mobileClients} mobile clients, ${r.ratePerSecSent} events/s for ${SECONDS} s (+${r.redCasesSent} red cases), load average ${r.loadAverage1mStart} → ${r.loadAverage1mEnd}\n`)
  process.stdout.write(`  event → wall p50 ${r.latencyMsP50} ms, p90 ${r.latencyMsP90} ms, p99 ${r.latencyMsP99} ms; painted p99 ${r.paintedMsP99} ms; from the 202 p99 ${r.fromAcceptedMsP99} ms\n`)
  if (r.mobileClients) process.stdout.write(`  event → phone (red card notification) p50 ${r.mobileLatencyMsP50} ms, p90 ${r.mobileLatencyMsP90} ms, p99 ${r.mobileLatencyMsP99} ms, max ${r.mobileLatencyMsMax} ms (${r.mobileSamples} receipts; ${r.phonesBehindAtEnd} phones behind; mobile/refresh ≤ ${r.mobileRefreshesPerPhonePerSecMax}/s per phone)\n`)
  process.stdout.write(`  emitter round trip under load p50 ${r.baselineLoadedMsP50} / p99 ${r.baselineLoadedMsP99} ms; deltas per client ≤ ${r.deltasPerClientPerSecMax}/s, ${r.versionGaps} version gaps, ${r.clientsBehindAtEnd} clients behind; ingest 202 p99 ${r.ingestAcceptMsP99} ms (${r.ingest503Retries} batches sent again after a 503); publisher's read p99 ${r.publisherReadMsP99} ms\n`)
}

try {
  await waitReady(base)
  const cookie = await signIn('bench.display')
  const leaderCookies: string[] = []
  for (let i = 0; i < (MOBILE > 0 ? LEADERS : 0); i++) leaderCookies.push(await signIn(`bench.leader${i}`))

  // warm up the pipeline (JIT, pools, the publisher's first snapshot, a red card's notifications)
  await post(batchOfEvents(200, new Date()))
  await post(redCase().events)
  await sleep(3000)
  const memIdle = await settledMemory()

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
  const memWall = await settledMemory()

  const idleBaseline = await emitterBaseline(clients, 40, 10)
  process.stdout.write(`baseline (emitter round trip, idle): p50 ${idleBaseline.percentile(50)} ms p99 ${idleBaseline.percentile(99)} ms\n`)

  const wallOnly = await runLoad(clients, [])
  printRun('wall only', wallOnly)
  let withPhones: Run | null = null
  let phonesConnectMs: number | null = null
  let memPhones: { rssBytes: number; heapUsedBytes: number } | null = null
  if (MOBILE > 0) {
    const t1 = performance.now()
    const phones = await openMobileClients(base, leaderCookies, MOBILE)
    phonesConnectMs = Math.round(performance.now() - t1)
    process.stdout.write(`\n${phones.length} mobile clients (${LEADERS} leaders) joined in ${phonesConnectMs} ms\n`)
    memPhones = await settledMemory()
    await sleep(2000)
    withPhones = await runLoad(clients, phones)
    printRun('wall + mobile', withPhones)
    for (const p of phones) p.socket.disconnect()
  }
  const joinsWithDeltaBeforeSnapshot = clients.filter((c) => c.beforeSnapshot > 0).length

  // where the time goes: ingest → projected, and one wall read. The events rows no longer record
  // when they were projected (migration 300), so it is measured on each case's latest event: from
  // its receipt to the case row's projected_at (the projection that folded it wrote the row)
  const lag = (await db.pool.query<{ p50: number; p99: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
     FROM (SELECT extract(epoch FROM c.projected_at - e.received_at) * 1000 AS ms
           FROM (SELECT DISTINCT ON (case_no) case_no, received_at FROM events
                 WHERE event_id LIKE 'F-%' AND case_no IS NOT NULL ORDER BY case_no, seq DESC) e
           JOIN cases c USING (case_no)) x`,
  )).rows[0]!
  // the phones' side: a red card's in-app rows, from their insert (the projection's commit) to
  // their delivery — the wait for a delivery round (NOTIFY_WAKE=off: the next NOTIFY_EVERY_MS tick)
  const outbox = (await db.pool.query<{ p50: number | null; p99: number | null; n: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*)::int AS n
     FROM (SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM notification_outbox
           WHERE channel = 'inapp' AND status = 'sent' AND subject_no LIKE 'R-%') x`,
  )).rows[0]!
  const reads: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    await readWallPanels(db.pool, JURISDICTION, new Date())
    reads.push(performance.now() - t)
  }

  const summary = {
    // the wall-only run's figures at the top level (as before issue 16); the run with phones below
    clients: clients.length,
    ...wallOnly,
    ratePerSecTarget: RATE,
    batchSize: BATCH,
    seconds: SECONDS,
    publishIntervalMs: INTERVAL,
    paintedPanelIntervalMs: WALL_PANEL_MIN_INTERVAL_MS,
    connectAllMs: Math.round(connectMs),
    baselineIdleMsP50: idleBaseline.percentile(50),
    baselineIdleMsP99: idleBaseline.percentile(99),
    /** Joins that saw a delta before their snapshot (the driver folds it in after; a page resyncs). */
    joinsWithDeltaBeforeSnapshot,
    /** Clients whose state disagreed with the others' before the load (0: every join ended consistent). */
    clientsInconsistentAfterJoin: wallOnly.clientsInconsistentBeforeLoad,
    projectionLagMsP50: Math.round(lag.p50),
    projectionLagMsP99: Math.round(lag.p99),
    /** A red card's in-app outbox rows: insert → delivered (both runs, warm-up included). */
    outboxWaitMsP50: outbox.p50 === null ? null : Math.round(outbox.p50),
    outboxWaitMsP99: outbox.p99 === null ? null : Math.round(outbox.p99),
    outboxRowsDelivered: outbox.n,
    notifyWake: !/^(0|false|off|no)$/i.test(process.env.NOTIFY_WAKE ?? ''),
    wallReadMsIdleMedian: Math.round(median(reads)),
    redCasesPerSec: RED_PER_SEC,
    leaders: MOBILE > 0 ? LEADERS : 0,
    mobileConnectAllMs: phonesConnectMs,
    memory: {
      idle: memIdle,
      afterWall: memWall,
      afterMobile: memPhones,
      wall: perConnection(memWall, memIdle, clients.length),
      mobile: memPhones ? perConnection(memPhones, memWall, MOBILE) : null,
    },
    withMobile: withPhones,
    targetP99Ms: 500,
    analyzedBeforeEachRun: !STALE_STATS,
  }
  const file = writeResult('fanout', summary)
  process.stdout.write(`\nmemory per connection (server RSS / heap used, delta ÷ connections): wall ${summary.memory.wall.rssKiBPerConnection} / ${summary.memory.wall.heapKiBPerConnection} KiB`)
  if (summary.memory.mobile) process.stdout.write(`; mobile ${summary.memory.mobile.rssKiBPerConnection} / ${summary.memory.mobile.heapKiBPerConnection} KiB`)
  process.stdout.write(`\nbreakdown: stored → projected p50 ${summary.projectionLagMsP50} / p99 ${summary.projectionLagMsP99} ms; a full wall read (idle) ${summary.wallReadMsIdleMedian} ms; a red card's in-app notification, inserted → delivered p50 ${summary.outboxWaitMsP50} / p99 ${summary.outboxWaitMsP99} ms (${summary.outboxRowsDelivered} rows, delivery on insert ${summary.notifyWake ? 'on' : 'off'}); ${joinsWithDeltaBeforeSnapshot} joins saw a delta before their snapshot\n`)
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

/**
 * Ingest benchmark: posts N events in batches of 1,000 to a real server process (with a real
 * worker process projecting them) and measures
 *   - end-to-end throughput: accepted, stored AND projected, events/s (median of runs);
 *   - batch accept latency p50/p99 and single-event accept latency p50/p99;
 *   - the baseline: a raw COPY of the same rows into the same `events` table, in the same run.
 * The figure is the ratio end-to-end / COPY. Writes bench/results/ingest-*.json.
 *
 *   npm run bench:ingest [-- --events 50000 --runs 3 --concurrency 4 --workers 1 --worker-concurrency 4]
 *
 * `--workers N` starts N worker processes (each with `--worker-concurrency` project jobs at once):
 * how projection throughput grows with workers on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { from as copyFrom } from 'pg-copy-streams'
import { request } from 'undici'
import { caseLifecycle, type RawEvent } from '../domain/events/fixtures.ts'
import { ensureServices } from '../scripts/services.ts'
import { createTestDatabase, uniqueName } from '../test/db.ts'
import { createKey, DEPTS, seedReference } from '../test/harness.ts'
import { freePort } from '../test/redis-server.ts'
import { median, percentile, writeResult } from './lib.ts'

const { values } = parseArgs({
  options: { events: { type: 'string', default: '50000' }, runs: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '4' }, singles: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1' }, 'worker-concurrency': { type: 'string', default: '4' } },
})
const N = Number(values.events)
const RUNS = Number(values.runs)
const CONC = Number(values.concurrency)
const SINGLES = Number(values.singles)
const WORKERS = Number(values.workers)
const WORKER_CONCURRENCY = Number(values['worker-concurrency'])

function makeEvents(tag: string, n: number): RawEvent[] {
  const out: RawEvent[] = []
  const t0 = Date.now() - 40 * 24 * 3600_000
  for (let i = 0; out.length < n; i++) {
    out.push(...caseLifecycle(`B${tag}-${i}`, DEPTS[i % DEPTS.length]!, t0 + i * 1000, { seed: i, supplement: i % 5 === 0, fee: i % 3 === 0 ? 20 : undefined }))
  }
  return out.slice(0, n)
}

function spawnProc(args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const p = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  p.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`))
  return p
}

async function waitReady(base: string): Promise<void> {
  const until = Date.now() + 120_000 // a loaded machine starts tsx slowly
  for (;;) {
    try {
      const r = await request(`${base}/readyz`)
      const body = await r.body.text()
      if (r.statusCode === 200) return
      if (Date.now() > until) throw new Error(body)
    } catch (err) {
      if (Date.now() > until) throw err
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

const LOAD_START = os.loadavg().map((x) => Number(x.toFixed(2)))
const services = await ensureServices({ dataDir: './.data/bench', log: (m) => process.stderr.write(`[services] ${m}\n`) })
process.env.DATABASE_URL = services.databaseUrl
const db = await createTestDatabase('bench_ingest')
await seedReference(db.pool)
const key = await createKey(db.pool, 'bench')
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const env = { DATABASE_URL: db.url, REDIS_URL: services.redisUrl, PORT: String(port), HOST: '127.0.0.1', QUEUE_PREFIX: uniqueName('bench'), LOG_LEVEL: 'warn' }
const server = spawnProc(['server/server.ts'], env, 'server')
// one wall publisher is enough (they serialise on a Redis lock anyway)
const workers = Array.from({ length: WORKERS }, (_, i) =>
  spawnProc(['workers/main.ts'], { ...env, WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), ...(i > 0 ? { WALL_PUBLISH: 'off' } : {}) }, `worker${i + 1}`),
)

async function post(payload: unknown): Promise<number> {
  const t = performance.now()
  const r = await request(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(payload) })
  const text = await r.body.text()
  if (r.statusCode !== 202) throw new Error(`ingest ${r.statusCode}: ${text.slice(0, 300)}`)
  return performance.now() - t
}

// CPU (ms) of the server, each worker, the PostgreSQL backends of the bench database and this
// driver, sampled while a run goes (backends may close when idle: the last sample of each counts)
const ticksOf = (pid: number | undefined): number | null => {
  if (pid === undefined) return null
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return null
  }
}
type CpuSample = Map<string, number>
async function cpuSample(into: CpuSample = new Map()): Promise<CpuSample> {
  const { rows } = await db.pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
  const procs: [string, number | undefined][] = [['server', server.pid], ...workers.map((w, i): [string, number | undefined] => [`worker${i + 1}`, w.pid]), ...rows.map((r): [string, number] => [`pg:${r.pid}`, r.pid])]
  for (const [k, pid] of procs) {
    const t = ticksOf(pid)
    if (t !== null) into.set(k, t)
  }
  const u = process.cpuUsage()
  into.set('driver', (u.user + u.system) / 1000)
  return into
}
function cpuPer1000(a: CpuSample, b: CpuSample, n: number) {
  const sum = (pred: (k: string) => boolean) => [...b].filter(([k]) => pred(k)).reduce((s, [k, v]) => s + v - (a.get(k) ?? 0), 0)
  const per = (ms: number) => Math.round((ms * 1000) / n)
  return { server: per(sum((k) => k === 'server')), workers: per(sum((k) => k.startsWith('worker'))), postgres: per(sum((k) => k.startsWith('pg:'))), driver: per(sum((k) => k === 'driver')) }
}

async function unprojected(): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM unprojected_events')
  return Number(rows[0]?.n ?? 0)
}

try {
  await waitReady(base)
  const runs: { acceptedPerSec: number; endToEndPerSec: number; copyPerSec: number; batchP50: number; batchP99: number; cpuMsPer1000: ReturnType<typeof cpuPer1000> }[] = []
  // Warm-up: JIT, connection pools, first partitions.
  await post(makeEvents('warm', 1000))
  while ((await unprojected()) > 0) await new Promise((r) => setTimeout(r, 50))

  for (let run = 0; run < RUNS; run++) {
    const events = makeEvents(`r${run}`, N)
    const batches: RawEvent[][] = []
    for (let i = 0; i < events.length; i += 1000) batches.push(events.slice(i, i + 1000))
    const latencies: number[] = []
    const cpu0 = await cpuSample()
    const cpu1 = await cpuSample()
    const t0 = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < batches.length) {
          const b = batches[next++]!
          latencies.push(await post(b))
        }
      }),
    )
    const tAccepted = performance.now() - t0
    while ((await unprojected()) > 0) {
      await cpuSample(cpu1)
      await new Promise((r) => setTimeout(r, 20))
    }
    const tProjected = performance.now() - t0
    await cpuSample(cpu1)

    // Baseline: the same rows, raw COPY into the same table (other event ids), same run.
    const copyEvents = makeEvents(`c${run}`, N)
    const client = await db.pool.connect()
    const tc = performance.now()
    try {
      const stream = client.query(copyFrom('COPY events (source, event_id, occurred_at, case_no, department_code, kind, body, projected_at) FROM STDIN'))
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
      const now = new Date().toISOString()
      await pipeline(Readable.from((function* () {
        for (let i = 0; i < copyEvents.length; i += 500) {
          yield copyEvents.slice(i, i + 500).map((e) => `bench-copy\t${e.eventId}\t${e.occurredAt}\t${e.caseNo}\t${e.departmentCode}\t${e.kind}\t${esc(JSON.stringify(e.body))}\t${now}\n`).join('')
        }
      })()), stream)
    } finally {
      client.release()
    }
    const tCopy = performance.now() - tc
    const r = {
      acceptedPerSec: Math.round(N / (tAccepted / 1000)),
      endToEndPerSec: Math.round(N / (tProjected / 1000)),
      copyPerSec: Math.round(N / (tCopy / 1000)),
      batchP50: Math.round(percentile(latencies, 50)),
      batchP99: Math.round(percentile(latencies, 99)),
      // CPU per 1,000 events from the first post to the last event projected
      cpuMsPer1000: cpuPer1000(cpu0, cpu1, N),
    }
    runs.push(r)
    process.stdout.write(`run ${run + 1}/${RUNS}: ${JSON.stringify(r)}\n`)
  }

  // Single events, one at a time: the accept latency a source system sees.
  const singles = makeEvents('single', SINGLES)
  const single: number[] = []
  for (const e of singles) single.push(await post(e))

  const summary = {
    events: N,
    runs: RUNS,
    concurrency: CONC,
    workers: WORKERS,
    workerConcurrency: WORKER_CONCURRENCY,
    batchSize: 1000,
    endToEndPerSecMedian: median(runs.map((r) => r.endToEndPerSec)),
    acceptedPerSecMedian: median(runs.map((r) => r.acceptedPerSec)),
    copyPerSecMedian: median(runs.map((r) => r.copyPerSec)),
    ratioEndToEndVsCopy: Number((median(runs.map((r) => r.endToEndPerSec)) / median(runs.map((r) => r.copyPerSec))).toFixed(3)),
    batchAcceptMsP50: median(runs.map((r) => r.batchP50)),
    batchAcceptMsP99: median(runs.map((r) => r.batchP99)),
    singleAcceptMsP50: Number(percentile(single, 50).toFixed(2)),
    singleAcceptMsP99: Number(percentile(single, 99).toFixed(2)),
    targetEventsPerSec: 10_000,
    targetSingleP99Ms: 20,
    cpuMsPer1000Median: {
      server: median(runs.map((r) => r.cpuMsPer1000.server)), workers: median(runs.map((r) => r.cpuMsPer1000.workers)),
      postgres: median(runs.map((r) => r.cpuMsPer1000.postgres)), driver: median(runs.map((r) => r.cpuMsPer1000.driver)),
    },
    loadAverage: { start: LOAD_START, end: os.loadavg().map((x) => Number(x.toFixed(2))) },
    runsDetail: runs,
  }
  const file = writeResult('ingest', summary)
  process.stdout.write(`\ningest: end-to-end ${summary.endToEndPerSecMedian} ev/s (accepted ${summary.acceptedPerSecMedian} ev/s), raw COPY ${summary.copyPerSecMedian} ev/s, ratio ${summary.ratioEndToEndVsCopy}\n`)
  process.stdout.write(`CPU per 1,000 events (median): ${JSON.stringify(summary.cpuMsPer1000Median)}; load average ${summary.loadAverage.start.join(' ')} → ${summary.loadAverage.end.join(' ')}\n`)
  process.stdout.write(`batch accept p50 ${summary.batchAcceptMsP50} ms p99 ${summary.batchAcceptMsP99} ms; single event p50 ${summary.singleAcceptMsP50} ms p99 ${summary.singleAcceptMsP99} ms\n`)
  process.stdout.write(`written ${file}\n`)
} finally {
  server.kill('SIGTERM')
  for (const w of workers) w.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 1500))
  await db.drop()
  await services.stop()
}

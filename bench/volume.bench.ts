/**
 * Volume benchmark (issue 20, "data at a province's size"): the reads a user waits for, on a store
 * of `--events` events and `--cases` cases (default 10,000,000 and 1,000,000), each against the
 * same request on a store of `--base-events` events (100,000, same events per case) loaded in the
 * same run, so that growth is a ratio.
 *
 * Data: bench/cityData.ts (generated in this process, loaded by COPY with triggers off, then the
 * wall's open counts and the statistics rollups rebuilt, VACUUM ANALYZE, 20,000 level moves left
 * unfolded), then the worker's rollup refresh (`refreshRollups`: the procedure, then on plain
 * PostgreSQL a vacuum of the view) as its maintenance job keeps the hourly event rollup. One
 * throwaway database per store on DATABASE_URL.
 *
 * Measured over HTTP (one app per store in this process, `buildApp`, real PostgreSQL and Redis; the
 * client is a county supervisor, who sees every department): p50 / p95 of `--runs` requests after
 * two warm-up requests, the two stores alternating query by query.
 *   - wall snapshot: GET /api/v1/wall/snapshot with no snapshot stored in Redis, so the server reads
 *     every panel from PostgreSQL (`readWallPanels`, what a reconnecting wall costs when no
 *     publisher has run; the publisher's own cycle reads the hot panels, timed too) — < 50 ms;
 *     and the same request with a publisher's snapshot stored in Redis (what a wall pays while the
 *     publisher runs: the server serves the stored one)
 *   - the console's first page: GET /api/v1/cases (50 rows, newest first, with its total), without
 *     filters and with the console's filters (view=alert, a department + level, a status received in
 *     the last 30 days by deadline, view=inProgress, a level, a department, a week, alerts by
 *     deadline, a number search) — < 150 ms
 *   - a case's detail with its why: GET /api/v1/cases/:no then …/explain, cases spread over the
 *     store — < 50 ms
 *   - the month's statistics: GET /api/v1/statistics/time-limits?period=month (the StatisticsReader
 *     as the route calls it) — < 200 ms
 *   - export: GET /api/v1/cases/export?format=csv of the newest ≥ `--export-rows` (100,000) cases on
 *     the large store (a `from` date), the same query on the small one; memory sampled as in
 *     bench/export.bench.ts (bench/exportSample.ts) — bounded memory
 *
 *   npm run bench:volume [-- --events 1000000 --cases 100000 --runs 30 --export-runs 2 --keep]
 *   (--big-url / --base-url: reuse stores kept by an earlier --keep run instead of loading)
 *
 * TimescaleDB compression: bench/volume-timescale.ts (`--timescale-cases N`, default 20,000, received
 * over `--timescale-days` 120, so that old chunks hold a few hundred rows per department; 0 skips).
 * Writes bench/results/volume-<timestamp>.json.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import pg from 'pg'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { WALL_SCHEMA_VERSION, type WallSnapshot } from '../domain/realtime/wall.ts'
import { wallRedisKeys } from '../domain/realtime/wallRedisKeys.ts'
import { buildApp } from '../server/app.ts'
import { readWallHotPanels, readWallPanels } from '../sql/wall.ts'
import { redisUrl, uniqueName } from '../test/db.ts'
import { createUser, JURISDICTION, openSession } from '../test/harness.ts'
import { cityCaseNo, loadCityData } from './cityData.ts'
import { exportOnce, type ExportSample } from './exportSample.ts'
import { benchDatabase, median, percentile, writeResult } from './lib.ts'
import { measureCompression } from './volume-timescale.ts'
import { refreshRollups } from '../workers/maintenance.ts'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    cases: { type: 'string', default: '1000000' },
    'base-events': { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    'export-rows': { type: 'string', default: '100000' },
    'export-runs': { type: 'string', default: '2' },
    'timescale-cases': { type: 'string', default: '20000' },
    'timescale-days': { type: 'string', default: '120' },
    'big-url': { type: 'string' },
    'base-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})
const CASES = Number(values.cases)
const EVENTS_PER_CASE = Math.max(1, Math.round(Number(values.events) / CASES))
const BASE_CASES = Math.max(1, Math.round(Number(values['base-events']) / EVENTS_PER_CASE))
const RUNS = Number(values.runs)
const EXPORT_ROWS = Number(values['export-rows'])
const EXPORT_RUNS = Number(values['export-runs'])
const TS_CASES = Number(values['timescale-cases'])
const log = (m: string) => process.stdout.write(`${m}\n`)
const now = Date.now()

interface Store {
  label: 'base' | 'big'
  cases: number
  url: string
  pool: pg.Pool
  base: string
  cookie: string
  queuePrefix: string
  close(): Promise<void>
  loadMs: Record<string, number> | null
}

async function openStore(label: Store['label'], cases: number, reuseUrl: string | undefined): Promise<Store> {
  let pool: pg.Pool
  let url: string
  let drop: () => Promise<void> = async () => {}
  let loadMs: Record<string, number> | null = null
  if (reuseUrl) {
    url = reuseUrl
    pool = new pg.Pool({ connectionString: url, max: 4 })
    log(`${label}: reusing ${url}`)
  } else {
    const b = await benchDatabase(`bench_volume_${label}`)
    pool = b.db.pool
    url = b.db.url
    drop = values.keep ? async () => { log(`kept ${url}`) } : async () => { await b.close() }
    log(`${label}: ${cases} cases, ${cases * EVENTS_PER_CASE} events, ${Math.round(cases / 10)} petitions …`)
    const t = performance.now()
    loadMs = await loadCityData(pool, { cases, eventsPerCase: EVENTS_PER_CASE, petitions: Math.round(cases / 10), now, log })
    const r = performance.now()
    await refreshRollups(pool) // the maintenance job's refresh: the procedure, then (plain PostgreSQL) a vacuum of the view
    loadMs.refreshEventCounts = performance.now() - r
    await pool.query('ANALYZE event_counts_hourly')
    loadMs.total = performance.now() - t
    log(`${label}: loaded in ${(loadMs.total / 1000).toFixed(0)} s`)
  }
  const login = `bench.sup.${label}.${Date.now()}`
  const user = await createUser(pool, { login, roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  const session = await openSession(pool, user, { cookieSecure: false })
  const queuePrefix = uniqueName('bv')
  const app = await buildApp(
    { databaseUrl: url, redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: null, security: { cookieSecure: false, rateLimit: { enabled: false } } },
    { logger: false },
  )
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  return {
    label, cases, url, pool, loadMs, cookie: session.cookie, queuePrefix,
    base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    async close() {
      await app.close()
      if (reuseUrl) await pool.end()
      else await drop()
    },
  }
}

interface Timing { p50: number; p95: number; max: number; runs: number; bytes: number; total?: number }

const stats = (ms: number[], bytes: number, total?: number): Timing => ({ p50: median(ms), p95: percentile(ms, 95), max: Math.max(...ms), runs: ms.length, bytes, ...(total === undefined ? {} : { total }) })

/** `runs` samples (after two warm-ups); one sample = the paths of `paths(i)` fetched in turn. */
async function timeHttp(s: Store, paths: (i: number) => string[], runs: number): Promise<Timing> {
  const ms: number[] = []
  let bytes = 0
  let total: number | undefined
  for (let i = -2; i < runs; i++) {
    const t = performance.now()
    for (const p of paths(Math.max(0, i))) {
      const res = await fetch(`${s.base}${p}`, { headers: { cookie: s.cookie } })
      const body = await res.text()
      if (!res.ok) throw new Error(`${s.label} ${p}: HTTP ${res.status} ${body.slice(0, 200)}`)
      bytes = body.length
      if (p.startsWith('/api/v1/cases?')) total = (JSON.parse(body) as { total: number }).total
    }
    if (i >= 0) ms.push(performance.now() - t)
  }
  return stats(ms, bytes, total)
}

async function timeFn(fn: () => Promise<unknown>, runs: number): Promise<Timing> {
  const ms: number[] = []
  for (let i = -2; i < runs; i++) {
    const t = performance.now()
    await fn()
    if (i >= 0) ms.push(performance.now() - t)
  }
  return stats(ms, 0)
}

/** The local date (Asia/Shanghai) from which the big store holds at least `rows` cases received. */
async function exportFrom(pool: pg.Pool, rows: number): Promise<string> {
  const { rows: r } = await pool.query<{ t: Date }>(`SELECT coalesce(submitted_at, accepted_at, last_occurred_at) AS t FROM cases ORDER BY 1 DESC OFFSET $1 LIMIT 1`, [rows - 1])
  return fromEpochDay(localDayOf(r[0]!.t.getTime(), 'Asia/Shanghai'))
}

async function sizes(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ k: string; v: string }>(`
    SELECT 'eventsBytes' AS k, (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'events'::regclass) + pg_total_relation_size('events') AS v
    UNION ALL SELECT 'events', (SELECT count(*) FROM events)
    UNION ALL SELECT 'casesBytes', pg_total_relation_size('cases')
    UNION ALL SELECT 'caseClocksBytes', pg_total_relation_size('case_clocks')
    UNION ALL SELECT 'databaseBytes', pg_database_size(current_database())`)
  const out = Object.fromEntries(rows.map((r) => [r.k, Number(r.v)]))
  out.eventBytesEach = Math.round(out.eventsBytes! / Math.max(1, out.events!))
  return out
}

const QUERY_TARGETS = { wall: 50, list: 150, detail: 50, statistics: 200 } as const

async function main() {
  const load: Record<string, number[]> = { start: os.loadavg() }
  log(`volume bench: ${CASES} cases × ${EVENTS_PER_CASE} events (${CASES * EVENTS_PER_CASE}) vs ${BASE_CASES} cases (${BASE_CASES * EVENTS_PER_CASE} events); ${RUNS} runs; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  const base = await openStore('base', BASE_CASES, values['base-url'])
  const big = await openStore('big', CASES, values['big-url'])
  load.afterLoad = os.loadavg()
  const stores = [base, big]
  const results: Record<string, unknown>[] = []
  try {
    const from30 = fromEpochDay(localDayOf(now, 'Asia/Shanghai') - 30)
    const from7 = fromEpochDay(localDayOf(now, 'Asia/Shanghai') - 6)
    const today = fromEpochDay(localDayOf(now, 'Asia/Shanghai'))
    const queries: { name: string; target: number; paths: (s: Store) => (i: number) => string[] }[] = [
      { name: 'wall snapshot (GET /api/v1/wall/snapshot, every panel read from PostgreSQL)', target: QUERY_TARGETS.wall, paths: () => () => ['/api/v1/wall/snapshot'] },
      { name: 'console first page, no filter (GET /api/v1/cases)', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50'] },
      { name: 'console first page, view=alert (level above normal)', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50&view=alert'] },
      { name: 'console first page, department + level=red', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50&department=440204-D05&level=red'] },
      { name: 'console first page, status=undertaken received in the last 30 days, by deadline', target: QUERY_TARGETS.list, paths: () => () => [`/api/v1/cases?limit=50&status=undertaken&from=${from30}&sort=deadlineDate&order=asc`] },
      // the console's other filters (issue 20, third round): tabs, a level alone, a department alone, a week, alerts by deadline
      { name: 'console first page, view=inProgress', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50&view=inProgress'] },
      { name: 'console first page, level=red (no department)', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50&level=red'] },
      { name: 'console first page, one department', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50&department=440204-D05'] },
      { name: 'console first page, received in the last 7 days (from–to)', target: QUERY_TARGETS.list, paths: () => () => [`/api/v1/cases?limit=50&from=${from7}&to=${today}`] },
      { name: 'console first page, view=alert by deadline', target: QUERY_TARGETS.list, paths: () => () => ['/api/v1/cases?limit=50&view=alert&sort=deadlineDate&order=asc'] },
      { name: 'console first page, receipt-number search (q, part of the number)', target: QUERY_TARGETS.list, paths: (s) => (i) => [`/api/v1/cases?limit=50&q=${cityCaseNo(Math.floor(((i * 7919) % RUNS) * s.cases / RUNS)).slice(-6)}`] },
      {
        name: 'case detail with its why (GET /api/v1/cases/:no, then …/explain)',
        target: QUERY_TARGETS.detail,
        paths: (s) => (i) => {
          const no = cityCaseNo(Math.floor(((i * 7919) % RUNS) * s.cases / RUNS + (i % 7)))
          return [`/api/v1/cases/${no}`, `/api/v1/cases/${no}/explain`]
        },
      },
      { name: "the month's statistics (GET /api/v1/statistics/time-limits?period=month)", target: QUERY_TARGETS.statistics, paths: () => () => ['/api/v1/statistics/time-limits?period=month'] },
    ]
    for (const q of queries) {
      const m: Record<string, Timing> = {}
      for (const s of stores) m[s.label] = await timeHttp(s, q.paths(s), RUNS)
      const row = { query: q.name, targetMs: q.target, base: m.base!, big: m.big!, ratioP95: Number((m.big!.p95 / m.base!.p95).toFixed(2)), meetsTarget: m.big!.p95 < q.target }
      results.push(row)
      log(`${q.name}: base p50 ${row.base.p50.toFixed(1)} p95 ${row.base.p95.toFixed(1)} ms | big p50 ${row.big.p50.toFixed(1)} p95 ${row.big.p95.toFixed(1)} ms (×${row.ratioP95})${row.big.total !== undefined ? ` total ${row.base.total} / ${row.big.total}` : ''} ${row.meetsTarget ? 'OK' : 'MISSES TARGET'}`)
    }
    {
      const m: Record<string, Timing> = {}
      for (const s of stores) m[s.label] = await timeFn(() => readWallHotPanels(s.pool, JURISDICTION, new Date()), RUNS)
      results.push({ query: "publisher's cycle: the hot panels (readWallHotPanels: tiles, departments, cards)", targetMs: null, base: m.base!, big: m.big!, ratioP95: Number((m.big!.p95 / m.base!.p95).toFixed(2)) })
      log(`publisher's hot panels: base p95 ${m.base!.p95.toFixed(1)} ms | big p95 ${m.big!.p95.toFixed(1)} ms`)
    }
    {
      // what a wall pays when a publisher runs: the snapshot it stored in Redis, served as it is
      const redis = new Redis(redisUrl())
      const m: Record<string, Timing> = {}
      try {
        for (const s of stores) {
          const snapshot: WallSnapshot = { schemaVersion: WALL_SCHEMA_VERSION, jurisdictionCode: JURISDICTION, version: 1, at: new Date().toISOString(), panels: await readWallPanels(s.pool, JURISDICTION, new Date()) }
          const key = wallRedisKeys(s.queuePrefix).snapshot
          await redis.set(key, JSON.stringify(snapshot))
          m[s.label] = await timeHttp(s, () => ['/api/v1/wall/snapshot'], RUNS)
          await redis.del(key)
        }
      } finally {
        redis.disconnect()
      }
      const row = { query: "wall snapshot (GET /api/v1/wall/snapshot, the publisher's snapshot stored in Redis)", targetMs: QUERY_TARGETS.wall, base: m.base!, big: m.big!, ratioP95: Number((m.big!.p95 / m.base!.p95).toFixed(2)), meetsTarget: m.big!.p95 < QUERY_TARGETS.wall }
      results.push(row)
      log(`${row.query}: base p50 ${row.base.p50.toFixed(1)} p95 ${row.base.p95.toFixed(1)} ms | big p50 ${row.big.p50.toFixed(1)} p95 ${row.big.p95.toFixed(1)} ms`)
    }
    if (EXPORT_RUNS > 0) results.push(await measureExport(stores, big.pool, log))
    load.afterQueries = os.loadavg()
    const storage = { base: await sizes(base.pool), big: await sizes(big.pool) }
    log(`events with indexes: ${storage.big.eventBytesEach} bytes/event at ${storage.big.events} events (base ${storage.base.eventBytesEach})`)
    const timescale = TS_CASES > 0 ? await measureCompression({ cases: TS_CASES, eventsPerCase: EVENTS_PER_CASE, days: Number(values['timescale-days']), now, log }) : null
    load.end = os.loadavg()
    const file = writeResult('volume', {
      loadAverage: load,
      params: { cases: CASES, eventsPerCase: EVENTS_PER_CASE, events: CASES * EVENTS_PER_CASE, baseCases: BASE_CASES, baseEvents: BASE_CASES * EVENTS_PER_CASE, runs: RUNS, exportRows: EXPORT_ROWS, exportRuns: EXPORT_RUNS, reused: { big: values['big-url'] ?? null, base: values['base-url'] ?? null } },
      loadMs: { base: base.loadMs, big: big.loadMs },
      storage,
      results,
      timescale,
      allMeetTargets: results.every((r) => r.meetsTarget !== false),
    })
    log(`wrote ${file}`)
  } finally {
    for (const s of stores) await s.close()
  }
}

/** The export of the newest ≥ EXPORT_ROWS cases on both stores, EXPORT_RUNS times each (`--export-runs 0` skips it). */
async function measureExport(stores: { label: string; base: string; cookie: string }[], bigPool: pg.Pool, log: (s: string) => void) {
  const from = await exportFrom(bigPool, EXPORT_ROWS)
  const exp: Record<string, ExportSample[]> = { base: [], big: [] }
  for (let r = 0; r < EXPORT_RUNS; r++) for (const s of stores) exp[s.label]!.push(await exportOnce(s.base, s.cookie, 'csv', `from=${from}`))
  const f = (xs: ExportSample[], k: keyof ExportSample) => Math.round(median(xs.map((x) => x[k])) * 10) / 10
  const sum = (xs: ExportSample[]) => ({ rows: xs[0]!.rows, medianMs: f(xs, 'ms'), rowsPerSecond: Math.round(xs[0]!.rows / (median(xs.map((x) => x.ms)) / 1000)), medianBytes: f(xs, 'bytes'), peakRetainedAboveIdleMiB: f(xs, 'peakRetainedMiB'), peakHeapAboveIdleMiB: f(xs, 'peakHeapMiB'), peakRssAboveIdleMiB: f(xs, 'peakRssMiB') })
  const exportRow = { query: `CSV export of the cases received from ${from} (GET /api/v1/cases/export?format=csv&from=${from})`, base: sum(exp.base!), big: sum(exp.big!), runs: exp }
  log(`export from ${from}: base ${exportRow.base.rows} rows ${exportRow.base.medianMs} ms, retained ${exportRow.base.peakRetainedAboveIdleMiB} MiB | big ${exportRow.big.rows} rows ${exportRow.big.medianMs} ms (${exportRow.big.rowsPerSecond} rows/s), retained ${exportRow.big.peakRetainedAboveIdleMiB} MiB, RSS +${exportRow.big.peakRssAboveIdleMiB} MiB`)
  return exportRow
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})

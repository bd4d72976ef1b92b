/**
 * Export benchmark: GET /api/v1/cases/export streams 100,000 cases as CSV and as XLSX while the
 * process's memory is sampled every 10 ms (and the heap still reachable after a full GC every 250 ms). The baseline in the same run is the same export of
 * 10,000 cases (a department filter): if the export streams, the reachable heap above the idle
 * level hardly grows with ten times the rows; if it collected rows, it would grow about tenfold.
 *
 * The server and the HTTP client run in this one process (the client counts bytes and keeps
 * nothing), so the figures are an upper bound for the server alone. Cases are generated set-based
 * (INSERT … SELECT generate_series, not timed); the caller is a supervisor (masked export). The
 * speed baseline, same run: reading the same cursor with nothing formatted or sent.
 *
 *   npm run bench -- export            (or node --import tsx bench/export.bench.ts [-- --cases 100000 --small 10000])
 *
 * Writes bench/results/export-<timestamp>.json.
 */
import { parseArgs } from 'node:util'
import { buildApp } from '../server/app.ts'
import { createUser, JURISDICTION, openSession } from '../test/harness.ts'
import { redisUrl, uniqueName } from '../test/db.ts'
import { cursorOver, sql } from '../sql/queries.ts'
import { exportOnce as exportSampleOnce, type ExportSample } from './exportSample.ts'
import { benchDatabase, median, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, small: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } })
const BIG = Number(values.cases)
const SMALL = Number(values.small)
const RUNS = Number(values.runs)
const log = (m: string) => process.stdout.write(`${m}\n`)

const GENERATE = `
INSERT INTO cases (case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at, state, event_count,
                   last_occurred_at, deadline_date, level, jurisdiction_code, limit_value, limit_unit, fee_charged, handler)
SELECT '440204-2026-' || lpad(i::text, 7, '0'), CASE WHEN i <= $2 THEN '440204-D01' ELSE '440204-D' || lpad((2 + i % 29)::text, 2, '0') END,
       'BENCH-001', 'promised', (ARRAY['accepted', 'undertaken', 'reviewed', 'concluded'])[1 + i % 4],
       jsonb_build_object('name', '张小三', 'idNumber', '440204199001011234', 'phone', '13800005678'),
       timestamptz '2026-11-01 09:00+08' + (i || ' seconds')::interval, timestamptz '2026-11-01 10:00+08' + (i || ' seconds')::interval,
       jsonb_build_object('caseNo', i, 'suspensions', '[]'::jsonb, 'anomalies', '[]'::jsonb), 5,
       timestamptz '2026-11-01 10:00+08' + (i || ' seconds')::interval, date '2026-11-20' + (i % 20), (ARRAY['normal', 'warning', 'yellow', 'red'])[1 + i % 4],
       $3, 10, 'workday', CASE WHEN i % 3 = 0 THEN 50 END, '李四'
FROM generate_series(1, $1) i`

type Sample = ExportSample

async function main() {
  const bench = await benchDatabase('export')
  const pool = bench.db.pool
  await pool.query(`INSERT INTO items (code, department_code, name, case_type, fee_standard) VALUES ('BENCH-001', '440204-D01', '食品经营许可', 'promised', 50)`)
  const t0 = Date.now()
  await pool.query(GENERATE, [BIG, SMALL, JURISDICTION])
  await pool.query('VACUUM ANALYZE cases')
  log(`generated ${BIG} cases in ${Date.now() - t0} ms`)
  const user = await createUser(pool, { login: 'bench.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  const session = await openSession(pool, user, { cookieSecure: false })
  const app = await buildApp(
    { databaseUrl: bench.db.url, redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix: uniqueName('bx'), bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: null, security: { cookieSecure: false, rateLimit: { enabled: false } } },
    { logger: false },
  )
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`

  const exportOnce = (format: 'csv' | 'xlsx', query: string) => exportSampleOnce(base, session.cookie, format, query)

  /** Baseline for speed: the same cursor read with nothing formatted or sent (PostgreSQL + pg parsing only). */
  async function bareCursor(): Promise<number> {
    const c = await pool.connect()
    try {
      await c.query('BEGIN READ ONLY')
      const start = performance.now()
      await c.query(cursorOver('case_export', 'case_list'), [user.id, null, null, null, null, 0, null, null, null, null, null, null, null, null])
      let n = 0
      for (;;) {
        const { rows } = await c.query(sql('case_export_fetch'))
        if (rows.length === 0) break
        n += rows.length
      }
      if (n !== BIG) throw new Error(`bare cursor read ${n} rows`)
      return performance.now() - start
    } finally {
      await c.query('ROLLBACK')
      c.release()
    }
  }
  const bare: number[] = []
  for (let r = 0; r < RUNS; r++) bare.push(await bareCursor())
  const bareMs = median(bare)
  log(`baseline: bare cursor read of ${BIG} rows ${Math.round(bareMs)} ms (${Math.round(BIG / (bareMs / 1000))} rows/s)`)
  const result: Record<string, unknown> = { cases: BIG, baselineCases: SMALL, runs: RUNS, bareCursorMs: Math.round(bareMs), bareCursorRuns: bare.map(Math.round) }
  for (const format of ['csv', 'xlsx'] as const) {
    const small: Sample[] = []
    const big: Sample[] = []
    for (let r = 0; r < RUNS; r++) {
      small.push(await exportOnce(format, 'department=440204-D01'))
      big.push(await exportOnce(format, ''))
    }
    if (format === 'csv') {
      if (small.some((s) => s.rows !== SMALL) || big.some((s) => s.rows !== BIG)) throw new Error(`csv row counts: ${small.map((s) => s.rows)} / ${big.map((s) => s.rows)}`)
    }
    const f = (xs: Sample[], k: keyof Sample) => Math.round(median(xs.map((x) => x[k])) * 10) / 10
    const summary = {
      small: { rows: SMALL, medianMs: f(small, 'ms'), medianBytes: f(small, 'bytes'), peakRetainedAboveIdleMiB: f(small, 'peakRetainedMiB'), peakHeapAboveIdleMiB: f(small, 'peakHeapMiB'), peakRssAboveIdleMiB: f(small, 'peakRssMiB') },
      big: { rows: BIG, medianMs: f(big, 'ms'), medianBytes: f(big, 'bytes'), peakRetainedAboveIdleMiB: f(big, 'peakRetainedMiB'), peakHeapAboveIdleMiB: f(big, 'peakHeapMiB'), peakRssAboveIdleMiB: f(big, 'peakRssMiB'), rowsPerSecond: Math.round(BIG / (median(big.map((x) => x.ms)) / 1000)) },
      timeRatioToBareCursor: Math.round((median(big.map((x) => x.ms)) / bareMs) * 100) / 100,
      retainedRatio: Math.round((median(big.map((x) => x.peakRetainedMiB)) / Math.max(0.1, median(small.map((x) => x.peakRetainedMiB)))) * 100) / 100,
      runs: { small, big },
    }
    result[format] = summary
    log(`${format}: ${BIG} rows in ${summary.big.medianMs} ms (${summary.big.rowsPerSecond} rows/s, ${(summary.big.medianBytes / 2 ** 20).toFixed(1)} MiB, ${summary.timeRatioToBareCursor}× the bare cursor read); ` +
      `heap still reachable after GC, peak above idle: ${summary.big.peakRetainedAboveIdleMiB} MiB vs ${summary.small.peakRetainedAboveIdleMiB} MiB for ${SMALL} rows (ratio ${summary.retainedRatio}); ` +
      `peak heap in use (garbage included) ${summary.big.peakHeapAboveIdleMiB} vs ${summary.small.peakHeapAboveIdleMiB} MiB; ` +
      `peak RSS above idle ${summary.big.peakRssAboveIdleMiB} MiB vs ${summary.small.peakRssAboveIdleMiB} MiB`)
  }
  log(`result: ${writeResult('export', result)}`)
  await app.close()
  await bench.close()
}

await main()

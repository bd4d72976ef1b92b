/**
 * Statistics benchmark: every fixed statistics view and a custom report over a year, read from the
 * rollups of migration 150, against the same query on the raw tables (the `*_raw.sql` twins), in
 * the same run, on a city's volume.
 *
 * Data (throwaway database, generated in this process and loaded by COPY, not through the API,
 * bench/cityData.ts): `--scale 1` = 1,000,000 cases received over the 400 days up to today (85% concluded, 3% returned,
 * 2% pending, the rest in progress; levels mostly normal; fees, supplements, handlers), their
 * clocks, 10,000,000 events (10 per case), 100,000 petitions and automatic cards for 6% of cases.
 * The COPY runs with triggers off (session_replication_role = replica); the rollups are then
 * rebuilt once (`stat_case_rollups_rebuild()`, timed and reported), and 20,000 level moves are
 * written through the triggers and left uncompacted, so the reads also sum a minute's worth of
 * deltas as in steady state.
 *
 * Measured (each query `--runs` times after a warm-up; raw twins `--raw-runs` times, no warm-up): p50 and p95.
 * Targets: fixed views p95 < 200 ms; the custom report over a year < 1 s.
 *
 *   npm run bench:statistics [-- --scale 0.1 --runs 30 --raw-runs 3]
 *
 * Writes bench/results/statistics-<timestamp>.json.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import type pg from 'pg'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { DEFAULT_PERIOD_RULES } from '../domain/statistics/periods.ts'
import { dayLabels, resolvePeriod, typePeriods } from '../domain/statistics/resolvePeriod.ts'
import { sql } from '../sql/queries.ts'
import { createUser, JURISDICTION } from '../test/harness.ts'
import { loadCityData } from './cityData.ts'
import { benchDatabase, median, percentile, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, runs: { type: 'string', default: '30' }, 'raw-runs': { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } })
const SCALE = Number(values.scale)
const RUNS = Number(values.runs)
const RAW_RUNS = Number(values['raw-runs'])
const CASES = Math.round(1_000_000 * SCALE)
const EVENTS_PER_CASE = 10
const PETITIONS = Math.round(100_000 * SCALE)
const FIXED_TARGET_MS = 200
const CUSTOM_TARGET_MS = 1000
const log = (m: string) => process.stdout.write(`${m}\n`)

const now = Date.now()
const todayDay = localDayOf(now, 'Asia/Shanghai')
const today = fromEpochDay(todayDay)

async function time(pool: pg.Pool, name: string, params: unknown[], runs: number, warmUp = true): Promise<{ p50: number; p95: number; runs: number; rows: number }> {
  const client = await pool.connect()
  try {
    const text = sql(name)
    let rows = warmUp ? ((await client.query(text, params)).rowCount ?? 0) : 0
    const ms: number[] = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      rows = (await client.query(text, params)).rowCount ?? 0
      ms.push(performance.now() - t)
    }
    return { p50: median(ms), p95: percentile(ms, 95), runs, rows }
  } finally {
    client.release()
  }
}

async function main() {
  const loadBefore = os.loadavg()[0]!
  log(`statistics bench: scale ${SCALE} → ${CASES} cases, ${CASES * EVENTS_PER_CASE} events, ${PETITIONS} petitions; ${RUNS} runs (raw ${RAW_RUNS})`)
  const { db, close } = await benchDatabase('bench_stats')
  try {
    const t0 = performance.now()
    const took = await loadCityData(db.pool, { cases: CASES, eventsPerCase: EVENTS_PER_CASE, petitions: PETITIONS, now, log })
    took.loadAverageAfter = os.loadavg()[0]!
    log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    const admin = await createUser(db.pool, { login: 'bench.admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
    const uid = admin.id
    const cal = cnWorkCalendar()
    const rules = DEFAULT_PERIOD_RULES
    const month = resolvePeriod('month', undefined, {}, todayDay, rules, cal)
    const year = resolvePeriod('year', undefined, {}, todayDay, rules, cal)
    if (!month.ok || !year.ok) throw new Error('period')
    const lastYearFrom = fromEpochDay(todayDay - 364)
    const labels = dayLabels(lastYearFrom, today, 'month', rules, cal)
    const periods = JSON.stringify(typePeriods(todayDay, rules, cal).map((p) => ({ label: p.period, from: p.from, to: p.to })))
    const views: { name: string; query: string; params: unknown[]; target: number }[] = [
      { name: 'time-limit, this month, by department', query: 'statistics_time_limit', params: [uid, month.period.from, month.period.to, 'department', null, today], target: FIXED_TARGET_MS },
      { name: 'time-limit, this month, by item', query: 'statistics_time_limit', params: [uid, month.period.from, month.period.to, 'item', null, today], target: FIXED_TARGET_MS },
      { name: 'time-limit, this year, by jurisdiction', query: 'statistics_time_limit', params: [uid, year.period.from, year.period.to, 'jurisdiction', null, today], target: FIXED_TARGET_MS },
      { name: 'types: today … all time, per department', query: 'statistics_types', params: [uid, periods], target: FIXED_TARGET_MS },
      { name: 'petitions, this month, by kind', query: 'statistics_petitions', params: [uid, month.period.from, month.period.to, 'kind'], target: FIXED_TARGET_MS },
      { name: 'petitions, this year, by department', query: 'statistics_petitions', params: [uid, year.period.from, year.period.to, 'department'], target: FIXED_TARGET_MS },
      {
        name: 'custom: last 365 days, department × month, every measure (p90 too)',
        query: 'statistics_custom',
        params: [uid, lastYearFrom, today, ['department', 'period'], labels.days, labels.labels, null, null, null, null, null, null, true],
        target: CUSTOM_TARGET_MS,
      },
    ]
    const results = []
    for (const v of views) {
      const kept = await time(db.pool, v.query, v.params, RUNS)
      const raw = await time(db.pool, `${v.query}_raw`, v.params, RAW_RUNS, false) // seconds each at full size: no warm-up run
      const row = { view: v.name, query: v.query, targetMs: v.target, rollup: kept, raw, speedup: raw.p50 / kept.p50, meetsTarget: kept.p95 < v.target }
      results.push(row)
      log(`${v.name}: rollup p50 ${kept.p50.toFixed(1)} ms p95 ${kept.p95.toFixed(1)} ms (${kept.rows} rows) | raw p50 ${raw.p50.toFixed(0)} ms p95 ${raw.p95.toFixed(0)} ms | ×${row.speedup.toFixed(0)} ${row.meetsTarget ? 'OK' : 'MISSES TARGET'}`)
    }
    const sizes = (await db.pool.query(`SELECT relname, pg_total_relation_size(oid) AS bytes FROM pg_class WHERE relname IN ('cases', 'case_clocks', 'stat_case_facts', 'stat_case_counts', 'stat_petition_counts', 'petitions') ORDER BY 1`)).rows
    const counts = (await db.pool.query(`SELECT (SELECT count(*) FROM stat_case_counts) AS case_count_rows, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM cases) AS cases`)).rows[0]
    const file = writeResult('statistics', {
      loadAverage: { before: loadBefore, afterGeneration: took.loadAverageAfter, end: os.loadavg()[0] },
      params: { scale: SCALE, cases: CASES, events: CASES * EVENTS_PER_CASE, petitions: PETITIONS, runs: RUNS, rawRuns: RAW_RUNS, today },
      generationMs: took,
      sizes: Object.fromEntries(sizes.map((s) => [s.relname, Number(s.bytes)])),
      counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
      results,
      allMeetTargets: results.every((r) => r.meetsTarget),
    })
    log(`wrote ${file}`)
  } finally {
    if (values.keep) log(`kept ${db.url}`)
    else await close()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})

/**
 * Recompute benchmark: a calendar change that moves every open case, on 1,000,000 open cases of
 * one jurisdiction (throwaway database, cases generated set-based with INSERT … SELECT
 * generate_series, not timed).
 *
 * The cases are accepted 3–40 days before Wed 2026-11-18 with limits that make that day one of
 * their counted working days (calendar-day limits: one of the working days up to their red day),
 * 90% working-day limits, 8% with a closed suspension, 7% with a restart supplement (those go
 * through clock_compute), the rest plain; levels evaluated on Mon 2026-11-23, so ~20% are overdue.
 * A local day off on 18 Nov is entered, then withdrawn, then entered again: each time every case
 * moves (checked), and `recomputeDeadlines` (lock, calendar reload, the one statement with its
 * level changes and cards, commit) is timed.
 *
 * Baseline, same run, same rows: one plain UPDATE of the same case_clocks rows (migration 040)
 * that shifts the same date columns and the next transition (indexed, like the recompute) by one
 * day, i.e. the write cost of touching those rows without computing anything. Between runs, not
 * timed: VACUUM of the tables a run wrote (case_clocks; level_changes and cards after a recompute).
 * The wide `cases` rows (applicant, folded state) are generated too; the recompute never writes them.
 *
 *   npm run bench:recompute [-- --cases 1000000 --runs 3]
 *
 * Target: < 30 s for 1,000,000 cases. Writes bench/results/recompute-<timestamp>.json.
 */
import { parseArgs } from 'node:util'
import { loadCalendar, loadWorkCalendar } from '../sql/calendar.ts'
import { JURISDICTION } from '../test/harness.ts'
import { recomputeDeadlines } from '../workers/recompute.ts'
import { benchDatabase, median, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } })
const CASES = Number(values.cases)
const RUNS = Number(values.runs)
const TARGET_MS = 30_000
const DAY_OFF = '2026-11-18'
const NOW = Date.parse('2026-11-23T10:00:00+08:00')
const log = (m: string) => process.stdout.write(`${m}\n`)

// Every case: accepted on a = X - k; working-day limits N = (ordinal(X) - ordinal(a)) + j, so X is
// counted (also after a suspension (a+1, a+2] or a restart supplied on a+2); calendar-day limits
// end 1–3 days before X, so X is one of the working days up to their red day.
const GENERATE = `
CREATE UNLOGGED TABLE bench_gen AS
SELECT x.case_no, x.dept, x.item, 'promised'::text AS case_type, 'undertaken'::text AS status,
       jsonb_build_object('name', '张三', 'idNumber', '440204199001011234', 'phone', '13800005678'),
       x.at - interval '1 hour' AS submitted_at, x.at AS accepted_at,
       jsonb_build_object(
         'caseNo', x.case_no, 'departmentCode', x.dept, 'itemCode', x.item, 'caseType', 'promised', 'status', 'undertaken',
         'applicant', jsonb_build_object('name', '张三', 'idNumber', '440204199001011234', 'phone', '13800005678'),
         'submittedAt', x.at - interval '1 hour', 'acceptedAt', x.at, 'concludedAt', NULL, 'returnedAt', NULL,
         'promisedLimit', jsonb_build_object('value', x.n, 'unit', x.unit), 'legalLimit', NULL,
         'stages', jsonb_build_array(
           jsonb_build_object('stage', 'submitted', 'at', x.at - interval '1 hour', 'handler', NULL, 'opinion', NULL, 'departmentCode', x.dept, 'eventId', x.case_no || '-1'),
           jsonb_build_object('stage', 'accepted', 'at', x.at, 'handler', '李四', 'opinion', NULL, 'departmentCode', x.dept, 'eventId', x.case_no || '-2'),
           jsonb_build_object('stage', 'undertaken', 'at', x.at + interval '1 day', 'handler', '王五', 'opinion', '材料齐全，同意承办', 'departmentCode', x.dept, 'eventId', x.case_no || '-3')),
         'supplements', '[]'::jsonb, 'suspensions', '[]'::jsonb, 'anomalies', '[]'::jsonb, 'jointDepartments', '[]'::jsonb,
         'eventCount', 3, 'lastOccurredAt', x.at + interval '1 day') AS state,
       x.at + interval '1 day' AS last_at, x.n, x.unit,
       x.a,
       CASE WHEN x.kind = 'suspension' THEN ARRAY[x.a + 1] END AS ef,
       CASE WHEN x.kind = 'suspension' THEN ARRAY[x.a + 2] END AS et,
       CASE WHEN x.kind = 'restart' THEN ARRAY[x.a + 1] END AS rr,
       CASE WHEN x.kind = 'restart' THEN ARRAY[x.a + 2] END AS rs,
       CASE WHEN x.kind = 'restart' THEN 1 ELSE 0 END AS supplements
FROM (
  SELECT 'BR' || lpad(r.g::text, 8, '0') AS case_no,
         '440204-D' || lpad((1 + r.g % 30)::text, 2, '0') AS dept,
         'ITEM-' || lpad((1 + r.g % 400)::text, 3, '0') AS item,
         r.a, (r.a::timestamp + interval '9 hours' + r.minute * interval '1 minute') AT TIME ZONE 'Asia/Shanghai' AS at,
         r.unit, r.kind,
         CASE WHEN r.unit = 'day' THEN (DATE '${DAY_OFF}' - r.a) - 1 - r.j % 3
              ELSE least(60, cx.ordinal - ca.ordinal + r.j) END AS n
  FROM (
    SELECT g, DATE '${DAY_OFF}' - (3 + floor(random() * 38)::int) AS a, floor(random() * 480)::int AS minute,
           CASE WHEN random() < 0.9 THEN 'workday' ELSE 'day' END AS unit,
           floor(random() * 30)::int AS j, random() AS p
    FROM generate_series(1, $2::int) AS g
  ) r0
  CROSS JOIN LATERAL (
    SELECT r0.*, CASE WHEN r0.unit = 'day' THEN 'plain' WHEN r0.p < 0.08 THEN 'suspension' WHEN r0.p < 0.15 THEN 'restart' ELSE 'plain' END AS kind
  ) r
  JOIN calendar_days ca ON ca.jurisdiction_code = $1 AND ca.day = r.a
  JOIN calendar_days cx ON cx.jurisdiction_code = $1 AND cx.day = DATE '${DAY_OFF}'
) x`

// the case rows (wide: applicant, folded state) and their clocks (migration 040) from bench_gen
const INSERT_CASES = `
INSERT INTO cases (case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at,
  state, event_count, last_occurred_at, promised_limit, promised_unit, legal_limit, legal_unit, jurisdiction_code, supplement_count)
SELECT case_no, dept, item, case_type, status, state -> 'applicant', submitted_at, accepted_at,
       state, 3, last_at, n, unit, n + 10, 'workday', $1, supplements
FROM bench_gen`
const INSERT_CLOCKS = `
INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, item_code, time_zone, clock_status,
  clock_accepted, limit_value, limit_unit, legal_limit_value, legal_limit_unit, excluded_from, excluded_to,
  restart_requested, restart_supplied, warning_offset, yellow_offset, red_offset)
SELECT case_no, $1, dept, item, 'Asia/Shanghai', 'running', a, n, unit, n + 10, 'workday', ef, et, rr, rs, 0, 1, 5
FROM bench_gen`

const BASELINE = `
UPDATE case_clocks SET deadline_date = deadline_date + 1,
       warning_from = warning_from + 1, yellow_from = yellow_from + 1, red_from = red_from + 1,
       next_transition_at = next_transition_at + interval '1 day', version = version + 1
WHERE jurisdiction_code = $1 AND clock_status = 'running' AND stage_watch IS NULL`

const bench = await benchDatabase('bench_recompute')
const pool = bench.db.pool
try {
  const client = await pool.connect()
  const tGen = performance.now()
  try {
    await client.query('BEGIN')
    await loadCalendar(client, JURISDICTION, await loadWorkCalendar(client, JURISDICTION))
    await client.query('COMMIT')
    await client.query('SELECT setseed(0.440204)')
    await client.query(GENERATE, [JURISDICTION, CASES])
    await client.query(INSERT_CASES, [JURISDICTION])
    await client.query(INSERT_CLOCKS, [JURISDICTION])
    await client.query('DROP TABLE bench_gen')
  } finally {
    client.release()
  }
  await pool.query('VACUUM ANALYZE cases, case_clocks')
  log(`generated ${CASES} cases in ${((performance.now() - tGen) / 1000).toFixed(1)} s`)
  // the stored clock columns, from the inputs (not timed)
  const t0 = performance.now()
  const init = await recomputeDeadlines(pool, { jurisdictionCode: JURISDICTION, reason: 'bench: initial', requestedBy: 'bench', nowMs: NOW })
  log(`initial recompute (fills the clock columns; not a measured run): ${((performance.now() - t0) / 1000).toFixed(1)} s, ${init.updated} rows, ${init.levelChanges} level changes, ${init.cardsIssued} cards`)
  await pool.query('VACUUM ANALYZE case_clocks, level_changes, cards')
  const { rows: mix } = await pool.query(`SELECT level, count(*)::int AS n FROM case_clocks GROUP BY level ORDER BY level`)
  log(`levels at ${new Date(NOW).toISOString()}: ${mix.map((r) => `${r.level} ${r.n}`).join(', ')}`)

  const runs: { recomputeMs: number; baselineMs: number; scanned: number; moved: number; updated: number; levelChanges: number; cardsIssued: number; cardsRevoked: number }[] = []
  for (let i = 0; i < RUNS; i++) {
    const dayOff = i % 2 === 0
    await pool.query(
      `INSERT INTO calendar_overrides (jurisdiction_code, day, is_workday, reason, created_by) VALUES ($1, $2, $3, $4, 'bench')`,
      [JURISDICTION, DAY_OFF, dayOff ? false : null, dayOff ? '防汛停工 (bench)' : 'withdrawn (bench)'],
    )
    const t = performance.now()
    const r = await recomputeDeadlines(pool, { jurisdictionCode: JURISDICTION, reason: `bench run ${i + 1}`, requestedBy: 'bench', nowMs: NOW })
    const recomputeMs = performance.now() - t
    if (r.moved !== CASES || r.scanned !== CASES) throw new Error(`run ${i + 1}: expected every case to move, got scanned ${r.scanned} moved ${r.moved}`)
    await pool.query('VACUUM case_clocks, level_changes, cards')

    const b = await pool.connect()
    let baselineMs: number
    try {
      await b.query('BEGIN')
      const tb = performance.now()
      const { rowCount } = await b.query(BASELINE, [JURISDICTION])
      await b.query('COMMIT')
      baselineMs = performance.now() - tb
      if (rowCount !== CASES) throw new Error(`baseline touched ${rowCount} rows`)
    } finally {
      b.release()
    }
    await pool.query('VACUUM case_clocks')
    const run = { recomputeMs: Math.round(recomputeMs), baselineMs: Math.round(baselineMs), scanned: r.scanned, moved: r.moved, updated: r.updated, levelChanges: r.levelChanges, cardsIssued: r.cardsIssued, cardsRevoked: r.cardsRevoked }
    runs.push(run)
    log(`run ${i + 1}/${RUNS} (${dayOff ? 'day off entered' : 'day off withdrawn'}): ${JSON.stringify(run)}`)
  }
  const recomputeMedian = median(runs.map((r) => r.recomputeMs))
  const baselineMedian = median(runs.map((r) => r.baselineMs))
  const summary = {
    cases: CASES,
    runs: RUNS,
    change: `local day off on ${DAY_OFF} entered / withdrawn (every case moves)`,
    evaluatedAt: new Date(NOW).toISOString(),
    recomputeMsMedian: recomputeMedian,
    baselineMsMedian: baselineMedian,
    ratioRecomputeVsBaseline: Number((recomputeMedian / baselineMedian).toFixed(2)),
    targetMs: TARGET_MS,
    withinTarget: recomputeMedian < TARGET_MS,
    baseline: 'one plain UPDATE of the same case_clocks rows shifting deadline/warning/yellow/red/next_transition_at by one day',
    runsDetail: runs,
  }
  const file = writeResult('recompute', summary)
  log(`\nrecompute of ${CASES} cases: median ${(recomputeMedian / 1000).toFixed(1)} s (target < ${TARGET_MS / 1000} s); plain UPDATE of the same rows: median ${(baselineMedian / 1000).toFixed(1)} s; ratio ${summary.ratioRecomputeVsBaseline}`)
  log(`written ${file}`)
} finally {
  await bench.close()
}

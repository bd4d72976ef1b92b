/**
 * Sweep benchmark: the midnight sweep over 1,000,000 open cases of which 10,000 have a level
 * transition due (throwaway database; cases and their cards generated set-based with INSERT …
 * SELECT generate_series, not timed).
 *
 * Realistic clock columns: 85% normal with their warning day in the next 60 days, 10% yellow
 * (yellow card issued, red day ahead), 5% red (both cards issued); the 10,000 due at 00:00:30 on
 * Mon 2026-11-23 (Asia/Shanghai) are a third each normal → warning, warning → yellow (a yellow card
 * to issue) and yellow → red (a red card to issue). `sweepLevels` (batches of 10,000, as the
 * worker runs it, cases and petitions) is timed; between runs the 10,000 rows, level_changes and
 * the new cards are restored and the tables vacuumed (not timed).
 *
 * Baselines, same run, same rows:
 *   - update: one plain UPDATE of the due rows moving their next transition by a day (the sweep's
 *     own write: the same rows, the same indexed column, so the same index maintenance) — the
 *     ratio sweep / update is what computing levels, recording changes and issuing cards costs;
 *   - select: SELECT count(*) of the due rows (finding them through the partial index).
 *
 *   npm run bench:sweep [-- --cases 1000000 --due 10000 --runs 3]
 *
 * Target: < 2 s. Writes bench/results/sweep-<timestamp>.json.
 */
import { parseArgs } from 'node:util'
import type pg from 'pg'
import { JURISDICTION } from '../test/harness.ts'
import { sweepLevels } from '../workers/sweep.ts'
import { benchDatabase, median, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, due: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } })
const CASES = Number(values.cases)
const DUE = Number(values.due)
const RUNS = Number(values.runs)
const TARGET_MS = 2_000
const TODAY = '2026-11-23'
const NOW = Date.parse(`${TODAY}T00:00:30+08:00`)
const log = (m: string) => process.stdout.write(`${m}\n`)

// k: 0/1/2 = due normal→warning / warning→yellow / yellow→red; 3 normal, 4 yellow, 5 red (not due)
const GENERATE = `
CREATE UNLOGGED TABLE bench_gen AS
SELECT x.case_no, x.dept, x.item, x.at, $1::text AS jurisdiction,
       jsonb_build_object(
         'caseNo', x.case_no, 'departmentCode', x.dept, 'itemCode', x.item, 'caseType', 'promised', 'status', 'undertaken',
         'applicant', jsonb_build_object('name', '张三', 'idNumber', '440204199001011234', 'phone', '13800005678'),
         'submittedAt', x.at - interval '1 hour', 'acceptedAt', x.at, 'concludedAt', NULL, 'returnedAt', NULL,
         'promisedLimit', jsonb_build_object('value', 20, 'unit', 'workday'), 'legalLimit', NULL,
         'stages', jsonb_build_array(
           jsonb_build_object('stage', 'submitted', 'at', x.at - interval '1 hour', 'handler', NULL, 'opinion', NULL, 'departmentCode', x.dept, 'eventId', x.case_no || '-1'),
           jsonb_build_object('stage', 'accepted', 'at', x.at, 'handler', '李四', 'opinion', NULL, 'departmentCode', x.dept, 'eventId', x.case_no || '-2'),
           jsonb_build_object('stage', 'undertaken', 'at', x.at + interval '1 day', 'handler', '王五', 'opinion', '材料齐全，同意承办', 'departmentCode', x.dept, 'eventId', x.case_no || '-3')),
         'supplements', '[]'::jsonb, 'suspensions', '[]'::jsonb, 'anomalies', '[]'::jsonb, 'jointDepartments', '[]'::jsonb,
         'eventCount', 3, 'lastOccurredAt', x.at + interval '1 day') AS state,
       x.deadline, x.warning, x.yellow, x.red, x.level,
       (CASE x.level WHEN 'normal' THEN x.warning WHEN 'warning' THEN x.yellow WHEN 'yellow' THEN x.red END)::timestamp AT TIME ZONE 'Asia/Shanghai' AS next_at
FROM (
  SELECT s.*, (s.deadline - 28)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' AS at
  FROM (
    SELECT 'BS' || lpad(g::text, 8, '0') AS case_no,
           '440204-D' || lpad((1 + g % 30)::text, 2, '0') AS dept,
           'ITEM-' || lpad((1 + g % 400)::text, 3, '0') AS item,
           k,
           CASE k WHEN 0 THEN 'normal' WHEN 1 THEN 'warning' WHEN 2 THEN 'yellow' WHEN 3 THEN 'normal' WHEN 4 THEN 'yellow' ELSE 'red' END AS level,
           CASE k WHEN 0 THEN t WHEN 1 THEN t - 1 WHEN 2 THEN t - 8 WHEN 3 THEN t + 1 + g % 60 WHEN 4 THEN t - 3 - g % 5 ELSE t - 20 END AS deadline,
           CASE k WHEN 0 THEN t WHEN 1 THEN t - 1 WHEN 2 THEN t - 8 WHEN 3 THEN t + 1 + g % 60 WHEN 4 THEN t - 3 - g % 5 ELSE t - 20 END AS warning,
           CASE k WHEN 0 THEN t + 1 WHEN 1 THEN t WHEN 2 THEN t - 7 WHEN 3 THEN t + 2 + g % 60 WHEN 4 THEN t - 2 - g % 5 ELSE t - 19 END AS yellow,
           CASE k WHEN 0 THEN t + 7 WHEN 1 THEN t + 6 WHEN 2 THEN t WHEN 3 THEN t + 8 + g % 60 WHEN 4 THEN t + 1 + g % 4 ELSE t - 13 END AS red
    FROM (
      SELECT g, DATE '${TODAY}' AS t,
             CASE WHEN g <= $2 THEN g % 3 WHEN g % 20 < 17 THEN 3 WHEN g % 20 < 19 THEN 4 ELSE 5 END AS k
      FROM generate_series(1, $3::int) AS g
    ) r
  ) s
) x`

// the wide case rows and their clocks (migration 040) from bench_gen
const INSERT_CASES = `
INSERT INTO cases (case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at,
  state, event_count, last_occurred_at, promised_limit, promised_unit, jurisdiction_code)
SELECT case_no, dept, item, 'promised', 'undertaken', state -> 'applicant', at - interval '1 hour', at,
       state, 3, at + interval '1 day', 20, 'workday', $1
FROM bench_gen`
const INSERT_CLOCKS = `
INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, item_code, time_zone, overdue_cards, clock_status,
  clock_accepted, clock_start, limit_value, limit_unit, warning_offset, yellow_offset, red_offset,
  deadline_date, warning_from, yellow_from, red_from, level, next_transition_at)
SELECT case_no, $1, dept, item, 'Asia/Shanghai', true, 'running', (at AT TIME ZONE 'Asia/Shanghai')::date, (at AT TIME ZONE 'Asia/Shanghai')::date,
       20, 'workday', 0, 1, 5, deadline, warning, yellow, red, level, next_at
FROM bench_gen`

// The cards the generated levels already have: yellow for yellow and red cases, red for red ones.
const CARDS = `
INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, issued_at, rule_key, auto_key)
SELECT 'case', c.case_no, c.department_code, col.color, 'overdue', '超期办理 (bench)', '{}'::jsonb, c.accepted_at + interval '30 days',
       'case:' || c.case_no || ':overdue:' || col.color, 'case:' || c.case_no || ':overdue:' || col.color || '#0'
FROM cases c JOIN case_clocks k USING (case_no) CROSS JOIN (VALUES ('yellow'), ('red')) AS col (color)
WHERE k.level = 'red' OR (k.level = 'yellow' AND col.color = 'yellow')`

const RESTORE = `
UPDATE case_clocks c SET level = d.level, next_transition_at = d.next_transition_at, version = d.version
FROM bench_due d WHERE c.case_no = d.case_no`

async function restore(pool: pg.Pool, maxCardId: string): Promise<void> {
  await pool.query(RESTORE)
  await pool.query('DELETE FROM level_changes')
  // the bench database is thrown away: cards are immutable in the product, not here
  await pool.query('ALTER TABLE cards DISABLE TRIGGER cards_no_update')
  await pool.query('DELETE FROM cards WHERE id > $1', [maxCardId])
  await pool.query('ALTER TABLE cards ENABLE TRIGGER cards_no_update')
  await pool.query('VACUUM ANALYZE case_clocks, cards, level_changes')
}

async function timed(pool: pg.Pool, text: string, params: unknown[]): Promise<{ ms: number; rows: number }> {
  const c = await pool.connect()
  try {
    const t = performance.now()
    const r = await c.query(text, params)
    return { ms: performance.now() - t, rows: r.rowCount ?? 0 }
  } finally {
    c.release()
  }
}

const bench = await benchDatabase('bench_sweep')
const pool = bench.db.pool
try {
  const tGen = performance.now()
  await pool.query(GENERATE, [JURISDICTION, DUE, CASES])
  await pool.query(INSERT_CASES, [JURISDICTION])
  await pool.query(INSERT_CLOCKS, [JURISDICTION])
  await pool.query('DROP TABLE bench_gen')
  await pool.query(CARDS)
  await pool.query('VACUUM ANALYZE cases, case_clocks, cards')
  const now = new Date(NOW)
  await pool.query('CREATE TABLE bench_due AS SELECT case_no, level, next_transition_at, version FROM case_clocks WHERE next_transition_at <= $1', [now])
  const { rows: [facts] } = await pool.query<{ due: number; cards: number; max_card: string }>(
    `SELECT (SELECT count(*) FROM bench_due)::int AS due, (SELECT count(*) FROM cards)::int AS cards, (SELECT coalesce(max(id), 0) FROM cards)::text AS max_card`,
  )
  log(`generated ${CASES} cases (${facts!.due} due at ${now.toISOString()}) and ${facts!.cards} cards in ${((performance.now() - tGen) / 1000).toFixed(1)} s`)
  if (facts!.due !== DUE) throw new Error(`expected ${DUE} due, generated ${facts!.due}`)
  // warm the caches once, not measured
  await sweepLevels(pool, NOW)
  await restore(pool, facts!.max_card)

  const runs: { sweepMs: number; updateMs: number; selectMs: number; moved: number; changed: number; cards: number }[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    const r = await sweepLevels(pool, NOW)
    const sweepMs = performance.now() - t
    if (r.moved !== DUE || r.changed !== DUE) throw new Error(`run ${i + 1}: moved ${r.moved}, changed ${r.changed}, expected ${DUE}`)
    await restore(pool, facts!.max_card)
    const sel = await timed(pool, 'SELECT count(*) FROM case_clocks WHERE next_transition_at <= $1', [now])
    const upd = await timed(pool, `UPDATE case_clocks SET next_transition_at = next_transition_at + interval '1 day', version = version + 1 WHERE next_transition_at <= $1`, [now])
    if (upd.rows !== DUE) throw new Error(`baseline updated ${upd.rows}`)
    await restore(pool, facts!.max_card)
    const run = { sweepMs: Math.round(sweepMs), updateMs: Math.round(upd.ms), selectMs: Math.round(sel.ms), moved: r.moved, changed: r.changed, cards: r.cards }
    runs.push(run)
    log(`run ${i + 1}/${RUNS}: ${JSON.stringify(run)}`)
  }
  const sweepMedian = median(runs.map((r) => r.sweepMs))
  const updateMedian = median(runs.map((r) => r.updateMs))
  const selectMedian = median(runs.map((r) => r.selectMs))
  const summary = {
    cases: CASES,
    due: DUE,
    runs: RUNS,
    sweptAt: now.toISOString(),
    sweepMsMedian: sweepMedian,
    updateBaselineMsMedian: updateMedian,
    selectBaselineMsMedian: selectMedian,
    ratioSweepVsUpdate: Number((sweepMedian / updateMedian).toFixed(2)),
    ratioSweepVsSelect: Number((sweepMedian / Math.max(1, selectMedian)).toFixed(1)),
    targetMs: TARGET_MS,
    withinTarget: sweepMedian < TARGET_MS,
    baselines: {
      update: 'UPDATE of the same due rows moving next_transition_at by a day (same rows, same index maintenance, no computation)',
      select: 'SELECT count(*) of the due rows',
    },
    runsDetail: runs,
  }
  const file = writeResult('sweep', summary)
  log(`\nsweep of ${DUE} due transitions among ${CASES} open cases: median ${sweepMedian} ms (target < ${TARGET_MS} ms); ` +
    `plain UPDATE of the same rows ${updateMedian} ms (ratio ${summary.ratioSweepVsUpdate}); SELECT count of them ${selectMedian} ms`)
  log(`written ${file}`)
} finally {
  await bench.close()
}

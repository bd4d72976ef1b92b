/**
 * Scoring benchmark: a year of monthly scoring runs for 62 departments (浈江区's size), each run
 * the same path as `POST /api/v1/performance/runs` (read the month's facts from the stored tables,
 * score every department with the domain code, rank, write the draft's scores), in a throwaway
 * database filled set-based (INSERT … SELECT generate_series, not timed).
 *
 * Facts per department and month (defaults): 150 concluded cases (15% reached their warning day, 8% late,
 * 30% early, supplements 0–2), cards on 6% of them (a fifth red, some procedure and one-time
 * notification), 20 petitions due (90% on time, 70% rated), 2 supervision orders due.
 *
 * Baseline, same run, same rows: the five fact queries alone (read, nothing scored or written) —
 * the ratio run / read is what scoring, ranking and writing cost on top of reading.
 *
 *   npm run bench:scoring [-- --cases 150 --runs 3]
 *
 * Also the CPU time the runs use (this process and its PostgreSQL backend, /proc): on a machine
 * shared with other work the wall time stretches with the load average (recorded per run).
 *
 * Target: the 12 runs (62 departments × 12 months) < 5 s. Writes bench/results/scoring-<timestamp>.json.
 */
import os from 'node:os'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { performance as perf } from 'node:perf_hooks'
import { sql } from '../sql/queries.ts'
import { JURISDICTION, createUser } from '../test/harness.ts'
import { loadFacts, scoreFacts, scoreRows } from '../server/performance/scoreRun.ts'
import { DEFAULT_PERFORMANCE_SCHEME } from '../domain/performance/DEFAULT_PERFORMANCE_SCHEME.ts'
import { meanOfMonths } from '../domain/performance/meanOfMonths.ts'
import { performancePeriod } from '../domain/performance/performancePeriod.ts'
import { benchDatabase, median, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '150' }, runs: { type: 'string', default: '3' } } })
const CASES = Number(values.cases)
const RUNS = Number(values.runs)
const TARGET_MS = 5_000
const ZONE = 'Asia/Shanghai'
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)
const log = (m: string) => process.stdout.write(`${m}\n`)

/**
 * CPU time (ms) a PostgreSQL backend on this machine has used so far (utime + stime from
 * /proc/<pid>/stat, 100 ticks a second), or NaN when it cannot be read (a remote server). On a
 * machine shared with other work the wall time stretches with the load; the CPU time of the
 * scoring process plus its backend is what the runs cost.
 */
function backendCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}
const nodeCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }

const { db, close } = await benchDatabase('scoring')
const pool = db.pool
try {
  // 62 departments: the 33 of the bench database, 8 towns and streets, 21 more agencies
  await pool.query(`INSERT INTO departments (code, jurisdiction_code, name, kind) SELECT '440204-T' || i, $1, '镇街' || i, CASE WHEN i % 2 = 0 THEN 'town' ELSE 'street' END FROM generate_series(1, 8) i`, [JURISDICTION])
  await pool.query(`INSERT INTO departments (code, jurisdiction_code, name) SELECT '440204-A' || lpad(i::text, 2, '0'), $1, '单位' || i FROM generate_series(1, 21) i`, [JURISDICTION])
  const depts = (await pool.query<{ code: string }>(`SELECT code FROM departments WHERE jurisdiction_code = $1 ORDER BY code`, [JURISDICTION])).rows.map((r) => r.code)
  if (depts.length !== 62) throw new Error(`expected 62 departments, have ${depts.length}`)
  const user = await createUser(pool, { login: 'bench.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  const staff = await createUser(pool, { login: 'bench.staff', roles: ['department_staff'], departmentCode: depts[0]! })

  const t0 = perf.now()
  // cases: g over months × departments × CASES; concluded on day 1..28 of the month at 10:00 local
  await pool.query(`
    CREATE UNLOGGED TABLE bench_cases AS
    SELECT 'PF' || lpad(g::text, 8, '0') AS case_no, d.codes[1 + (g / $3::int) % $4::int] AS dept, g,
           (make_date(2026, 1 + g / ($3::int * $4::int), 1 + g % 28)::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Shanghai' AS concluded_at,
           make_date(2026, 1 + g / ($3::int * $4::int), 1 + g % 28) + CASE WHEN (g * 7919) % 100 < 8 THEN -2 WHEN (g * 7919) % 100 < 38 THEN 3 ELSE 0 END AS deadline
    FROM generate_series(0, $3::int * $4::int * 12 - 1) g, (SELECT $2::text[] AS codes) d, (SELECT $1::text AS j) jj`, [JURISDICTION, depts, CASES, depts.length])
  await pool.query(`
    INSERT INTO cases (case_no, department_code, status, state, event_count, last_occurred_at, accepted_at, concluded_at, handler, supplement_count, jurisdiction_code)
    SELECT case_no, dept, 'concluded', '{}', 5, concluded_at, concluded_at - interval '6 days', concluded_at, '办理人' || (g % 7), (g * 31) % 3, '440204' FROM bench_cases`)
  // 15% reached their warning day (the deadline day) before they concluded; the others concluded before it
  await pool.query(`
    INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, clock_status, deadline_date, warning_from)
    SELECT case_no, '440204', dept, 'closed', deadline, CASE WHEN (g * 13) % 100 < 15 THEN (concluded_at AT TIME ZONE 'Asia/Shanghai')::date - 1 ELSE deadline + 1 END
    FROM bench_cases`)
  await pool.query(`
    INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_at)
    SELECT 'case', case_no, dept, CASE WHEN g % 5 = 0 THEN 'red' ELSE 'yellow' END,
           CASE WHEN g % 7 = 0 THEN 'procedure.stageOutOfOrder' WHEN g % 11 = 0 THEN 'oneTimeNotification' ELSE 'overdue' END, 'bench', concluded_at - interval '2 hours'
    FROM bench_cases WHERE (g * 17) % 100 < 6`)
  await pool.query(`
    INSERT INTO petitions (petition_no, department_code, petition_kind, channel, status, state, event_count, last_occurred_at, received_at, replied_at, closed_at, rating, deadline_date, jurisdiction_code)
    SELECT 'PP' || lpad(g::text, 7, '0'), d.codes[1 + (g / 20) % $2::int], 'complaint', 'web', 'closed', '{}', 3, r.at, r.at - interval '10 days', r.at, r.at,
           CASE WHEN (g * 7) % 10 < 7 THEN 1 + (g * 3) % 5 END, r.due, '440204'
    FROM generate_series(0, 20 * $2::int * 12 - 1) g, (SELECT $1::text[] AS codes) d,
         LATERAL (SELECT make_date(2026, 1 + g / (20 * $2::int), 1 + g % 28) AS due) x,
         LATERAL (SELECT ((x.due + CASE WHEN g % 10 = 0 THEN 2 ELSE -1 END)::timestamp + interval '15 hours') AT TIME ZONE 'Asia/Shanghai' AS at, x.due) r`, [depts, depts.length])
  const orders = await pool.query<{ id: string; at: Date }>(`
    INSERT INTO supervision_orders (jurisdiction_code, department_code, responsible_user_id, opinion, due_working_days, created_by, created_by_name, created_at, time_zone,
                                    due_date, warning_from, yellow_from, red_from, clock, state)
    SELECT '440204', d.codes[1 + (g / 2) % $1::int], $2::bigint, '请按期办结', 5, $3::bigint, 'bench', (m.due - 7)::timestamp AT TIME ZONE 'Asia/Shanghai', 'Asia/Shanghai', m.due, m.due, m.due + 1, m.due + 5, '{}', 'replied'
    FROM generate_series(0, 2 * $1::int * 12 - 1) g, (SELECT $4::text[] AS codes) d, LATERAL (SELECT make_date(2026, 1 + g / (2 * $1::int), 10 + g % 15) AS due) m
    RETURNING id::text, (created_at + interval '3 days') AS at`, [depts.length, staff.id, user.id, depts])
  await pool.query(`
    INSERT INTO supervision_order_steps (order_id, seq, kind, body, from_state, to_state, actor_id, actor_name, actor_role, at)
    SELECT o.id::bigint, 1, 'replied', '已办结', 'issued', 'replied', $3::bigint, 'bench', 'department_staff', o.at
    FROM unnest($1::text[], $2::timestamptz[]) AS o(id, at)`, [orders.rows.map((r) => r.id), orders.rows.map((r) => r.at), staff.id])
  await pool.query('DROP TABLE bench_cases')
  await pool.query('VACUUM ANALYZE')
  const counts = (await pool.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM cards)::int AS cards, 
    (SELECT count(*) FROM petitions)::int AS petitions, (SELECT count(*) FROM supervision_orders)::int AS orders`)).rows[0] as Record<string, number>
  log(`generated in ${Math.round(perf.now() - t0)} ms: ${JSON.stringify(counts)}`)

  let readCpuMs = 0
  /** The baseline: the five fact queries of every month, rows read and dropped. */
  async function readOnly(): Promise<number> {
    const s = perf.now()
    const pool = await db.pool.connect() // one transaction, JIT off, as the run reads them
    const pid = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
    const cpu0 = nodeCpuMs() + backendCpuMs(pid)
    await pool.query('BEGIN')
    await pool.query(sql('perf_jit_off'))
    for (const m of MONTHS) {
      const p = performancePeriod(m, ZONE)!
      const from = new Date(p.startAt)
      const to = new Date(p.endAt)
      await pool.query(sql('perf_departments'), [JURISDICTION])
      await pool.query(sql('perf_facts_cases'), [JURISDICTION, from, to, ZONE])
      await pool.query(sql('perf_facts_cards'), [JURISDICTION, from, to])
      await pool.query(sql('perf_facts_petitions'), [JURISDICTION, p.startDate, p.endDate, ZONE])
      await pool.query(sql('perf_facts_ratings'), [JURISDICTION, from, to])
      await pool.query(sql('perf_facts_orders'), [JURISDICTION, p.startDate, p.endDate])
    }
    await pool.query('ROLLBACK')
    readCpuMs = nodeCpuMs() + backendCpuMs(pid) - cpu0
    pool.release()
    return perf.now() - s
  }

  /** Twelve scoring runs, as the API computes a draft (one transaction each); the runs are rolled back so the next round starts clean. */
  async function scoreYear(): Promise<{ ms: number; loadMs: number; scoreMs: number; writeMs: number; cpuMs: number; scores: { departmentCode: string; name: string; peerGroup: 'county' | 'townsStreets' | 'vertical'; month: string; score: number; volume: number }[] }> {
    const all: { departmentCode: string; name: string; peerGroup: 'county' | 'townsStreets' | 'vertical'; month: string; score: number; volume: number }[] = []
    let scoreMs = 0
    let loadMs = 0
    let writeMs = 0
    let cpuMs = 0
    const s = perf.now()
    for (const m of MONTHS) {
      const c = await pool.connect()
      const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
      const cpu0 = nodeCpuMs() + backendCpuMs(pid)
      try {
        await c.query('BEGIN')
        const id = (await c.query<{ id: string }>(sql('perf_run_insert'), [JURISDICTION, m, 1, null, null, null, 0, JSON.stringify(DEFAULT_PERFORMANCE_SCHEME), new Date(), user.id, 'bench'])).rows[0]!.id
        const s1 = perf.now()
        const facts = await loadFacts(c, JURISDICTION, m, ZONE)
        const s2 = perf.now()
        loadMs += s2 - s1
        const scored = scoreFacts(facts, DEFAULT_PERFORMANCE_SCHEME)
        const s3 = perf.now()
        scoreMs += s3 - s2
        await c.query(sql('perf_scores_upsert'), [id, JSON.stringify(scoreRows(scored))])
        writeMs += perf.now() - s3
        for (const r of scored.ranked) all.push({ departmentCode: r.departmentCode, name: r.name, peerGroup: r.peerGroup, month: m, score: r.score, volume: r.volume })
        await c.query('ROLLBACK')
      } finally {
        cpuMs += nodeCpuMs() + backendCpuMs(pid) - cpu0
        c.release()
      }
    }
    return { ms: perf.now() - s, loadMs, scoreMs, writeMs, cpuMs, scores: all }
  }

  if (process.env.SCORING_EXPLAIN) {
    const p = performancePeriod('2026-06', ZONE)!
    for (const [name, args] of [['perf_facts_cases', [JURISDICTION, new Date(p.startAt), new Date(p.endAt), ZONE]], ['perf_facts_cards', [JURISDICTION, new Date(p.startAt), new Date(p.endAt)]], ['perf_facts_petitions', [JURISDICTION, p.startDate, p.endDate, ZONE]], ['perf_facts_ratings', [JURISDICTION, new Date(p.startAt), new Date(p.endAt)]], ['perf_facts_orders', [JURISDICTION, p.startDate, p.endDate]]] as const) {
      const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql(name)}`, [...args])
      log(`--- ${name}\n${r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n')}`)
    }
  }
  await readOnly() // warm-up (plans, caches, JIT)
  await scoreYear()
  const runs: { readMs: number; runMs: number; loadMs: number; scoreMs: number; writeMs: number; runCpuMs: number; readCpuMs: number; loadAverage: number }[] = []
  let last: Awaited<ReturnType<typeof scoreYear>> | null = null
  for (let i = 0; i < RUNS; i++) {
    const readMs = await readOnly()
    last = await scoreYear()
    runs.push({ readMs: Math.round(readMs), runMs: Math.round(last.ms), loadMs: Math.round(last.loadMs), scoreMs: Math.round(last.scoreMs), writeMs: Math.round(last.writeMs), runCpuMs: Math.round(last.cpuMs), readCpuMs: Math.round(readCpuMs), loadAverage: Math.round(os.loadavg()[0]! * 10) / 10 })
    log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`)
    log(`run ${i + 1}: 12 scoring runs ${Math.round(last.ms)} ms (facts ${Math.round(last.loadMs)} ms, domain scoring ${Math.round(last.scoreMs)} ms, writing ${Math.round(last.writeMs)} ms; CPU ${Math.round(last.cpuMs)} ms); read-only baseline ${Math.round(readMs)} ms (CPU ${Math.round(readCpuMs)} ms)`)
  }
  const year = meanOfMonths(last!.scores, DEFAULT_PERFORMANCE_SCHEME)
  const medRun = median(runs.map((r) => r.runMs))
  const medRead = median(runs.map((r) => r.readMs))
  const result = {
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10),
    departments: depts.length, months: 12, casesPerDepartmentMonth: CASES, rows: counts, runs,
    medianRunMs: medRun, medianReadMs: medRead, ratioRunToRead: Math.round((medRun / medRead) * 100) / 100,
    medianScoringMs: median(runs.map((r) => r.scoreMs)), targetMs: TARGET_MS, meetsTarget: medRun < TARGET_MS,
    medianRunCpuMs: median(runs.map((r) => r.runCpuMs)), medianReadCpuMs: median(runs.map((r) => r.readCpuMs)), cpuMeetsTarget: median(runs.map((r) => r.runCpuMs)) < TARGET_MS,
    scorecards: last!.scores.length, yearMeans: year.length, yearGrades: year.reduce<Record<string, number>>((a, y) => ({ ...a, [y.grade]: (a[y.grade] ?? 0) + 1 }), {}),
  }
  log(`median: 62 departments × 12 months scored in ${medRun} ms wall, ${result.medianRunCpuMs} ms CPU (scoring process + its PostgreSQL backend) (target < ${TARGET_MS} ms); reading the facts alone ${medRead} ms wall, ${result.medianReadCpuMs} ms CPU (×${result.ratioRunToRead} wall)`)
  log(`written ${writeResult('scoring', result)}`)
} finally {
  await close()
}

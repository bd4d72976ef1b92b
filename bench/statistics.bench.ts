/**
 * Statistics benchmark: every fixed statistics view and a custom report over a year, read from the
 * rollups of migration 150, against the same query on the raw tables (the `*_raw.sql` twins), in
 * the same run, on a city's volume.
 *
 * Data (throwaway database, generated in this process and loaded by COPY, not through the API):
 * `--scale 1` = 1,000,000 cases received over the 400 days up to today (85% concluded, 3% returned,
 * 2% pending, the rest in progress; levels mostly normal; fees, supplements, handlers), their
 * clocks, 10,000,000 events (10 per case), 100,000 petitions and automatic cards for 6% of cases.
 * The COPY runs with triggers off (session_replication_role = replica); the rollups are then
 * rebuilt once (`stat_case_rollups_rebuild()`, timed and reported), and 20,000 level moves are
 * written through the triggers and left uncompacted, so the reads also sum a minute's worth of
 * deltas as in steady state (the delta tables then analysed, as autovacuum would within a minute).
 *
 * Measured (each query `--runs` times after a warm-up; raw twins `--raw-runs` times, no warm-up): p50 and p95.
 * Targets: fixed views p95 < 200 ms; the custom report over a year < 1 s.
 *
 *   npm run bench:statistics [-- --scale 0.1 --runs 30 --raw-runs 3 --fact-runs 5] [--keep] [--reuse postgres://…/bench_stats_… [--compare-310 old310]]
 *
 * The rollup queries run as the reader runs them (server/statistics/reportQuery.ts: JIT off); the
 * custom report without item or handler from the rollups of migration 220, and for comparison the
 * same report from the case facts (the path before migration 220). Custom reports with an item or a
 * handler dimension from the rollup of migration 390 (arrays of days used; migration 310's rows
 * before it), each against the same report from the case facts, the two run alternately (after,
 * before, after, …; the facts `--fact-runs` times), and their rows compared. `--compare-310 SCHEMA`
 * (with `--reuse`): also migration 310's reader (bench/statistics_custom_dim_310.sql) on a copy of
 * its rollup in SCHEMA, made before migration 390 dropped it, in the same alternation.
 *
 * Writes bench/results/statistics-<timestamp>.json.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { rng } from '../domain/events/fixtures.ts'
import { DEFAULT_PERIOD_RULES } from '../domain/statistics/periods.ts'
import { dayLabels, resolvePeriod, typePeriods } from '../domain/statistics/resolvePeriod.ts'
import { loadCalendar, loadWorkCalendar } from '../sql/calendar.ts'
import { sql } from '../sql/queries.ts'
import { reportQuery } from '../server/statistics/reportQuery.ts'
import { dimSegments, rollupSegments } from '../domain/statistics/segments.ts'
import { createUser, JURISDICTION } from '../test/harness.ts'
import { benchDatabase, median, percentile, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, runs: { type: 'string', default: '30' }, 'raw-runs': { type: 'string', default: '3' }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' }, 'compare-310': { type: 'string' }, 'fact-runs': { type: 'string', default: '5' } } })
const SCALE = Number(values.scale)
const RUNS = Number(values.runs)
const RAW_RUNS = Number(values['raw-runs'])
const FACT_RUNS = Number(values['fact-runs'])
const CASES = Math.round(1_000_000 * SCALE)
const EVENTS_PER_CASE = 10
const PETITIONS = Math.round(100_000 * SCALE)
const FIXED_TARGET_MS = 200
const CUSTOM_TARGET_MS = 1000
const log = (m: string) => process.stdout.write(`${m}\n`)

const DAY_MS = 86_400_000
const now = Date.now()
const todayDay = localDayOf(now, 'Asia/Shanghai')
const today = fromEpochDay(todayDay)
const DAYS = 400
const DEPTS = ['440204-SCJG', '440204-ZJJ', '440204-GA', ...Array.from({ length: 30 }, (_, i) => `440204-D${String(i + 1).padStart(2, '0')}`)]
const ITEMS = 400
const TYPES = ['promised', 'promised', 'promised', 'immediate', 'immediate', 'joint', 'escalated']
const HANDLERS = Array.from({ length: 300 }, (_, i) => `办理人${i + 1}`)
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
const iso = (ms: number) => new Date(ms).toISOString()

async function copy(client: pg.PoolClient, statement: string, lines: () => Generator<string>): Promise<number> {
  const t = performance.now()
  const chunks = function* () {
    let buf: string[] = []
    for (const line of lines()) {
      buf.push(line)
      if (buf.length >= 2000) {
        yield buf.join('')
        buf = []
      }
    }
    if (buf.length) yield buf.join('')
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)))
  return performance.now() - t
}

interface CaseGen {
  no: string
  dept: string
  item: string
  type: string
  received: number
  concluded: number | null
  returned: number | null
  status: string
  level: string
  deadline: string
  fee: number | null
  supplements: number
  handler: string
}

function* cases(): Generator<CaseGen> {
  const r = rng(17)
  for (let i = 0; i < CASES; i++) {
    const ago = Math.floor(r() * r() * DAYS) // more recent cases than old ones
    const received = now - ago * DAY_MS - Math.floor(r() * 8 * 3600_000) - 3600_000
    const itemN = Math.floor(r() * ITEMS)
    const x = r()
    const open = ago < 30 ? x < 0.45 : x < 0.02
    const returned = !open && r() < 0.035
    const pending = open && r() < 0.15
    const concluded = !open && !returned
    const used = Math.floor(r() * r() * 25)
    const limit = 10 + (itemN % 11)
    const y = r()
    const level = concluded ? (used <= limit ? (y < 0.05 ? 'warning' : 'normal') : y < 0.6 ? 'yellow' : 'red') : ago > limit + 7 ? (y < 0.5 ? 'red' : 'yellow') : ago >= limit ? 'warning' : 'normal'
    yield {
      no: `BS${String(i).padStart(8, '0')}`,
      dept: DEPTS[itemN % DEPTS.length]!,
      item: `ITEM-${String(itemN).padStart(3, '0')}`,
      type: TYPES[itemN % TYPES.length]!,
      received,
      concluded: concluded ? received + used * DAY_MS + 3600_000 : null,
      returned: returned ? received + DAY_MS : null,
      status: returned ? 'returned' : concluded ? 'concluded' : pending ? 'submitted' : 'undertaken',
      level,
      deadline: fromEpochDay(localDayOf(received, 'Asia/Shanghai') + Math.round(limit * 1.4)),
      fee: itemN % 5 === 0 && concluded ? 20 + (itemN % 7) * 10 : null,
      supplements: r() < 0.08 ? 1 + Math.floor(r() * 2) : 0,
      handler: HANDLERS[Math.floor(r() * HANDLERS.length)]!,
    }
  }
}

async function generate(pool: pg.Pool): Promise<Record<string, number>> {
  const client = await pool.connect()
  const took: Record<string, number> = {}
  try {
    await client.query(`SET session_replication_role = replica`) // COPY without triggers; rollups rebuilt after
    await client.query(
      `INSERT INTO items (code, department_code, name, case_type) SELECT 'ITEM-' || lpad(i::text, 3, '0'), ($1::text[])[1 + i % cardinality($1::text[])], '事项' || i, 'promised' FROM generate_series(0, $2::int - 1) i`,
      [DEPTS, ITEMS],
    )
    took.cases = await copy(client, `COPY cases (case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at, concluded_at, returned_at, fee_charged, supplement_count, handler, state, event_count, last_occurred_at, jurisdiction_code) FROM STDIN`, function* () {
      for (const c of cases()) {
        const accepted = c.status === 'submitted' ? '\\N' : iso(c.received + 1800_000)
        const last = c.concluded ?? c.returned ?? c.received + 2 * 3600_000
        const state = JSON.stringify({ caseNo: c.no, departmentCode: c.dept, itemCode: c.item, caseType: c.type, status: c.status, stages: [{ stage: 'accepted', handler: c.handler }], supplements: [], suspensions: [], anomalies: [] })
        yield `${c.no}\t${c.dept}\t${c.item}\t${c.type}\t${c.status}\t{"name":"张三","phone":"13800005678"}\t${iso(c.received)}\t${accepted}\t${c.concluded ? iso(c.concluded) : '\\N'}\t${c.returned ? iso(c.returned) : '\\N'}\t${c.fee ?? '\\N'}\t${c.supplements}\t${c.handler}\t${esc(state)}\t${EVENTS_PER_CASE}\t${iso(last)}\t${JURISDICTION}\n`
      }
    })
    log(`  cases: ${CASES} in ${(took.cases / 1000).toFixed(1)} s`)
    took.clocks = await copy(client, `COPY case_clocks (case_no, jurisdiction_code, department_code, item_code, clock_status, level, deadline_date) FROM STDIN`, function* () {
      for (const c of cases()) yield `${c.no}\t${JURISDICTION}\t${c.dept}\t${c.item}\t${c.status === 'submitted' ? 'none' : c.concluded || c.returned ? 'closed' : 'running'}\t${c.level}\t${c.deadline}\n`
    })
    took.cards = await copy(client, `COPY cards (subject, subject_no, department_code, color, rule, reason, issued_at, rule_key, auto_key) FROM STDIN`, function* () {
      for (const c of cases()) {
        if (c.level === 'yellow' || c.level === 'red') yield `case\t${c.no}\t${c.dept}\tyellow\toverdue\t超期\t${iso(c.received + 12 * DAY_MS)}\tcase:${c.no}:overdue:yellow\tcase:${c.no}:overdue:yellow#1\n`
        if (c.level === 'red') yield `case\t${c.no}\t${c.dept}\tred\toverdue\t超期\t${iso(c.received + 18 * DAY_MS)}\tcase:${c.no}:overdue:red\tcase:${c.no}:overdue:red#1\n`
      }
    })
    const kinds = ['submitted', 'accepted', 'stage', 'stage', 'stage', 'feeCharged', 'stage', 'supplementRequested', 'supplementSupplied', 'concluded']
    took.events = await copy(client, `COPY events (source, event_id, occurred_at, case_no, department_code, kind, body, projected_at) FROM STDIN`, function* () {
      for (const c of cases()) {
        for (let k = 0; k < EVENTS_PER_CASE; k++) {
          const at = iso(c.received + k * 3 * 3600_000)
          yield `bench\t${c.no}-${k}\t${at}\t${c.no}\t${c.dept}\t${kinds[k]}\t{"handler":"${c.handler}","seq":${k}}\t${at}\n`
        }
      }
    })
    log(`  events: ${CASES * EVENTS_PER_CASE} in ${(took.events / 1000).toFixed(1)} s`)
    const r = rng(18)
    const PK = ['consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint']
    const CH = ['12345', 'web', 'letter', 'visit', 'wechat']
    took.petitions = await copy(client, `COPY petitions (petition_no, department_code, petition_kind, channel, status, received_at, replied_at, closed_at, rating, deadline_date, level, state, event_count, last_occurred_at) FROM STDIN`, function* () {
      for (let i = 0; i < PETITIONS; i++) {
        const ago = Math.floor(r() * r() * DAYS)
        const at = now - ago * DAY_MS - 3600_000
        const closed = ago > 20 || r() < 0.5
        const replied = closed ? at + Math.floor(r() * 20) * DAY_MS : null
        yield `BP${String(i).padStart(7, '0')}\t${DEPTS[i % DEPTS.length]}\t${PK[i % 5]}\t${CH[Math.floor(r() * 5)]}\t${closed ? 'closed' : 'received'}\t${iso(at)}\t${replied ? iso(replied) : '\\N'}\t${replied ? iso(replied) : '\\N'}\t${closed && r() < 0.6 ? 1 + Math.floor(r() * 5) : '\\N'}\t${fromEpochDay(localDayOf(at, 'Asia/Shanghai') + 15)}\t${closed ? 'normal' : ago > 15 ? 'yellow' : 'normal'}\t{}\t3\t${iso(replied ?? at)}\n`
      }
    })
    await client.query(`SET session_replication_role = origin`)
    let t = performance.now()
    await client.query('SELECT wall_open_counts_rebuild()')
    took.wallRebuild = performance.now() - t
    // the calendar first: the facts' working days used (migration 220) are set as they are written
    await client.query('BEGIN')
    await loadCalendar(client, JURISDICTION, await loadWorkCalendar(client, JURISDICTION))
    await client.query('COMMIT')
    t = performance.now()
    await client.query('SELECT stat_case_rollups_rebuild()')
    await client.query('SELECT stat_petition_rollups_rebuild()')
    await client.query('SELECT stat_group_rollups_rebuild()') // the facts' rebuild went through their triggers: fold to a clean base
    await client.query('SELECT stat_dim_rollups_rebuild()')
    took.statisticsRebuild = performance.now() - t
    log(`  rollups rebuilt once in ${(took.statisticsRebuild / 1000).toFixed(1)} s`)
    t = performance.now()
    await client.query('VACUUM ANALYZE')
    took.vacuumAnalyze = performance.now() - t
    // a minute of churn in steady state: level moves through the triggers, deltas left unfolded
    t = performance.now()
    await client.query(`UPDATE case_clocks SET level = CASE level WHEN 'normal' THEN 'warning' WHEN 'warning' THEN 'yellow' ELSE 'red' END
                        WHERE case_no IN (SELECT case_no FROM cases WHERE concluded_at IS NULL AND returned_at IS NULL LIMIT 20000)`)
    took.churn20kLevelMoves = performance.now() - t
    // as autovacuum does within its naptime (the delta tables analyse after 2,000 new rows): the
    // planner sees the deltas' size and keys, not the empty tables of the VACUUM ANALYZE above
    await client.query(`ANALYZE stat_case_count_deltas, stat_case_days_count_deltas, stat_case_days_month_count_deltas, stat_case_dim_hist_deltas,
                                 stat_case_month_count_deltas, stat_case_type_count_deltas, stat_case_type_month_count_deltas, stat_petition_count_deltas`)
    took.deltaRows = Number((await client.query('SELECT count(*) AS n FROM stat_case_count_deltas')).rows[0].n)
    took.typeDeltaRows = Number((await client.query('SELECT count(*) AS n FROM stat_case_type_count_deltas')).rows[0].n)
  } finally {
    client.release()
  }
  return took
}

/** `asApp`: as the reader runs it (reportQuery: its own read-only transaction, JIT off); else one plain query with the server's settings. */
async function time(pool: pg.Pool, name: string, params: unknown[], runs: number, warmUp: boolean, asApp: boolean): Promise<{ p50: number; p95: number; runs: number; rows: number }> {
  const text = sql(name)
  const once = async () => ((asApp ? await reportQuery(pool, text, params) : await pool.query(text, params)).rowCount ?? 0)
  let rows = warmUp ? await once() : 0
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    rows = await once()
    ms.push(performance.now() - t)
  }
  return { p50: median(ms), p95: percentile(ms, 95), runs, rows }
}

/**
 * A report from the rollup of migration 390 against the same report from the case facts (and, with
 * `--compare-310 SCHEMA`, from a copy of migration 310's rollup in that schema), run alternately in
 * the same session (after, [310,] before, after, … then after alone once the facts have had
 * `factRuns`); each warmed up once, and their rows compared.
 */
async function timePair(pool: pg.Pool, after: { text: string; params: unknown[] }, before: { text: string; params: unknown[] }, runs: number, factRuns: number, old: { text: string; params: unknown[] } | null) {
  const run = async (q: { text: string; params: unknown[] }) => {
    const t = performance.now()
    const r = await reportQuery(pool, q.text, q.params)
    return { ms: performance.now() - t, rows: r.rows as unknown[] }
  }
  const a0 = await run(after)
  const o0 = old ? await run(old) : null
  const b0 = await run(before)
  const same = JSON.stringify(a0.rows) === JSON.stringify(b0.rows)
  const a: number[] = []
  const b: number[] = []
  const o: number[] = []
  for (let i = 0; i < runs; i++) {
    a.push((await run(after)).ms)
    if (old) o.push((await run(old)).ms)
    if (i < factRuns) b.push((await run(before)).ms)
  }
  return {
    rollup: { p50: median(a), p95: percentile(a, 95), runs, rows: a0.rows.length },
    facts: { p50: median(b), p95: percentile(b, 95), runs: b.length, rows: b0.rows.length },
    rollup310: o0 ? { p50: median(o), p95: percentile(o, 95), runs, rows: o0.rows.length, sameRows: JSON.stringify(o0.rows) === JSON.stringify(a0.rows) } : null,
    sameRows: same,
  }
}

/** `--reuse URL`: a database kept by an earlier run (`--keep`), measured again without generating (never dropped). */
function reuseDatabase(url: string): { db: { url: string; pool: pg.Pool }; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  return { db: { url, pool }, close: () => pool.end() }
}

async function main() {
  const loadBefore = os.loadavg()[0]!
  log(`statistics bench: scale ${SCALE} → ${CASES} cases, ${CASES * EVENTS_PER_CASE} events, ${PETITIONS} petitions; ${RUNS} runs (raw ${RAW_RUNS})`)
  const { db, close } = values.reuse ? reuseDatabase(values.reuse) : await benchDatabase('bench_stats')
  try {
    const t0 = performance.now()
    const took: Record<string, number> = values.reuse ? { reused: 1 } : await generate(db.pool)
    took.loadAverageAfter = os.loadavg()[0]!
    log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    const existing = (await db.pool.query<{ id: string }>(`SELECT id FROM users WHERE login = 'bench.admin'`)).rows[0]
    const uid = existing ? Number(existing.id) : (await createUser(db.pool, { login: 'bench.admin', roles: ['admin'], jurisdictionCode: JURISDICTION })).id
    const cal = cnWorkCalendar()
    const rules = DEFAULT_PERIOD_RULES
    const month = resolvePeriod('month', undefined, {}, todayDay, rules, cal)
    const year = resolvePeriod('year', undefined, {}, todayDay, rules, cal)
    if (!month.ok || !year.ok) throw new Error('period')
    const lastYearFrom = fromEpochDay(todayDay - 364)
    const labels = dayLabels(lastYearFrom, today, 'month', rules, cal)
    const periods = JSON.stringify(typePeriods(todayDay, rules, cal).map((p) => ({ label: p.period, from: p.from, to: p.to })))
    const seg = rollupSegments(lastYearFrom, today, labels.labels)
    const factsParams = [uid, lastYearFrom, today, ['department', 'period'], labels.days, labels.labels, null, null, null, null, null, null, true]
    const views: { name: string; query: string; params: unknown[]; target: number; raw?: { query: string; params: unknown[] } | null }[] = [
      { name: 'time-limit, this month, by department', query: 'statistics_time_limit', params: [uid, month.period.from, month.period.to, 'department', null, today], target: FIXED_TARGET_MS },
      { name: 'time-limit, this month, by item', query: 'statistics_time_limit', params: [uid, month.period.from, month.period.to, 'item', null, today], target: FIXED_TARGET_MS },
      { name: 'time-limit, this year, by jurisdiction', query: 'statistics_time_limit', params: [uid, year.period.from, year.period.to, 'jurisdiction', null, today], target: FIXED_TARGET_MS },
      { name: 'types: today … all time, per department', query: 'statistics_types', params: [uid, periods], target: FIXED_TARGET_MS },
      { name: 'petitions, this month, by kind', query: 'statistics_petitions', params: [uid, month.period.from, month.period.to, 'kind'], target: FIXED_TARGET_MS },
      { name: 'petitions, this year, by department', query: 'statistics_petitions', params: [uid, year.period.from, year.period.to, 'department'], target: FIXED_TARGET_MS },
      {
        name: 'custom: last 365 days, department × month, every measure (p90 too)',
        query: 'statistics_custom_rollup',
        params: [uid, ['department', 'period'], seg.months, seg.monthLabels, seg.days, seg.dayLabels, null, null, null, null, true],
        raw: { query: 'statistics_custom_raw', params: factsParams },
        target: CUSTOM_TARGET_MS,
      },
      {
        // with the handler the rollups do not serve it: the case facts (and the same query before migration 220 for the view above)
        name: 'custom from the case facts: last 365 days, department × month, every measure (p90 too)',
        query: 'statistics_custom',
        params: factsParams,
        raw: null,
        target: CUSTOM_TARGET_MS,
      },
    ]
    const results: Record<string, unknown>[] = []
    for (const v of views) {
      const kept = await time(db.pool, v.query, v.params, v.raw === null ? Math.min(RUNS, 5) : RUNS, true, true)
      const twin = v.raw === undefined ? { query: `${v.query}_raw`, params: v.params } : v.raw
      // the raw twin: seconds each at full size, no warm-up run, the server's own settings (JIT as configured)
      const raw = twin && RAW_RUNS > 0 ? await time(db.pool, twin.query, twin.params, RAW_RUNS, false, false) : null
      const row = { view: v.name, query: v.query, targetMs: v.target, rollup: kept, raw, speedup: raw ? raw.p50 / kept.p50 : null, meetsTarget: kept.p95 < v.target }
      results.push(row)
      log(`${v.name}: p50 ${kept.p50.toFixed(1)} ms p95 ${kept.p95.toFixed(1)} ms (${kept.rows} rows) | raw ${raw ? `p50 ${raw.p50.toFixed(0)} ms p95 ${raw.p95.toFixed(0)} ms | ×${row.speedup!.toFixed(0)}` : '—'} ${row.meetsTarget ? 'OK' : 'MISSES TARGET'}`)
    }
    // custom reports with an item or a handler dimension: the rollup of migration 390 against the case facts
    const weeks = dayLabels(lastYearFrom, today, 'week', rules, cal)
    // `--compare-310 SCHEMA`: migration 310's reader on a copy of its rollup kept in SCHEMA (tables and view, copied before migration 390 dropped them)
    const old310 = values['compare-310'] ? readFileSync(new URL('./statistics_custom_dim_310.sql', import.meta.url), 'utf8').replaceAll('stat_case_dim_counts_live', `${values['compare-310']}.stat_case_dim_counts_live`) : null
    const dimViews: { name: string; dims: string[]; labels: { days: string[]; labels: string[] } | null; kind: 'i' | 'h' }[] = [
      { name: 'custom by item: last 365 days, item × month, every measure (p90 too)', dims: ['item', 'period'], labels, kind: 'i' },
      { name: 'custom by item: last 365 days, department × item × case type, every measure (p90 too)', dims: ['department', 'item', 'caseType'], labels: null, kind: 'i' },
      { name: 'custom by handler: last 365 days, handler × month, every measure (p90 too)', dims: ['handler', 'period'], labels, kind: 'h' },
      { name: 'custom by handler: last 365 days, handler × week, every measure (p90 too)', dims: ['handler', 'period'], labels: weeks, kind: 'h' },
      { name: 'custom by handler: last 365 days, handler, every measure (p90 too)', dims: ['handler'], labels: null, kind: 'h' },
    ]
    for (const v of dimViews) {
      const ds = dimSegments(lastYearFrom, today, v.labels?.labels ?? null)
      const after = { text: sql('statistics_custom_dim'), params: [uid, v.dims, v.kind, ds.months, ds.monthLabels, ds.weeks, ds.weekLabels, ds.days, ds.dayLabels, null, null, null, null, null, null, true] }
      const before = { text: sql('statistics_custom'), params: [uid, lastYearFrom, today, v.dims, v.labels?.days ?? null, v.labels?.labels ?? null, null, null, null, null, null, null, true] }
      const r = await timePair(db.pool, after, before, RUNS, FACT_RUNS, old310 ? { text: old310, params: after.params } : null)
      const row = { view: v.name, query: 'statistics_custom_dim', targetMs: CUSTOM_TARGET_MS, rollup: r.rollup, facts: r.facts, rollup310: r.rollup310, sameRows: r.sameRows, speedup: r.facts.p50 / r.rollup.p50, segments: { months: ds.months.length, weeks: ds.weeks.length, factDays: ds.days.length }, meetsTarget: r.rollup.p95 < CUSTOM_TARGET_MS }
      results.push(row)
      log(`${v.name}: p50 ${r.rollup.p50.toFixed(1)} ms p95 ${r.rollup.p95.toFixed(1)} ms (${r.rollup.rows} rows) | facts (before) p50 ${r.facts.p50.toFixed(0)} ms p95 ${r.facts.p95.toFixed(0)} ms | ×${row.speedup.toFixed(1)} | rows ${r.sameRows ? 'equal' : 'DIFFER'}${r.rollup310 ? ` | 310 p50 ${r.rollup310.p50.toFixed(0)} ms p95 ${r.rollup310.p95.toFixed(0)} ms rows ${r.rollup310.sameRows ? 'equal' : 'DIFFER'}` : ''} ${row.meetsTarget ? 'OK' : 'MISSES TARGET'}`)
    }
    const sizes = (await db.pool.query(`SELECT relname, pg_total_relation_size(oid) AS bytes FROM pg_class WHERE relname IN ('cases', 'case_clocks', 'stat_case_facts', 'stat_case_counts', 'stat_case_type_counts', 'stat_case_days_counts', 'stat_case_dim_hists', 'stat_petition_counts', 'petitions') ORDER BY 1`)).rows
    const counts = (await db.pool.query(`SELECT (SELECT count(*) FROM stat_case_counts) AS case_count_rows, (SELECT count(*) FROM stat_case_month_counts) AS case_month_count_rows,
      (SELECT count(*) FROM stat_case_type_counts) AS type_count_rows, (SELECT count(*) FROM stat_case_type_month_counts) AS type_month_count_rows,
      (SELECT count(*) FROM stat_case_days_counts) AS days_count_rows, (SELECT count(*) FROM stat_case_days_month_counts) AS days_month_count_rows,
      (SELECT count(*) FROM stat_case_dim_hists) AS dim_hist_rows, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM cases) AS cases`)).rows[0]
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
    if (values.keep && !values.reuse) log(`kept ${db.url}`)
    else await close()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})

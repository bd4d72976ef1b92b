/**
 * Preview benchmark (issue 19 "preview before save"): the what-if of a calendar change over N open
 * cases of one jurisdiction, against the real recompute of the same change on the same cases in
 * the same run.
 *
 * Cases are generated in TypeScript and written with COPY (cases and case_clocks; not timed), shaped
 * like bench/recompute.bench.ts: accepted 3–40 days before Wed 2026-11-18 with limits that make that
 * day one of their counted working days (calendar-day limits end 1–3 days before it), 90% working-day
 * limits, 8% with a closed suspension, 7% with a restart supplement; levels evaluated on Mon
 * 2026-11-23. An initial recompute fills the stored clock columns (not timed).
 *
 * Each run previews a local day off on 18 Nov (or its withdrawal when the day is off) — timed as
 * the preview route does it (`previewChange`: the calendars and schemes read, the open clocks
 * streamed with COPY into the what-if) — then enters the change and times `recomputeDeadlines`
 * (lock, calendar reload, the set-based statement, commit): the baseline. Every case must move in
 * both, and the preview's moved, level-changed and card counts must equal the recompute's.
 *
 *   npm run bench:preview [-- --cases 100000 --runs 3 --explain]
 *
 * `--keep` leaves the generated database (its name is logged; drop it by hand) and `--reuse NAME`
 * runs on such a database without generating (a million cases take minutes to generate).
 * `--baseline /path/to/tree` also times that tree's preview (its `loadPreviewInputs` +
 * `previewFrom`) in every run, first on odd runs and second on even ones, and checks that it
 * answers exactly the same summary and moves: this tree against main on the same machine, pair by pair.
 *
 * `--explain` adds EXPLAIN (ANALYZE, BUFFERS) of the preview's read to the log and result; each
 * run records the 1-minute load average when its preview starts and when the run ends.
 *
 * Targets: preview < 3 s for 100,000 cases, < 15 s for 1,000,000. Writes bench/results/preview-<timestamp>.json.
 */
import { parseArgs } from 'node:util'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { from as copyFrom } from 'pg-copy-streams'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { toEpochDay } from '../domain/calendar/toEpochDay.ts'
import type { RuleChange } from '../domain/rules/whatIf/types.ts'
import { loadCalendar, loadWorkCalendar } from '../sql/calendar.ts'
import { previewChange } from '../sql/ruleChanges.ts'
import { sql } from '../sql/queries.ts'
import { loadavg } from 'node:os'
import { JURISDICTION } from '../test/harness.ts'
import { recomputeDeadlines } from '../workers/recompute.ts'
import { benchDatabase, median, writeResult } from './lib.ts'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import type { WhatIfResult } from '../domain/rules/whatIf/types.ts'

/** An existing bench database kept by `--keep`; `close()` ends the pool only (drop it by hand). */
function reuseDatabase(name: string): { db: { name: string; pool: pg.Pool }; close(): Promise<void> } {
  const u = new URL(process.env.DATABASE_URL!)
  u.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: u.toString(), max: 8 })
  return { db: { name, pool }, close: () => pool.end() }
}

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false }, reuse: { type: 'string' }, baseline: { type: 'string' },
  },
})
const CASES = Number(values.cases)
const RUNS = Number(values.runs)
const TARGET_MS = CASES > 100_000 ? 15_000 : 3_000
const DAY_OFF = '2026-11-18'
const NOW = Date.parse('2026-11-23T10:00:00+08:00')
const log = (m: string) => process.stdout.write(`${m}\n`)

/** Rows for COPY into cases and case_clocks, seeded. */
function* rows(cal: Awaited<ReturnType<typeof loadWorkCalendar>>): Generator<{ cases: string; clocks: string }> {
  let seed = 440204
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const x = toEpochDay(DAY_OFF)
  const BATCH = 2000
  for (let start = 0; start < CASES; start += BATCH) {
    let cases = ''
    let clocks = ''
    for (let g = start; g < Math.min(CASES, start + BATCH); g++) {
      const no = `BP${String(g).padStart(8, '0')}`
      const dept = `440204-D${String(1 + (g % 30)).padStart(2, '0')}`
      const item = `ITEM-${String(1 + (g % 400)).padStart(3, '0')}`
      const a = x - (3 + Math.floor(rnd() * 38))
      const unit = rnd() < 0.9 ? 'workday' : 'day'
      const j = Math.floor(rnd() * 30)
      const p = rnd()
      const kind = unit === 'day' ? 'plain' : p < 0.08 ? 'suspension' : p < 0.15 ? 'restart' : 'plain'
      const n = unit === 'day' ? x - a - 1 - (j % 3) : Math.min(60, cal.ordinal(x) - cal.ordinal(a) + j)
      const acceptedAt = new Date(Date.parse(`${fromEpochDay(a)}T09:00:00+08:00`) + Math.floor(rnd() * 480) * 60_000).toISOString()
      const d1 = `{${fromEpochDay(a + 1)}}`
      const d2 = `{${fromEpochDay(a + 2)}}`
      cases += `${no}\t${dept}\t${item}\tpromised\tundertaken\t{}\t3\t${acceptedAt}\t${acceptedAt}\n`
      clocks += `${no}\t${JURISDICTION}\t${dept}\t${item}\tAsia/Shanghai\trunning\t${fromEpochDay(a)}\t${n}\t${unit}\t`
        + `${kind === 'suspension' ? `${d1}\t${d2}` : '\\N\t\\N'}\t${kind === 'restart' ? `${d1}\t${d2}` : '\\N\t\\N'}\t0\t1\t5\n`
    }
    yield { cases, clocks }
  }
}

async function generate(pool: import('pg').Pool): Promise<void> {
  const cal = await loadWorkCalendar(pool, JURISDICTION)
  await loadCalendar(pool, JURISDICTION, cal)
  const all = [...rows(cal)]
  const client = await pool.connect()
  try {
    await pipeline(Readable.from(all.map((r) => r.cases)), client.query(copyFrom(
      'COPY cases (case_no, department_code, item_code, case_type, status, state, event_count, last_occurred_at, accepted_at) FROM STDIN')))
    await pipeline(Readable.from(all.map((r) => r.clocks)), client.query(copyFrom(
      'COPY case_clocks (case_no, jurisdiction_code, department_code, item_code, time_zone, clock_status, clock_accepted, limit_value, limit_unit, '
      + 'excluded_from, excluded_to, restart_requested, restart_supplied, warning_offset, yellow_offset, red_offset) FROM STDIN')))
  } finally {
    client.release()
  }
}

async function explainRead(db: pg.Pool): Promise<string[]> {
  const c = await db.connect()
  try {
    await c.query(sql('rule_preview_scope'), [JURISDICTION, null, null])
    return (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql('rule_preview_clocks')}`)).rows.map((r) => r['QUERY PLAN'])
  } finally {
    c.release()
  }
}

/** The same preview from another tree (`--baseline /path/to/tree`), timed alternately with this one's. */
type PreviewFn = (db: import('pg').Pool, change: RuleChange, nowMs: number) => Promise<WhatIfResult>
const baseline: PreviewFn | null = values.baseline
  ? await (async () => {
    const m = await import(pathToFileURL(`${values.baseline}/sql/ruleChanges.ts`).href) as typeof import('../sql/ruleChanges.ts')
    return async (db, change, nowMs) => m.previewFrom(await m.loadPreviewInputs(db, change, SCOPE), nowMs)
  })()
  : null
const SCOPE = { jurisdictionCode: JURISDICTION, departmentCode: null, itemCode: null }

const bench = values.reuse ? reuseDatabase(values.reuse) : await benchDatabase('bench_preview')
const pool = bench.db.pool
try {
  if (values.reuse) {
    log(`reusing database ${values.reuse}: ${(await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM case_clocks')).rows[0]!.n} clocks`)
  } else {
    const tGen = performance.now()
    await generate(pool)
    await pool.query('VACUUM ANALYZE cases, case_clocks')
    log(`generated ${CASES} cases with COPY in ${((performance.now() - tGen) / 1000).toFixed(1)} s`)
    const init = await recomputeDeadlines(pool, { jurisdictionCode: JURISDICTION, reason: 'bench: initial', requestedBy: 'bench', nowMs: NOW })
    log(`initial recompute (fills the clock columns; not measured): ${init.updated} rows, ${init.levelChanges} level changes`)
    await pool.query('VACUUM ANALYZE case_clocks, level_changes, cards')
  }

  // --explain: where the preview's read spends its time (the statement sql/openClocks.ts copies out, in its scope)
  const plan = values.explain ? await explainRead(pool) : null
  if (plan) log(plan.join('\n'))
  const runs: Record<string, number | string>[] = []
  for (let i = 0; i < RUNS; i++) {
    // the day off when the date has no override now, else its withdrawal (a reused database may be either)
    const dayOff = (await pool.query(`SELECT 1 FROM calendar_overrides_current WHERE jurisdiction_code = $1 AND day = $2`, [JURISDICTION, DAY_OFF])).rowCount === 0
    const change: RuleChange = { kind: 'calendarOverride', jurisdictionCode: JURISDICTION, date: DAY_OFF, isWorkday: dayOff ? false : null }
    const loadStart = Number(loadavg()[0]!.toFixed(1))
    // this tree's preview and the baseline's, alternately first
    const timed = async (f: PreviewFn) => { const t = performance.now(); const p = await f(pool, change, NOW); return { p, ms: performance.now() - t } }
    const mine: PreviewFn = (db, c, nowMs) => previewChange(db, c, SCOPE, nowMs)
    const baseFirst = baseline !== null && i % 2 === 1
    const a0 = baseFirst ? await timed(baseline) : null
    const b = await timed(mine)
    const a = a0 ?? (baseline ? await timed(baseline) : null)
    const preview = b.p
    if (a && JSON.stringify(a.p.summary) !== JSON.stringify(preview.summary)) throw new Error(`run ${i + 1}: the baseline's summary differs: ${JSON.stringify(a.p.summary)}`)
    if (a && (a.p.moves.length !== preview.moves.length || a.p.moves.some((m, k) => JSON.stringify(m) !== JSON.stringify(preview.moves[k])))) throw new Error(`run ${i + 1}: the baseline's moves differ`)
    await pool.query(`INSERT INTO calendar_overrides (jurisdiction_code, day, is_workday, reason, created_by) VALUES ($1, $2, $3, 'bench', 'bench')`, [JURISDICTION, DAY_OFF, change.isWorkday])
    const t3 = performance.now()
    const r = await recomputeDeadlines(pool, { jurisdictionCode: JURISDICTION, reason: `bench run ${i + 1}`, requestedBy: 'bench', nowMs: NOW })
    const recomputeMs = performance.now() - t3
    if (preview.summary.moved !== CASES || r.moved !== CASES) throw new Error(`run ${i + 1}: every case must move (preview ${preview.summary.moved}, recompute ${r.moved})`)
    if (preview.summary.levelChanged !== r.levelChanges) throw new Error(`run ${i + 1}: preview ${preview.summary.levelChanged} level changes, recompute ${r.levelChanges}`)
    if (preview.summary.cards.revoked !== r.cardsRevoked || preview.summary.cards.yellowIssued + preview.summary.cards.redIssued !== r.cardsIssued) {
      throw new Error(`run ${i + 1}: preview cards ${JSON.stringify(preview.summary.cards)}, recompute issued ${r.cardsIssued} revoked ${r.cardsRevoked}`)
    }
    await pool.query('VACUUM case_clocks, level_changes, cards')
    const run = {
      change: dayOff ? 'day off' : 'withdrawn', load1Start: loadStart, load1End: Number(loadavg()[0]!.toFixed(1)),
      previewMs: Math.round(b.ms), ...(a ? { baselinePreviewMs: Math.round(a.ms), order: baseFirst ? 'baseline first' : 'this tree first' } : {}), recomputeMs: Math.round(recomputeMs),
      moved: preview.summary.moved, levelChanged: preview.summary.levelChanged, yellowIssued: preview.summary.cards.yellowIssued,
      redIssued: preview.summary.cards.redIssued, revoked: preview.summary.cards.revoked, recomputeCardsIssued: r.cardsIssued, recomputeCardsRevoked: r.cardsRevoked,
    }
    runs.push(run)
    log(`run ${i + 1}/${RUNS}: ${JSON.stringify(run)}`)
  }
  const previewMedian = median(runs.map((r) => Number(r.previewMs)))
  const baselineMedian = baseline ? median(runs.map((r) => Number(r.baselinePreviewMs))) : null
  const recomputeMedian = median(runs.map((r) => Number(r.recomputeMs)))
  const summary = {
    cases: CASES, runs: RUNS, change: `local day off on ${DAY_OFF} entered / withdrawn (every case moves)`, evaluatedAt: new Date(NOW).toISOString(),
    previewMsMedian: previewMedian, recomputeMsMedian: recomputeMedian, ratioPreviewVsRecompute: Number((previewMedian / recomputeMedian).toFixed(2)),
    targetMs: TARGET_MS, withinTarget: previewMedian < TARGET_MS,
    baseline: 'recomputeDeadlines of the same change on the same cases (lock, calendar reload, set-based statement, commit)',
    ...(baselineMedian !== null ? { baselineTree: values.baseline, baselinePreviewMsMedian: baselineMedian, ratioPreviewVsBaseline: Number((previewMedian / baselineMedian).toFixed(2)) } : {}),
    runsDetail: runs,
    ...(plan ? { previewReadPlan: plan } : {}),
  }
  const file = RUNS > 0 ? writeResult('preview', summary) : 'no result file (no runs)'
  if (baselineMedian !== null) log(`baseline tree ${values.baseline}: preview median ${(baselineMedian / 1000).toFixed(2)} s; ratio ${summary.ratioPreviewVsBaseline}`)
  log(`\npreview of ${CASES} cases: median ${(previewMedian / 1000).toFixed(2)} s (target < ${TARGET_MS / 1000} s); recompute of the same change: median ${(recomputeMedian / 1000).toFixed(2)} s; ratio ${summary.ratioPreviewVsRecompute}`)
  log(`written ${file}`)
} finally {
  if (values.keep) log(`database kept: ${bench.db.name} (--reuse ${bench.db.name})`)
  else await bench.close()
}

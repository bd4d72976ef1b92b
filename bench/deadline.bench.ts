/**
 * Deadline engine benchmark: `computeDeadline` (ordinal lookups on a dense calendar) against a
 * naive day-by-day luxon walk (domain/clock/_test/naiveDeadline.ts, the way incumbent systems
 * compute), on the same generated cases in the same run. Both results are compared case by case
 * first: the benchmark refuses to report if they disagree.
 *
 *   npx tsx bench/deadline.bench.ts [--cases 5000] [--runs 7]
 *
 * Prints the median time per case of each, and the speed-up (target ≥ 50×); writes
 * bench/results/deadline-<timestamp>.json with machine info and the git commit.
 */
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { median, writeResult } from './lib.ts'
import { rng } from '../domain/events/fixtures.ts'
import { CN_CALENDAR_DATA } from '../domain/calendar/cnCalendarData.ts'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import { naiveCalendar, naiveDeadline, type NaiveResult } from '../domain/clock/_test/naiveDeadline.ts'
import { computeDeadline } from '../domain/clock/computeDeadline.ts'
import type { DeadlineInput, DeadlineResult } from '../domain/clock/types.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '5000' }, runs: { type: 'string', default: '7' } } })
const CASES = Number(values.cases)
const RUNS = Number(values.runs)
const TARGET = 50


function generate(n: number): DeadlineInput[] {
  const rand = rng(440204)
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const from = Date.UTC(2015, 0, 1)
  const span = Date.UTC(2026, 9, 1) - from
  const iso = (ms: number) => new Date(ms).toISOString()
  const out: DeadlineInput[] = []
  for (let i = 0; i < n; i++) {
    const accepted = from + Math.floor(rand() * span)
    const unit = rand() < 0.75 ? 'workday' : 'day'
    const limit = unit === 'workday' ? int(0, 30) : int(0, 60)
    const suspensions = Array.from({ length: rand() < 0.2 ? int(1, 2) : 0 }, () => {
      const s = accepted + int(0, 20) * 86_400_000 + int(0, 86_399_999)
      return { from: iso(s), to: iso(s + int(0, 15) * 86_400_000) }
    })
    const supplements = rand() < 0.1 ? [{ requested: iso(accepted + int(0, 5) * 86_400_000), supplied: iso(accepted + int(6, 15) * 86_400_000) }] : []
    out.push({ accepted: iso(accepted), limit, unit, suspensions, supplements, now: iso(accepted + int(0, 90) * 86_400_000) })
  }
  return out
}

const same = (r: DeadlineResult, n: NaiveResult) =>
  r.status === 'running' &&
  n.status === 'running' &&
  r.deadlineDate === n.deadlineDate &&
  r.warningFrom === n.warningFrom &&
  r.yellowFrom === n.yellowFrom &&
  r.redFrom === n.redFrom &&
  r.countedDays === n.countedDays &&
  r.level === n.level


function time(fn: () => void): number {
  const t0 = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

const cal = cnWorkCalendar()
const ncal = naiveCalendar(CN_CALENDAR_DATA)
const cases = generate(CASES)

// correctness first
let mismatches = 0
for (const c of cases) if (!same(computeDeadline(c, cal), naiveDeadline(c, ncal))) mismatches++
if (mismatches > 0) {
  process.stderr.write(`engine and naive walk disagree on ${mismatches} of ${CASES} cases; not benchmarking\n`)
  process.exit(1)
}

let sink = 0
const engineRuns: number[] = []
const naiveRuns: number[] = []
for (let r = 0; r < RUNS; r++) {
  // alternate, so that drift (thermal, GC) hits both alike
  engineRuns.push(time(() => {
    for (const c of cases) sink += computeDeadline(c, cal).status.length
  }))
  naiveRuns.push(time(() => {
    for (const c of cases) sink += naiveDeadline(c, ncal).status.length
  }))
}
const engineMs = median(engineRuns)
const naiveMs = median(naiveRuns)
const speedup = naiveMs / engineMs
const perCase = (ms: number) => (ms * 1000) / CASES

// The CLI's batch mode: 1,000 requests vs 1 request (start-up), whole processes, medians of 3.
const cliRun = (n: number): number => {
  const input = Array.from({ length: n }, (_, i) => JSON.stringify({ accepted: new Date(Date.UTC(2025, 0, 1) + i * 25_200_000).toISOString(), limit: i % 61, unit: i % 2 ? 'workday' : 'day', now: '2026-06-01T00:00:00Z' })).join('\n')
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/deadline.ts', '--batch'], { input, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`deadline CLI failed: ${r.stderr}`)
  return performance.now() - t0
}
const cliStartupMs = median([cliRun(1), cliRun(1), cliRun(1)])
const cliBatchMs = median([cliRun(1000), cliRun(1000), cliRun(1000)])

const result = {
  benchmark: 'deadline',
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown' },
  cli: { startupMs: Math.round(cliStartupMs), batch1000Ms: Math.round(cliBatchMs), batch1000AfterStartupMs: Math.round(cliBatchMs - cliStartupMs) },
  params: { cases: CASES, runs: RUNS, mix: '75% working-day limits 0–30, 25% calendar-day 0–60; 20% with suspensions, 10% with a restart supplement; with now' },
  agreement: { cases: CASES, mismatches },
  engine: { medianMs: engineMs, usPerCase: perCase(engineMs), casesPerSecond: Math.round(CASES / (engineMs / 1000)), runsMs: engineRuns },
  naive: { medianMs: naiveMs, usPerCase: perCase(naiveMs), casesPerSecond: Math.round(CASES / (naiveMs / 1000)), runsMs: naiveRuns },
  speedup,
  target: TARGET,
  pass: speedup >= TARGET,
}

const file = writeResult('deadline', result)

const f = (x: number) => x.toFixed(2)
process.stdout.write(
  [
    `deadline benchmark: ${CASES} cases × ${RUNS} runs (medians), ${result.machine.cpu}, node ${process.version}`,
    `  engine (ordinal lookups): ${f(engineMs)} ms  = ${f(perCase(engineMs))} µs/case  (${result.engine.casesPerSecond.toLocaleString('en')} cases/s)`,
    `  naive luxon day walk:     ${f(naiveMs)} ms  = ${f(perCase(naiveMs))} µs/case  (${result.naive.casesPerSecond.toLocaleString('en')} cases/s)`,
    `  speed-up: ${f(speedup)}×  (target ≥ ${TARGET}×: ${result.pass ? 'met' : 'NOT met'})`,
    `  CLI --batch: 1,000 requests ${Math.round(cliBatchMs)} ms vs 1 request ${Math.round(cliStartupMs)} ms (start-up): ${Math.round(cliBatchMs - cliStartupMs)} ms for the 1,000`,
    `  both agree on all ${CASES} cases; wrote ${file}`,
    '',
  ].join('\n'),
)
if (sink === 0) process.stdout.write('\n')

/**
 * The page's main-thread work in the traces `npm run bench:lighthouse -- --trace` writes
 * (test-results/lighthouse/<label>.trace.json), counted in **thread time** (a trace event's `tdur`:
 * the time the thread actually ran, not the wall time it took): on a shared machine a task's wall
 * time includes the time the renderer waited for a core, its thread time much less so. This is the
 * figure to compare two builds measured on a busy machine, beside Lighthouse's scores.
 *
 * Per trace: the renderer main thread's top-level tasks (RunTask) from navigation start to the end
 * of the trace — their thread time in total, before and after the first contentful paint, the tasks
 * of ≥ 50 ms of it, a TBT estimate from thread time (Σ max(0, 4 × task − 50 ms) after the first
 * paint: Lighthouse's 4× CPU slowdown applied to the task as it ran), and the script work in it
 * (EvaluateScript, v8.compile / v8.compileModule, v8.evaluateModule).
 *
 *   node --import tsx bench/lighthouse-trace.ts test-results/lighthouse/*.trace.json [--out bench/results/x.json]
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { median, writeResult } from './lib.ts'

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; cat?: string; args?: { name?: string; data?: { url?: string; documentLoaderURL?: string } } }

export interface TraceWork {
  file: string
  /** thread time of every top-level task, ms */
  cpuMs: number
  cpuBeforeFcpMs: number
  cpuAfterFcpMs: number
  /** tasks of ≥ 50 ms thread time: how many and their total */
  longTasks: { count: number; totalMs: number }
  /** Σ max(0, 4 × thread time − 50) over the tasks after the first contentful paint */
  tbtEstimateMs: number
  scriptMs: { evaluate: number; compile: number }
  /** first contentful paint, ms after navigation start (wall time, as recorded) */
  fcpMs: number | null
}

const ms = (us: number) => +(us / 1000).toFixed(1)

export function traceWork(file: string): TraceWork {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(raw) ? raw : raw.traceEvents ?? []
  // the renderer main thread that ran the page's scripts
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const scriptsOn = new Map<string, number>()
  for (const e of events) if (e.name === 'EvaluateScript' || e.name === 'v8.evaluateModule') scriptsOn.set(`${e.pid}:${e.tid}`, (scriptsOn.get(`${e.pid}:${e.tid}`) ?? 0) + 1)
  const main = [...mains].sort((a, b) => (scriptsOn.get(b) ?? 0) - (scriptsOn.get(a) ?? 0))[0]
  const on = events.filter((e) => `${e.pid}:${e.tid}` === main)
  const nav = on.filter((e) => e.name === 'navigationStart' && (e.args?.data?.documentLoaderURL ?? '').startsWith('http')).at(-1) ?? on.find((e) => e.name === 'navigationStart')
  const start = nav?.ts ?? Math.min(...on.map((e) => e.ts))
  const fcp = on.find((e) => e.name === 'firstContentfulPaint' && e.ts >= start)?.ts ?? null
  const tasks = on.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.ts >= start)
  const t = (e: TraceEvent) => e.tdur ?? e.dur ?? 0
  const sum = (xs: TraceEvent[]) => xs.reduce((n, e) => n + t(e), 0)
  const long = tasks.filter((e) => t(e) >= 50_000)
  const after = tasks.filter((e) => fcp !== null && e.ts >= fcp)
  const within = (name: RegExp) => on.filter((e) => e.ph === 'X' && name.test(e.name) && e.ts >= start)
  return {
    file: path.basename(file),
    cpuMs: ms(sum(tasks)),
    cpuBeforeFcpMs: ms(sum(tasks.filter((e) => fcp === null || e.ts < fcp))),
    cpuAfterFcpMs: ms(sum(after)),
    longTasks: { count: long.length, totalMs: ms(sum(long)) },
    tbtEstimateMs: ms(after.reduce((n, e) => n + Math.max(0, 4 * t(e) - 50_000), 0)),
    scriptMs: { evaluate: ms(sum(within(/^(EvaluateScript|v8\.evaluateModule)$/))), compile: ms(sum(within(/^v8\.compile(Module)?$/))) },
    fcpMs: fcp === null ? null : ms(fcp - start),
  }
}

function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { label: { type: 'string', default: 'lighthouse-trace' } } })
  const rows = positionals.map(traceWork)
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`)
  const med = (f: (r: TraceWork) => number) => +median(rows.map(f)).toFixed(1)
  const result = {
    what: 'main-thread work of Lighthouse runs in thread time (bench/lighthouse-trace.ts)',
    traces: rows,
    median: { cpuMs: med((r) => r.cpuMs), cpuBeforeFcpMs: med((r) => r.cpuBeforeFcpMs), cpuAfterFcpMs: med((r) => r.cpuAfterFcpMs), tbtEstimateMs: med((r) => r.tbtEstimateMs), evaluateMs: med((r) => r.scriptMs.evaluate), compileMs: med((r) => r.scriptMs.compile), longTasks: med((r) => r.longTasks.count) },
  }
  process.stdout.write(`${JSON.stringify(result.median)}\n`)
  process.stdout.write(`written ${writeResult(values.label, result)}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) main()

/**
 * Lighthouse (mobile form factor, simulated throttling: Lighthouse's default config) on the
 * leaders' mobile dashboard /m and the public site /public, in Debian's chromium.
 *
 * It builds nothing: it serves the built dashboard (`npm run build:dashboard` → dashboard/dist, or
 * DASHBOARD_DIR) and stops with a message when that is missing. It starts the app and the workers
 * in-process (test/harness.ts) on a throwaway database on DATABASE_URL and a key prefix on
 * REDIS_URL, seeds a little data (guide items, concluded cases today, overdue open cases that
 * raise cards, an announcement) and a district leader; /m is measured signed in (the session
 * cookie from POST /api/v1/auth/login, passed to Lighthouse as an extra header), /public without.
 *
 * Reported per page (median of `--runs`): the performance, accessibility, best-practices and SEO
 * scores (targets ≥ 90), the performance metrics, the audits that cost points, and the initial JS:
 * every script the page downloaded while Lighthouse loaded it, gzipped here at level 9 (the server
 * itself sends them uncompressed) — budget ≤ 150 kB for /m.
 *
 *   npm run bench:lighthouse [-- --runs 3 --pages /m,/public,/public/ranking --gzip]
 *
 * `--trace` also writes each run's performance trace beside its report (`<label>.trace.json`, for
 * Chrome DevTools' Performance panel): which tasks blocked the main thread. Every run also reports
 * `mainThread`: the observed long tasks and their total, script evaluation, all main-thread work
 * (ms, median; `perRun` as [long tasks, script, all]) and the LCP element — proxies that depend less
 * on the simulation than TBT does (compare builds by them on a busy machine).
 *
 * `--gzip` puts a compressing reverse proxy in front (bench/gzip-proxy.ts), as nginx with
 * `gzip on` would be: the app sends its static files uncompressed, which a phone on a mobile
 * network (Lighthouse simulates slow 4G) pays for.
 *
 * Writes bench/results/lighthouse-<timestamp>.json (and each run's full report under
 * test-results/lighthouse/, to open in the Lighthouse viewer).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Result } from 'lighthouse'
import { caseLifecycle } from '../domain/events/fixtures.ts'
import { GUIDE_ITEMS, ingestConcludedCases, seedGuideItems } from '../server/test/public-fixtures.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login } from '../test/harness.ts'
import { startGzipProxy } from './gzip-proxy.ts'
import { median, writeResult } from './lib.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, pages: { type: 'string', default: '/m,/public' }, gzip: { type: 'boolean', default: false }, trace: { type: 'boolean', default: false } } })
const RUNS = Math.max(1, Number(values.runs))
const PAGES = values.pages.split(',').map((p) => p.trim()).filter(Boolean)
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const TARGET_SCORE = 90
const JS_BUDGET_BYTES = 150_000 // /m, gzip
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const REPORTS = path.join(ROOT, 'test-results', 'lighthouse')
const log = (m: string) => process.stdout.write(`${m}\n`)

interface RunFigures {
  finalPath: string
  /** Lighthouse's CPU benchmark of this machine at the time (a loaded machine scores lower) */
  benchmarkIndex: number
  /** bytes over the wire for the whole load */
  transferBytes: number
  scores: Record<string, number | null>
  metricsMs: Record<string, number | null>
  initialJs: { files: number; rawBytes: number; gzipBytes: number }
  mainThread: MainThreadFigures
  lostPoints: string[]
}

/**
 * What the main thread did during the load: the long tasks (≥ 50 ms as observed in the trace, not
 * simulated) and their total; script evaluation and all main-thread work as Lighthouse reports
 * them (observed × its 4× CPU slowdown); the element it took for the LCP. Unlike TBT, no window or
 * model of the page's network decides which tasks count; still proportional to the machine's speed.
 */
interface MainThreadFigures {
  longTasks: number
  longTasksMs: number
  scriptEvaluationMs: number
  mainThreadMs: number
  lcpElement: string | null
}

/** The page's main thread in the trace: the renderer main thread (CrRendererMain) that ran the most. */
function observedLongTasks(trace: { traceEvents: Array<{ name: string; ph: string; pid: number; tid: number; dur?: number; args?: { name?: string } }> }): { count: number; ms: number } {
  const mains = new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const byThread = new Map<string, number[]>()
  for (const e of trace.traceEvents) {
    const key = `${e.pid}:${e.tid}`
    if (e.ph !== 'X' || e.name !== 'RunTask' || !mains.has(key)) continue
    byThread.set(key, [...(byThread.get(key) ?? []), (e.dur ?? 0) / 1000])
  }
  const tasks = [...byThread.values()].sort((a, b) => b.reduce((x, y) => x + y, 0) - a.reduce((x, y) => x + y, 0))[0] ?? []
  const long = tasks.filter((d) => d >= 50)
  return { count: long.length, ms: Math.round(long.reduce((a, b) => a + b, 0)) }
}

function mainThread(lhr: Result, trace: Parameters<typeof observedLongTasks>[0]): MainThreadFigures {
  const breakdown = ((lhr.audits['mainthread-work-breakdown']?.details as { items?: Array<Record<string, unknown>> } | undefined)?.items ?? [])
  const lcp = ((lhr.audits['lcp-breakdown-insight']?.details as { items?: Array<{ type: string; selector?: string; nodeLabel?: string }> } | undefined)?.items ?? []).find((i) => i.type === 'node')
  const long = observedLongTasks(trace)
  return {
    longTasks: long.count,
    longTasksMs: long.ms,
    scriptEvaluationMs: Math.round(Number(breakdown.find((r) => r.group === 'scriptEvaluation')?.duration ?? 0)),
    mainThreadMs: Math.round(lhr.audits['mainthread-work-breakdown']?.numericValue ?? 0),
    lcpElement: lcp ? `${lcp.selector ?? ''} "${(lcp.nodeLabel ?? '').slice(0, 30)}"` : null,
  }
}

function dashboardDir(): string {
  const dir = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dashboard', 'dist')
  if (!existsSync(path.join(dir, 'index.html'))) {
    process.stderr.write(`No built dashboard in ${dir}: run \`npm run build:dashboard\` first (or set DASHBOARD_DIR).\n`)
    process.exit(2)
  }
  return dir
}

async function seed(h: Awaited<ReturnType<typeof createHarness>>): Promise<string> {
  const [SCJG, ZJJ, GA] = DEPTS
  await seedGuideItems(h.db.pool)
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 12, 'LH-S')
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.building.code, ZJJ, 5, 'LH-Z')
  // open cases accepted weeks ago: overdue, so the workers raise yellow and red cards
  const start = Date.now() - 40 * 86_400_000
  const open = [SCJG, ZJJ, ZJJ, GA].flatMap((d, i) => caseLifecycle(`LH-OPEN-${i}`, d, start + i * 1000, { seed: i + 2 }).slice(0, 2))
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: open })
  if (res.statusCode !== 202) throw new Error(`ingest: ${res.statusCode} ${res.body}`)
  await h.waitProjected(60_000)
  await h.db.pool.query(`INSERT INTO announcements (column_key, title, body) VALUES ('notice', '关于本月行政审批按时办结情况的通报', '本月全区按时办结率 98.6%。')`)
  await createUser(h.db.pool, { login: 'lh-leader', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '陈区长' })
  return (await login(h.app, 'lh-leader')).cookie
}

/** The scripts the page downloaded from our server, gzipped as a compressing server would send them. */
function initialJs(lhr: Result, dist: string, origin: string): RunFigures['initialJs'] {
  const details = lhr.audits['network-requests']?.details as { items?: Array<Record<string, unknown>> } | undefined
  const scripts = (details?.items ?? []).filter((r) => r.resourceType === 'Script' && typeof r.url === 'string' && r.url.startsWith(origin))
  const files = [...new Set(scripts.map((r) => new URL(r.url as string).pathname))]
  let rawBytes = 0
  let gzipBytes = 0
  for (const f of files) {
    const body = readFileSync(path.join(dist, f))
    rawBytes += body.length
    gzipBytes += gzipSync(body, { level: 9 }).length
  }
  return { files: files.length, rawBytes, gzipBytes }
}

/** Audits of a category that scored below 1 (weighted ones; for performance also the failing diagnostics). */
function lostPoints(lhr: Result): string[] {
  const out: string[] = []
  for (const key of CATEGORIES) {
    for (const ref of lhr.categories[key]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id]
      if (!a || a.score === null || a.scoreDisplayMode === 'notApplicable' || a.scoreDisplayMode === 'informative' || a.scoreDisplayMode === 'manual') continue
      const failing = ref.weight > 0 ? a.score < 1 : key === 'performance' && a.score < 0.5
      if (failing) out.push(`${key}: ${a.id} (${a.score.toFixed(2)}${ref.weight > 0 ? `, weight ${ref.weight}` : ''})${a.displayValue ? ` ${a.displayValue}` : ''}`)
    }
  }
  return out
}

async function measure(url: string, headers: Record<string, string> | undefined, dist: string, label: string): Promise<RunFigures> {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: CHROME_FLAGS })
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', formFactor: 'mobile', onlyCategories: [...CATEGORIES], ...(headers ? { extraHeaders: headers } : {}) })
    if (!result) throw new Error(`no Lighthouse result for ${url}`)
    const lhr = result.lhr
    mkdirSync(REPORTS, { recursive: true })
    writeFileSync(path.join(REPORTS, `${label}.json`), typeof result.report === 'string' ? result.report : JSON.stringify(lhr))
    // the page's performance trace (open it in Chrome DevTools' Performance panel): what the main thread did
    if (values.trace) writeFileSync(path.join(REPORTS, `${label}.trace.json`), JSON.stringify(result.artifacts.Trace))
    const metric = (id: string) => lhr.audits[id]?.numericValue ?? null
    return {
      finalPath: new URL(lhr.finalDisplayedUrl).pathname,
      benchmarkIndex: lhr.environment.benchmarkIndex,
      transferBytes: lhr.audits['total-byte-weight']?.numericValue ?? 0,
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c]!.score! * 100)])),
      metricsMs: {
        firstContentfulPaint: metric('first-contentful-paint'),
        largestContentfulPaint: metric('largest-contentful-paint'),
        totalBlockingTime: metric('total-blocking-time'),
        speedIndex: metric('speed-index'),
        cumulativeLayoutShift: metric('cumulative-layout-shift'),
      },
      initialJs: initialJs(lhr, dist, new URL(url).origin),
      mainThread: mainThread(lhr, result.artifacts.Trace as unknown as Parameters<typeof observedLongTasks>[0]),
      lostPoints: lostPoints(lhr),
    }
  } finally {
    chrome.kill()
  }
}

const med = (xs: Array<number | null>): number | null => {
  const ns = xs.filter((x): x is number => x !== null)
  return ns.length ? +median(ns).toFixed(ns.every(Number.isInteger) ? 0 : 3) : null
}

function summarise(page: string, runs: RunFigures[]) {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, med(runs.map((r) => r.scores[c] ?? null))]))
  const metricsMs = Object.fromEntries(Object.keys(runs[0]!.metricsMs).map((k) => [k, med(runs.map((r) => r.metricsMs[k] ?? null))]))
  const js = runs[0]!.initialJs
  const below = CATEGORIES.filter((c) => (scores[c] ?? 0) < TARGET_SCORE && (c !== 'seo' || page.startsWith('/public')))
  return {
    page,
    finalPaths: [...new Set(runs.map((r) => r.finalPath))],
    scores,
    scoresPerRun: runs.map((r) => r.scores),
    metricsMs,
    transferKB: +(median(runs.map((r) => r.transferBytes)) / 1000).toFixed(1),
    benchmarkIndex: runs.map((r) => r.benchmarkIndex),
    initialJs: { ...js, gzipKB: +(js.gzipBytes / 1000).toFixed(1), ...(page === '/m' ? { budgetGzipBytes: JS_BUDGET_BYTES, withinBudget: js.gzipBytes <= JS_BUDGET_BYTES } : {}) },
    mainThread: {
      longTasks: med(runs.map((r) => r.mainThread.longTasks)),
      longTasksMs: med(runs.map((r) => r.mainThread.longTasksMs)),
      scriptEvaluationMs: med(runs.map((r) => r.mainThread.scriptEvaluationMs)),
      mainThreadMs: med(runs.map((r) => r.mainThread.mainThreadMs)),
      perRun: runs.map((r) => [r.mainThread.longTasksMs, r.mainThread.scriptEvaluationMs, r.mainThread.mainThreadMs]),
      lcpElements: [...new Set(runs.map((r) => r.mainThread.lcpElement))],
    },
    belowTarget: below,
    // every audit that cost points in any run, with how many runs it did
    lostPoints: Object.entries(runs.flatMap((r) => r.lostPoints.map((l) => l.replace(/ \(.*$/, ''))).reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {})).map(([k, n]) => `${k} (${n}/${runs.length} runs)`),
    lostPointsLastRun: runs.at(-1)!.lostPoints,
  }
}

async function main() {
  const dist = dashboardDir()
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set (a PostgreSQL where a throwaway database can be created)')
  const h = await createHarness({ dashboardDir: dist, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  try {
    const cookie = await seed(h)
    await h.app.listen({ host: '127.0.0.1', port: 0 })
    const addr = h.app.server.address()
    const port = typeof addr === 'object' && addr ? addr.port : 0
    const proxy = values.gzip ? await startGzipProxy({ host: '127.0.0.1', port }) : null
    const base = proxy?.url ?? `http://127.0.0.1:${port}`
    const load = os.loadavg().map((x) => +x.toFixed(2))
    const runs: Record<string, RunFigures[]> = {}
    for (let i = 0; i < RUNS; i++) {
      for (const page of PAGES) {
        const headers = page.startsWith('/m') ? { Cookie: cookie } : undefined
        const t = Date.now()
        const r = await measure(`${base}${page}`, headers, dist, `${page.replace(/\W+/g, '_')}-run${i + 1}${values.gzip ? '-gzip' : ''}`)
        if (r.finalPath !== page) log(`warning: ${page} ended on ${r.finalPath} (sign-in lost?)`)
        ;(runs[page] ??= []).push(r)
        log(`${page} run ${i + 1}/${RUNS} (${((Date.now() - t) / 1000).toFixed(0)} s): ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(', ')}; initial JS ${(r.initialJs.gzipBytes / 1000).toFixed(1)} kB gzip; TBT ${Math.round(r.metricsMs.totalBlockingTime ?? 0)} ms; long tasks ${r.mainThread.longTasks} / ${r.mainThread.longTasksMs} ms, script ${r.mainThread.scriptEvaluationMs} ms; LCP ${r.mainThread.lcpElement}`)
      }
    }
    const pages = PAGES.map((p) => summarise(p, runs[p]!))
    const result = {
      lighthouse: JSON.parse(readFileSync(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')).version as string,
      chromium: '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
      formFactor: 'mobile',
      throttling: 'simulated (Lighthouse default: slow 4G, 4× CPU slowdown)',
      served: values.gzip ? 'through a gzip reverse proxy (bench/gzip-proxy.ts), as a front server with gzip on' : 'by the app directly (its pre-compressed .br / .gz copies)',
      // which build was measured (DASHBOARD_DIR: e.g. a previous tree's build, as a baseline)
      dashboardDir: dist,
      runs: RUNS,
      targetScore: TARGET_SCORE,
      loadAverageAtStart: load,
      loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)),
      pages,
    }
    log(JSON.stringify(result, null, 2))
    log(`written ${writeResult('lighthouse', result)}`)
    await proxy?.close()
  } finally {
    await h.close()
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})

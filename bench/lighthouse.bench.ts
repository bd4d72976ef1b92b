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
 * Chrome DevTools' Performance panel): which tasks blocked the main thread; and reports the main
 * thread's work in thread time (bench/lighthouse-trace.ts), which a busy machine hardly changes,
 * unlike the wall times Lighthouse's simulation multiplies.
 *
 * `--baseline DIR` also serves another build (e.g. the tree before a change: its dashboard/dist)
 * from a second app on the same database, and measures each page on both builds in every run,
 * alternating which goes first: a pair per run, under the same load of a shared machine. The
 * result then has `baselinePages` beside `pages`.
 *
 * `--baseline-tree DIR` does the same with another worktree's server too (its server/app.ts,
 * and its dashboard/dist unless `--baseline` names another build): for a change of the server
 * itself (a pre-rendered page), the tree before serves its own pages.
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
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Result } from 'lighthouse'
import { caseLifecycle } from '../domain/events/fixtures.ts'
import { GUIDE_ITEMS, ingestConcludedCases, seedGuideItems } from '../server/test/public-fixtures.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login } from '../test/harness.ts'
import { buildApp } from '../server/app.ts'
import { startGzipProxy } from './gzip-proxy.ts'
import { traceWork, type TraceWork } from './lighthouse-trace.ts'
import { median, writeResult } from './lib.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, pages: { type: 'string', default: '/m,/public' }, gzip: { type: 'boolean', default: false }, trace: { type: 'boolean', default: false }, baseline: { type: 'string' }, 'baseline-tree': { type: 'string' } } })
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
  lostPoints: string[]
  /** null when Lighthouse could not read the trace (its runtimeError, e.g. NO_NAVSTART on a loaded machine) */
  proxies: TraceProxies | null
  runtimeError: string | null
  /** with --trace: the main thread's work in thread time (bench/lighthouse-trace.ts), the load-independent figure */
  threadTime: TraceWork | null
}

/**
 * What the page's own (observed, unthrottled) trace shows, beside Lighthouse's simulated metrics:
 * figures that follow the page's work rather than the simulation's arithmetic on it. They still
 * grow with the machine's load (a task's wall time includes waiting for a core), so compare them
 * between builds measured alternately.
 */
interface TraceProxies {
  /** observed first contentful paint, largest contentful paint and load event, ms after navigation */
  observedMs: { fcp: number | null; lcp: number | null; load: number | null }
  /** the main thread's top-level tasks of ≥ 50 ms (as observed): how many, their total, the longest */
  longTasks: { count: number; totalMs: number; longestMs: number }
  /** the same, counting only those that start after the observed first contentful paint (what TBT sees) */
  longTasksAfterFcp: { count: number; totalMs: number; blockingMs: number }
  /** the main thread's busy time (every top-level task over 5 ms) until the load event */
  busyUntilLoadMs: number
  /** script evaluation and parse/compile of the page's scripts (observed: Lighthouse's figures ÷ its CPU slowdown) */
  scriptMs: { evaluation: number; parseCompile: number }
  /** the element Lighthouse names as the LCP (a selector or the snippet) */
  lcpElement: string | null
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

/** The first DOM node an audit's details name (the LCP element of the LCP breakdown). */
function firstNode(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null
  const d = details as Record<string, unknown>
  if (d.type === 'node') return String(d.selector ?? d.snippet ?? d.nodeLabel ?? '')
  for (const v of Object.values(d)) {
    const found = Array.isArray(v) ? v.map(firstNode).find((x) => x !== null) ?? null : firstNode(v)
    if (found !== null) return found
  }
  return null
}

function traceProxies(lhr: Result): TraceProxies {
  const items = <T>(id: string) => ((lhr.audits[id]?.details as { items?: T[] } | undefined)?.items ?? [])
  const m = items<Record<string, number | undefined>>('metrics')[0] ?? {}
  const observedMs = { fcp: m.observedFirstContentfulPaint ?? null, lcp: m.observedLargestContentfulPaint ?? null, load: m.observedLoad ?? null }
  const tasks = items<{ startTime: number; duration: number }>('main-thread-tasks')
  const long = tasks.filter((t) => t.duration >= 50)
  const afterFcp = long.filter((t) => observedMs.fcp !== null && t.startTime >= observedMs.fcp)
  const sum = (xs: number[]) => +xs.reduce((a, b) => a + b, 0).toFixed(1)
  const slowdown = lhr.configSettings.throttlingMethod === 'simulate' ? lhr.configSettings.throttling.cpuSlowdownMultiplier : 1
  const boot = items<{ scripting?: number; scriptParseCompile?: number }>('bootup-time')
  return {
    observedMs,
    longTasks: { count: long.length, totalMs: sum(long.map((t) => t.duration)), longestMs: +Math.max(0, ...tasks.map((t) => t.duration)).toFixed(1) },
    longTasksAfterFcp: { count: afterFcp.length, totalMs: sum(afterFcp.map((t) => t.duration)), blockingMs: sum(afterFcp.map((t) => t.duration - 50)) },
    busyUntilLoadMs: sum(tasks.filter((t) => observedMs.load === null || t.startTime < observedMs.load).map((t) => t.duration)),
    scriptMs: { evaluation: sum(boot.map((b) => (b.scripting ?? 0) / slowdown)), parseCompile: sum(boot.map((b) => (b.scriptParseCompile ?? 0) / slowdown)) },
    lcpElement: firstNode(lhr.audits['lcp-breakdown-insight']?.details),
  }
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
    const tracePath = path.join(REPORTS, `${label}.trace.json`)
    if (values.trace) writeFileSync(tracePath, JSON.stringify(result.artifacts.Trace))
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
      lostPoints: lostPoints(lhr),
      proxies: lhr.runtimeError ? null : traceProxies(lhr),
      runtimeError: lhr.runtimeError?.code ?? null,
      threadTime: values.trace && !lhr.runtimeError ? traceWork(tracePath) : null,
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
    belowTarget: below,
    // every audit that cost points in any run, with how many runs it did
    lostPoints: Object.entries(runs.flatMap((r) => r.lostPoints.map((l) => l.replace(/ \(.*$/, ''))).reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {})).map(([k, n]) => `${k} (${n}/${runs.length} runs)`),
    lostPointsLastRun: runs.at(-1)!.lostPoints,
    // the observed trace's figures (see TraceProxies): the median of the runs, and each run's
    proxies: {
      observedLcpMs: med(runs.map((r) => r.proxies?.observedMs.lcp ?? null)),
      longTaskCount: med(runs.map((r) => r.proxies?.longTasks.count ?? null)),
      longTaskTotalMs: med(runs.map((r) => r.proxies?.longTasks.totalMs ?? null)),
      longTaskAfterFcpBlockingMs: med(runs.map((r) => r.proxies?.longTasksAfterFcp.blockingMs ?? null)),
      busyUntilLoadMs: med(runs.map((r) => r.proxies?.busyUntilLoadMs ?? null)),
      scriptEvaluationMs: med(runs.map((r) => r.proxies?.scriptMs.evaluation ?? null)),
      lcpElement: [...new Set(runs.map((r) => r.proxies?.lcpElement ?? null))],
      // --trace: thread time, which the machine's load hardly changes (bench/lighthouse-trace.ts)
      threadCpuMs: med(runs.map((r) => r.threadTime?.cpuMs ?? null)),
      threadCpuAfterFcpMs: med(runs.map((r) => r.threadTime?.cpuAfterFcpMs ?? null)),
      threadTasksOver50Ms: med(runs.map((r) => r.threadTime?.longTasks.count ?? null)),
      threadTbtEstimateMs: med(runs.map((r) => r.threadTime?.tbtEstimateMs ?? null)),
      threadScriptEvaluateMs: med(runs.map((r) => r.threadTime?.scriptMs.evaluate ?? null)),
    },
    proxiesPerRun: runs.map((r) => r.proxies),
    runtimeErrors: runs.map((r) => r.runtimeError),
  }
}

async function main() {
  const dist = dashboardDir()
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set (a PostgreSQL where a throwaway database can be created)')
  const h = await createHarness({ dashboardDir: dist, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  try {
    const cookie = await seed(h)
    const servers: Array<{ close(): Promise<unknown> }> = []
    /** The app listening on a free port (behind the gzip proxy with --gzip): its base URL. */
    const serve = async (app: typeof h.app): Promise<string> => {
      await app.listen({ host: '127.0.0.1', port: 0 })
      const addr = app.server.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      const proxy = values.gzip ? await startGzipProxy({ host: '127.0.0.1', port }) : null
      if (proxy) servers.push(proxy)
      return proxy?.url ?? `http://127.0.0.1:${port}`
    }
    const builds: Array<{ key: 'new' | 'baseline'; dist: string; base: string }> = [{ key: 'new', dist, base: await serve(h.app) }]
    const tree = values['baseline-tree'] ? path.resolve(values['baseline-tree']) : null
    const baselineDist = values.baseline ?? (tree ? path.join(tree, 'dashboard', 'dist') : undefined)
    if (baselineDist) {
      // the other tree's own server when asked (its modules, its caches), else this one's
      const build: typeof buildApp = tree ? ((await import(pathToFileURL(path.join(tree, 'server', 'app.ts')).href)) as { buildApp: typeof buildApp }).buildApp : buildApp
      const other = await build(
        { databaseUrl: h.db.url, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: path.resolve(baselineDist), security: { cookieSecure: false, rateLimit: { enabled: false } } },
        { logger: false },
      )
      servers.push(other)
      builds.push({ key: 'baseline', dist: path.resolve(baselineDist), base: await serve(other) })
    }
    const load = os.loadavg().map((x) => +x.toFixed(2))
    const runs: Record<'new' | 'baseline', Record<string, RunFigures[]>> = { new: {}, baseline: {} }
    for (let i = 0; i < RUNS; i++) {
      for (const page of PAGES) {
        // a pair per run, the order alternating (the second of a pair may meet a warmer or busier machine)
        for (const b of i % 2 === 0 ? builds : [...builds].reverse()) {
          const headers = page.startsWith('/m') ? { Cookie: cookie } : undefined
          const t = Date.now()
          const r = await measure(`${b.base}${page}`, headers, b.dist, `${page.replace(/\W+/g, '_')}-run${i + 1}${values.gzip ? '-gzip' : ''}${b.key === 'baseline' ? '-baseline' : ''}`)
          if (r.finalPath !== page) log(`warning: ${page} ended on ${r.finalPath} (sign-in lost?)`)
          ;(runs[b.key][page] ??= []).push(r)
          log(`${b.key === 'baseline' ? '[baseline] ' : ''}${page} run ${i + 1}/${RUNS} (${((Date.now() - t) / 1000).toFixed(0)} s, load ${os.loadavg()[0]!.toFixed(1)}): ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(', ')}; initial JS ${(r.initialJs.gzipBytes / 1000).toFixed(1)} kB gzip; TBT ${Math.round(r.metricsMs.totalBlockingTime ?? 0)} ms, LCP ${Math.round(r.metricsMs.largestContentfulPaint ?? 0)} ms; ${r.proxies ? `observed: long tasks ${r.proxies.longTasks.count} / ${r.proxies.longTasks.totalMs} ms, LCP ${Math.round(r.proxies.observedMs.lcp ?? 0)} ms (${r.proxies.lcpElement})` : `no trace (${r.runtimeError})`}${r.threadTime ? `; thread time ${r.threadTime.cpuMs} ms (${r.threadTime.cpuAfterFcpMs} after FCP), TBT estimate ${r.threadTime.tbtEstimateMs} ms` : ''}`)
        }
      }
    }
    const pages = PAGES.map((p) => summarise(p, runs.new[p]!))
    const baselinePages = baselineDist ? PAGES.map((p) => summarise(p, runs.baseline[p]!)) : undefined
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
      ...(baselinePages ? { baseline: { dashboardDir: path.resolve(baselineDist!), server: tree ? `${tree}/server/app.ts` : 'this tree', order: 'alternating: the new build first in odd runs, the baseline first in even runs' }, baselinePages } : {}),
    }
    log(JSON.stringify(result, null, 2))
    log(`written ${writeResult('lighthouse', result)}`)
    for (const s of servers) await s.close()
  } finally {
    await h.close()
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})

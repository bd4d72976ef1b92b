/**
 * `npm run demo`: the whole system on one machine, with nothing installed but Node and redis-server.
 *
 *   1. PostgreSQL and Redis: DATABASE_URL / REDIS_URL if set, else started by scripts/services.ts
 *      with their data in the data dir (`DEMO_DATA_DIR`, default ./.data; kept: a second run reuses it)
 *   2. migrations (sql/migrate.ts), the 浈江区 reference data (scripts/seed.ts)
 *   3. the three accounts — administrator, wall display, window staff — in that order, made once
 *      and kept (scripts/demo-accounts.ts)
 *   4. the dashboard build, when dashboard/dist is missing or older than its sources (skipped when
 *      DASHBOARD_DIR names a built one)
 *   5. the server and one worker, supervised as under `npm start` (a crashed one is restarted
 *      with backoff), then the simulator: DEMO_BACKFILL_DAYS (30) days of history, then live events
 *   6. once the backfill has begun: the URLs and the three logins, in one block
 *
 * The terminal shows the demo's own lines, warnings and errors, and a one-line summary every
 * DEMO_SUMMARY_SECONDS (30); each process's complete log is in `<data dir>/logs/<name>.log`
 * (scripts/demo-log.ts).
 *
 * Ctrl-C (SIGINT/SIGTERM/SIGHUP): stops the app (server drains, worker closes), then the services
 * it started, and exits 0. Children run in their own process groups, so a terminal Ctrl-C reaches
 * only this script, which stops them in order: app first, databases last.
 */
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { ensureDemoAccounts, formatLoginBlock } from './demo-accounts.ts'
import { acceptedFromMetrics, createDemoLog, formatSummary, type Stream } from './demo-log.ts'
import { ensureServices, type Services } from './services.ts'
import { rotateLog } from './services/process.ts'
import { onStopSignals } from './supervise/signals.ts'
import { createSupervisor, restartCountsOverIpc, type ChildSpec, type Exit } from './supervise/supervisor.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DATA_DIR = path.resolve(process.env.DEMO_DATA_DIR || path.join(ROOT, '.data'))
const DATA_SHOWN = ((r) => (r.startsWith('..') ? DATA_DIR : r || '.'))(path.relative(process.cwd(), DATA_DIR))
const LOG_DIR = path.join(DATA_DIR, 'logs')
const HOST = process.env.HOST ?? '127.0.0.1'
const PORT = Number(process.env.PORT ?? 8080)
const BASE = `http://${HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST}:${PORT}`
const BACKFILL_DAYS = Math.max(0, Math.floor(Number(process.env.DEMO_BACKFILL_DAYS ?? 30)))
const SUMMARY_SECONDS = Math.max(1, Number(process.env.DEMO_SUMMARY_SECONDS ?? 30))

const color = process.stdout.isTTY && !process.env.NO_COLOR
const COLORS: Record<string, string> = { demo: '1;36', services: '36', migrate: '35', build: '34', server: '32', worker: '33', seed: '35', sim: '94' }
const tag = (name: string) => (color ? `\x1b[${COLORS[name] ?? '37'}m[${name}]\x1b[0m` : `[${name}]`)
const terminal = (text: string, name: string, stream: Stream) => {
  for (const l of text.split('\n')) process[stream].write(`${tag(name)} ${l}\n`)
}

await fs.mkdir(LOG_DIR, { recursive: true })
for (const f of await fs.readdir(LOG_DIR)) if (f.endsWith('.log')) await rotateLog(path.join(LOG_DIR, f))
const demoLog = createDemoLog({ logDir: LOG_DIR, out: terminal })
// The demo's own lines: on the terminal, and in logs/demo.log.
const demoFile = await fs.open(path.join(LOG_DIR, 'demo.log'), 'a')
const fileOnly = (text: string) => void demoFile.write(`${text}\n`).catch(() => {})
const log = (msg: string) => {
  terminal(msg, 'demo', 'stdout')
  fileOnly(msg)
}
const warn = (msg: string) => {
  terminal(msg, 'demo', 'stderr')
  fileOnly(msg)
}

const sup = createSupervisor({ log, warn })
let services: Promise<Services> | undefined
let summaryTimer: NodeJS.Timeout | undefined
let stopping: Promise<never> | undefined

function shutdown(code: number, reason: string): Promise<never> {
  stopping ??= (async (): Promise<never> => {
    clearInterval(summaryTimer)
    ;(code === 0 ? log : warn)(`${reason}: stopping${code === 0 ? '' : ' everything'}…`)
    await sup.stop()
    try {
      const svc = await services?.catch(() => undefined)
      await svc?.stop()
    } catch (e) {
      warn(`stopping services: ${(e as Error).message}`)
      code ||= 1
    }
    log(code === 0 ? 'stopped. 已停止。' : `exit ${code}`)
    await demoLog.close()
    await demoFile.close().catch(() => {})
    process.exit(code)
  })()
  return stopping
}
onStopSignals({ stop: (sig) => void shutdown(0, sig), kill: (sig) => (warn(`${sig} again: killing children now`), sup.kill()) })

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)))
  })
}

async function newestMtime(dir: string, skip: Set<string>): Promise<number> {
  let newest = 0
  let entries: import('node:fs').Dirent[]
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const e of entries) {
    const p = path.join(dir, e.name)
    if (skip.has(p) || e.name === 'node_modules' || e.name.startsWith('.')) continue
    if (e.isDirectory()) newest = Math.max(newest, await newestMtime(p, skip))
    else if (e.isFile()) newest = Math.max(newest, (await fs.stat(p)).mtimeMs)
  }
  return newest
}

/** dashboard/dist is missing, or older than the dashboard's sources, domain/ or the lock file. */
async function dashboardStale(): Promise<string | undefined> {
  const dashboard = path.join(ROOT, 'dashboard')
  const dist = path.join(dashboard, 'dist')
  const built = await fs.stat(path.join(dist, 'index.html')).then((s) => s.mtimeMs, () => 0)
  if (!built) return 'dashboard/dist is missing'
  const lock = await fs.stat(path.join(ROOT, 'package-lock.json')).then((s) => s.mtimeMs, () => 0)
  const newest = Math.max(await newestMtime(dashboard, new Set([dist])), lock, await newestMtime(path.join(ROOT, 'domain'), new Set()))
  return newest > built ? 'dashboard/dist is older than its sources' : undefined
}

let childEnv: NodeJS.ProcessEnv = {}
const node = (file: string, args: string[] = []) => ({ command: process.execPath, args: [...process.execArgv, file, ...args], cwd: ROOT, env: () => childEnv })
const toLog = (name: string, stream: Stream, line: string) => demoLog.line(name, stream, line)

/** A one-shot step; a failure stops everything. */
async function step(name: string, spec: Omit<ChildSpec, 'name' | 'onLine'>): Promise<void> {
  const exit: Exit = await sup.run({ name, ...spec, onLine: toLog })
  if (sup.stopping()) await new Promise(() => {}) // shutdown() exits the process
  if (exit.code !== 0) await shutdown(1, `${name} failed (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}; see ${path.join(DATA_SHOWN, 'logs', `${name}.log`)})`)
}

async function waitForHttp(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && !sup.stopping()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await res.body?.cancel()
      if (res.ok) return true
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return false
}

/** Events accepted so far, from the server's /metrics (with METRICS_TOKEN / METRICS_PORT as configured). */
async function acceptedSoFar(): Promise<number | null> {
  const url = process.env.METRICS_PORT ? `http://${process.env.METRICS_HOST || '127.0.0.1'}:${process.env.METRICS_PORT}/metrics` : `${BASE}/metrics`
  try {
    const res = await fetch(url, { headers: process.env.METRICS_TOKEN ? { authorization: `Bearer ${process.env.METRICS_TOKEN}` } : {}, signal: AbortSignal.timeout(2000) })
    return res.ok ? acceptedFromMetrics(await res.text()) : null
  } catch {
    return null
  }
}

async function main(): Promise<void> {
  log(`行政审批电子监察 demo — data in ${DATA_SHOWN}, full logs in ${path.join(DATA_SHOWN, 'logs')}/`)
  if (!(await portFree(PORT, HOST))) {
    warn(`port ${PORT} on ${HOST} is already in use (another demo still running?).`)
    warn(`端口 ${PORT} 已被占用。Use another one: PORT=${PORT + 2} npm run demo`)
    process.exit(1)
  }

  services = ensureServices({ dataDir: DATA_DIR, log: (m) => demoLog.line('services', 'stdout', m) })
  let svc: Services
  try {
    svc = await services
  } catch (e) {
    warn((e as Error).message)
    process.exit(1)
  }
  const { ADMIN_LOGIN: _l, ADMIN_PASSWORD: _p, ...env } = process.env
  childEnv = {
    ...env,
    DATABASE_URL: svc.databaseUrl,
    REDIS_URL: svc.redisUrl,
    HOST,
    PORT: String(PORT),
    BASE_URL: BASE,
    WORKER_HEALTH_PORT: process.env.WORKER_HEALTH_PORT ?? String(PORT + 1),
    SIMULATOR_KEY_FILE: path.join(DATA_DIR, 'simulator-key'),
    // the demo's data is the simulator's: every surface shows the 模拟数据 mark
    SIMULATED_DATA: process.env.SIMULATED_DATA ?? '1',
    // the audit chain's anchors beside the demo's other data
    AUDIT_ANCHOR_FILE: process.env.AUDIT_ANCHOR_FILE ?? path.join(DATA_DIR, 'audit-anchors.jsonl'),
    // marks every process of this demo (tests find leftovers by it)
    DEMO_DATA_DIR: DATA_DIR,
  }

  await step('migrate', node('sql/migrate.ts'))
  await step('seed', node('scripts/seed.ts'))
  const pool = new pg.Pool({ connectionString: svc.databaseUrl, max: 1 })
  const accounts = await ensureDemoAccounts(pool, { dataDir: DATA_DIR }).finally(() => pool.end())
  for (const a of accounts) if (a.state === 'created') log(`account ${a.spec.login} created (${a.spec.roles.join(', ')})`)

  if (process.env.DASHBOARD_DIR) {
    log(`dashboard: ${process.env.DASHBOARD_DIR} (DASHBOARD_DIR)`)
  } else {
    const why = await dashboardStale()
    if (why) {
      log(`${why}: building it (output in ${path.join(DATA_SHOWN, 'logs', 'build.log')})`)
      await step('build', { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['run', '--silent', 'build:dashboard'], cwd: ROOT, env: () => childEnv })
    } else {
      log('dashboard/dist is up to date')
    }
  }

  sup.start({ name: 'server', ...node('server/server.ts'), onLine: toLog, ipc: true, onSpawn: restartCountsOverIpc(sup) })
  sup.start({ name: 'worker', ...node('workers/main.ts'), onLine: toLog })
  if (!(await waitForHttp(`${BASE}/healthz`, 60_000))) {
    await shutdown(1, `the server did not answer ${BASE}/healthz within 60 s (see ${path.join(DATA_SHOWN, 'logs', 'server.log')})`)
  }

  // The simulator: its first line says the backfill (or the live stream) has begun.
  let begun: () => void = () => {}
  const backfillBegun = new Promise<void>((r) => (begun = r))
  const simArgs = [...(BACKFILL_DAYS > 0 ? ['--backfill-days', String(BACKFILL_DAYS)] : []), '--live']
  log(`simulator: ${BACKFILL_DAYS} days of history, then live events`)
  void sup
    .run({
      name: 'sim',
      ...node('scripts/simulate.ts', simArgs),
      onLine: (name, stream, line) => {
        if (/^(backfill|live):/.test(line)) begun()
        toLog(name, stream, line)
      },
    })
    .then((exit) => {
      begun()
      if (!sup.stopping() && exit.code !== 0) warn(`the simulator stopped (${exit.signal ?? `code ${exit.code}`}); the rest keeps running (see ${path.join(DATA_SHOWN, 'logs', 'sim.log')})`)
    })
  let t: NodeJS.Timeout | undefined
  await Promise.race([backfillBegun, new Promise((r) => (t = setTimeout(r, 60_000)))])
  clearTimeout(t)
  if (sup.stopping()) return

  const pages: [string, string][] = [
    ['/wall', '指挥大屏 big-screen wall'],
    ['/console', '监察控制台 supervisor console'],
    ['/window', '窗口办件 service window'],
    ['/m', '领导移动端 leader mobile view'],
    ['/public', '公众公示 public ranking'],
    ['/admin', '系统管理 admin'],
    ['/docs', 'API 文档 API docs'],
  ]
  const block = [
    '',
    'ready 已就绪:',
    ...pages.map(([p, label]) => `  ${`${BASE}${p}`.padEnd(32)} ${label}`),
    '',
    ...formatLoginBlock(accounts, BASE, DATA_SHOWN),
    '',
    `  PostgreSQL ${svc.databaseUrl}`,
    `  Redis      ${svc.redisUrl}`,
    `  logs       ${path.join(DATA_SHOWN, 'logs')}/ (server, worker, sim, …); a summary here every ${SUMMARY_SECONDS} s`,
    '',
    'Ctrl-C to stop 按 Ctrl-C 停止',
  ]
  log(block.join('\n'))

  let lastAccepted = await acceptedSoFar()
  summaryTimer = setInterval(() => {
    void (async () => {
      const accepted = await acceptedSoFar()
      const events = accepted === null ? null : { period: Math.max(0, accepted - (lastAccepted ?? 0)), total: accepted }
      if (accepted !== null) lastAccepted = accepted
      if (sup.stopping()) return
      log(formatSummary({ seconds: SUMMARY_SECONDS, requests: demoLog.takeRequests(), eventsAccepted: events, restarts: sup.restarts(), dropped: demoLog.dropped(), logDir: path.join(DATA_SHOWN, 'logs') }))
    })()
  }, SUMMARY_SECONDS * 1000)
}

main().catch((e: unknown) => {
  void shutdown(1, `demo failed: ${(e as Error)?.stack ?? String(e)}`)
})

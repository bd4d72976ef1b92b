/**
 * `npm start`: the production form, for a DATABASE_URL and REDIS_URL that exist already (no
 * embedded services, no demo data, no dashboard build).
 *
 *   1. migrations (sql/migrate.ts), once; a failure stops here (exit 1)
 *   2. the API server (server/server.ts) and one worker process (workers/main.ts), supervised:
 *      a child that dies (a crash, kill -9, out of memory) is logged and started again after a
 *      backoff (scripts/supervise/backoff.ts: 250 ms, doubling per crash in a row, at most 30 s;
 *      a run of a minute resets it), while the other keeps serving. The server reports the
 *      restart counts in /metrics (`supervision_process_restarts_total{process}`).
 *   3. SIGINT / SIGTERM (/ SIGHUP): both children get SIGTERM (the server drains its in-flight
 *      requests, the worker closes its BullMQ consumers), SIGKILL after 10 s; exit 0.
 *
 * To run the units separately (systemd, docker compose, Kubernetes): `npm run migrate`, then
 * `npm run server` and `npm run worker`, each restarted by its own supervisor. The worker's health
 * endpoint listens on WORKER_HEALTH_PORT (here: PORT + 1 unless set).
 *
 * Children run with this process's own Node flags: under `node --import tsx scripts/start.ts`
 * (npm start) they use tsx; under `node scripts/start.ts` on Node ≥ 22.18 (the image) they use
 * Node's own type stripping.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSupervisor, restartCountsOverIpc } from './supervise/supervisor.ts'
import { onStopSignals } from './supervise/signals.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const TAG = '[supervisor]'
const log = (m: string) => process.stdout.write(`${TAG} ${m}\n`)
const warn = (m: string) => process.stderr.write(`${TAG} ${m}\n`)

const { DATABASE_URL, REDIS_URL } = process.env
if (!DATABASE_URL || !REDIS_URL) {
  warn('npm start needs DATABASE_URL and REDIS_URL (use `npm run demo` to start local ones).')
  warn('npm start 需要设置 DATABASE_URL 与 REDIS_URL（如需本地自动启动，请用 `npm run demo`）。')
  process.exit(2)
}

const port = Number(process.env.PORT ?? 8080)
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  WORKER_HEALTH_PORT: process.env.WORKER_HEALTH_PORT ?? String(port + 1),
})
const node = (file: string) => ({ command: process.execPath, args: [...process.execArgv, file], cwd: ROOT, env })
const passThrough = (_name: string, stream: 'stdout' | 'stderr', line: string) => process[stream].write(`${line}\n`)

const sup = createSupervisor({ log, warn })
onStopSignals({
  stop: async (sig) => {
    log(`${sig}: stopping the server and the worker`)
    await sup.stop()
    log('stopped')
    process.exit(0)
  },
  kill: (sig) => {
    warn(`${sig} again: killing the children now`)
    sup.kill()
  },
})

const migrated = await sup.run({ name: 'migrate', ...node('sql/migrate.ts'), onLine: passThrough })
if (sup.stopping()) await new Promise(() => {}) // the signal handler exits
if (migrated.code !== 0) {
  warn(`migrations failed (${migrated.signal ? `signal ${migrated.signal}` : `code ${migrated.code}`}): not starting`)
  process.exit(1)
}
if (!existsSync(path.join(ROOT, 'dashboard', 'dist', 'index.html'))) {
  warn('dashboard/dist is missing: serving the API only (build it with `npm run build:dashboard`)')
}

sup.start({ name: 'server', ...node('server/server.ts'), onLine: passThrough, ipc: true, onSpawn: restartCountsOverIpc(sup) })
sup.start({ name: 'worker', ...node('workers/main.ts'), onLine: passThrough })
log(`server on http://${process.env.HOST ?? '127.0.0.1'}:${port}, worker health on port ${env().WORKER_HEALTH_PORT}; SIGINT/SIGTERM stops both`)

/**
 * `npm start` under faults: kill -9 the worker, and separately the server; the supervisor brings
 * each back within 10 s while the other keeps serving, and ingest keeps answering 202 — a source
 * system posts new cases before, during and after both crashes (retrying, as sources do, the
 * one request a dead server could not answer) and no acknowledged event is lost: every one is
 * stored and projected. /metrics counts the restarts; SIGTERM stops both children, exit 0.
 *
 * Runs the real `npm start` (scripts/start.ts) against a throwaway database on DATABASE_URL and a
 * BullMQ prefix of its own, on the Node that runs the tests (≥ 22.18: npm start uses Node's own
 * type stripping).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, redisUrl, uniqueName, type TestDatabase } from './db.ts'
import { createKey, seedReference } from './harness.ts'
import { newCase } from './wall-browser.ts'
import { freePort } from './redis-server.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
// ports the system says are free now (a random pick could land on another test's port or an
// outgoing connection's: the worker then ran without its health endpoint and the test timed out)
const port = await freePort()
const healthPort = await freePort()
const base = `http://127.0.0.1:${port}`

let db: TestDatabase
let key: string
let proc: ChildProcess
let exited: Promise<number | null>
const out: string[] = []

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The pid the supervisor last reported for `name` ("[supervisor] worker started (pid 123)"). */
function pidOf(name: string): number | undefined {
  for (let i = out.length - 1; i >= 0; i--) {
    const m = new RegExp(`^\\[supervisor\\] ${name} started \\(pid (\\d+)\\)`).exec(out[i]!)
    if (m) return Number(m[1])
  }
  return undefined
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await res.body?.cancel()
    return res.status === 200
  } catch {
    return false
  }
}

/** Waits until `name` runs under a pid other than `old` and `url` is ready; the time it took. */
async function backAfter(name: string, old: number, url: string): Promise<number> {
  const t0 = Date.now()
  while (Date.now() - t0 < 20_000) {
    const pid = pidOf(name)
    if (pid !== undefined && pid !== old && (await ready(url))) return Date.now() - t0
    await sleep(100)
  }
  throw new Error(`${name} not back within 20 s:\n${out.slice(-20).join('\n')}`)
}

/** A source system: posts a new case every 100 ms until stopped; retries a request that got no answer. */
function source() {
  const acknowledged: string[] = []
  const statuses: number[] = []
  let unanswered = 0
  let n = 0
  let stop = false
  const done = (async () => {
    while (!stop) {
      const events = newCase(++n + Math.floor(port * 7))
      for (;;) {
        try {
          const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(events), signal: AbortSignal.timeout(5000) })
          statuses.push(res.status)
          const body = (await res.json()) as { results?: { eventId: string | null; status: string }[] }
          if (res.status === 202) for (const r of body.results ?? []) if (r.status === 'accepted' || r.status === 'duplicate') acknowledged.push(r.eventId!)
          break
        } catch {
          unanswered++ // the server is down: try the same events again (idempotent on eventId)
          await sleep(100)
        }
      }
      await sleep(100)
    }
  })()
  return {
    acknowledged,
    statuses,
    unanswered: () => unanswered,
    async stop() {
      stop = true
      await done
    },
  }
}

beforeAll(async () => {
  db = await createTestDatabase('start')
  await seedReference(db.pool)
  key = await createKey(db.pool, 'start-test')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: uniqueName('start'),
    PORT: String(port),
    WORKER_HEALTH_PORT: String(healthPort),
    LOG_LEVEL: 'warn',
    WALL_PUBLISH: 'off',
  }
  proc = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  exited = new Promise((r) => proc.once('exit', (code) => r(code)))
  let buf = ''
  const collect = (d: Buffer) => {
    buf += d.toString('utf8')
    const lines = buf.split('\n')
    buf = lines.pop() ?? ''
    out.push(...lines)
  }
  proc.stdout!.on('data', collect)
  proc.stderr!.on('data', collect)
  const t0 = Date.now()
  while (!((await ready(`${base}/readyz`)) && (await ready(`http://127.0.0.1:${healthPort}/readyz`)))) {
    if (proc.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`npm start did not get ready:\n${out.slice(-30).join('\n')}`)
    await sleep(200)
  }
}, 90_000)

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill('SIGKILL')
    for (const name of ['server', 'worker']) {
      const pid = pidOf(name)
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          /* gone */
        }
      }
    }
  }
  await db?.drop()
})

describe('npm start', () => {
  it('runs on Node ≥ 22.18 (type stripping), as the supported versions do', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number]
    expect(major > 22 || (major === 22 && minor >= 18), `Node ${process.versions.node}: run the tests on Node 22.18+ or 24 (.ci/run does)`).toBe(true)
  })

  it('restarts a killed worker and a killed server within 10 s; ingest keeps answering 202 and loses no acknowledged event', async () => {
    const src = source()
    await sleep(1500)

    // the worker: the server keeps taking events while it is gone
    const worker = pidOf('worker')!
    const before = src.statuses.length
    process.kill(worker, 'SIGKILL')
    const workerBack = await backAfter('worker', worker, `http://127.0.0.1:${healthPort}/readyz`)
    expect(workerBack).toBeLessThan(10_000)
    await sleep(1000)
    expect(src.statuses.length).toBeGreaterThan(before)
    expect(src.unanswered()).toBe(0)

    // the server: requests in its gap get no answer (and are retried); it is back within 10 s
    const server = pidOf('server')!
    process.kill(server, 'SIGKILL')
    const serverBack = await backAfter('server', server, `${base}/readyz`)
    expect(serverBack).toBeLessThan(10_000)
    expect(pidOf('worker')).not.toBe(worker) // the worker was not restarted again with it
    await sleep(1500)
    await src.stop()

    // every answer was a 202, and every event acknowledged is stored and projected
    expect(new Set(src.statuses)).toEqual(new Set([202]))
    expect(src.acknowledged.length).toBeGreaterThan(20)
    const ids = src.acknowledged
    const stored = await db.pool.query<{ n: string }>('SELECT count(DISTINCT event_id) AS n FROM events WHERE event_id = ANY($1)', [ids])
    expect(Number(stored.rows[0]!.n)).toBe(new Set(ids).size)
    const caseNos = [...new Set(ids.map((id) => id.replace(/-[sa]$/, '')))]
    await expect
      .poll(async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM cases WHERE case_no = ANY($1)', [caseNos])).rows[0]!.n), { timeout: 40_000, interval: 500 })
      .toBe(caseNos.length)

    // the restarts are counted in /metrics
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toMatch(/supervision_process_restarts_total\{process="worker"\} 1\b/)
    expect(metrics).toMatch(/supervision_process_restarts_total\{process="server"\} 1\b/)
    expect(out.filter((l) => /exited unexpectedly \(signal SIGKILL\)/.test(l))).toHaveLength(2)
  }, 120_000)

  it('stops both children gracefully on SIGTERM, exit 0', async () => {
    const pids = [pidOf('server')!, pidOf('worker')!]
    proc.kill('SIGTERM')
    let t: NodeJS.Timeout | undefined
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (t = setTimeout(() => r('timeout'), 20_000)))])
    clearTimeout(t)
    expect(code).toBe(0)
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    })
    expect(alive).toEqual([])
    expect(out).toContain('[worker] SIGTERM: closing')
    expect(out).toContain('[supervisor] stopped')
  }, 30_000)
})

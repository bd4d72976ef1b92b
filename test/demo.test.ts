/**
 * `npm run demo` from a clean state, as a newcomer runs it: the real script, its own data dir and
 * port, and — like a fresh clone without DATABASE_URL / REDIS_URL — its own embedded PostgreSQL
 * and private redis-server (they start in about a second here, and only this way does the test
 * see the demo stop what it started). The dashboard is the tests' cached build (DASHBOARD_DIR),
 * the backfill one day (DEMO_BACKFILL_DAYS), to keep the run short.
 *
 * First run: the three logins printed together once the backfill has begun; each signs in through
 * the API and in the browser (/console as admin, /wall as display, /window as staff); the
 * terminal carries no per-request JSON but a periodic summary; SIGINT stops it with exit 0 and
 * nothing it started (app, simulator, PostgreSQL, Redis) is left. Second run on the same data:
 * no initdb, no account created, the same logins printed and working.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOGIN_LINE } from '../scripts/demo-accounts.ts'
import { buildDashboard, launchChromium } from './browser.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'demo-test-'))
chmodSync(dataDir, 0o755) // as root, PostgreSQL runs as `postgres` and must reach its directory
const port = 20_000 + Math.floor(Math.random() * 19_000)
const base = `http://127.0.0.1:${port}`

interface Login {
  label: string
  login: string
  password: string
  url: string
}

interface Run {
  proc: ChildProcess
  out: string[]
  err: string[]
  logins: Login[]
  exited: Promise<number | null>
}

let dashboardDir: string
let browser: Browser
let running: Run | undefined

function startDemo(): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    DEMO_DATA_DIR: dataDir,
    PORT: String(port),
    DASHBOARD_DIR: dashboardDir,
    DEMO_BACKFILL_DAYS: '1',
    DEMO_SUMMARY_SECONDS: '2',
    NO_COLOR: '1',
  }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  delete env.ADMIN_LOGIN
  delete env.ADMIN_PASSWORD
  const proc = spawn('npm', ['run', 'demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const run: Run = { proc, out: [], err: [], logins: [], exited: new Promise((r) => proc.once('exit', (code) => r(code))) }
  const collect = (into: string[]) => {
    let buf = ''
    return (d: Buffer) => {
      buf += d.toString('utf8')
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      into.push(...lines)
    }
  }
  proc.stdout!.on('data', collect(run.out))
  proc.stderr!.on('data', collect(run.err))
  running = run
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 100_000
    const poll = setInterval(() => {
      const stop = run.out.findIndex((l) => l.includes('Ctrl-C to stop'))
      if (stop >= 0) {
        clearInterval(poll)
        run.logins = run.out
          .map((l) => LOGIN_LINE.exec(l.replace(/^\[demo\]/, '')))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => ({ label: m[1]!, login: m[2]!, password: m[3]!, url: m[4]! }))
        resolve(run)
      } else if (run.proc.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll)
        reject(new Error(`the demo did not get ready:\n${[...run.out, ...run.err].slice(-40).join('\n')}`))
      }
    }, 200)
  })
}

/** SIGINT (as Ctrl-C), then: exit code, and the processes still carrying this demo's data dir. */
async function stopDemo(run: Run): Promise<{ code: number | null; left: string[] }> {
  run.proc.kill('SIGINT')
  let t: NodeJS.Timeout | undefined
  const code = await Promise.race([run.exited, new Promise<'timeout'>((r) => (t = setTimeout(() => r('timeout'), 45_000)))])
  clearTimeout(t)
  if (code === 'timeout') throw new Error(`the demo did not stop within 45 s:\n${run.out.slice(-20).join('\n')}`)
  running = undefined
  // Every process the demo starts has DEMO_DATA_DIR in its environment (server, worker, simulator,
  // steps) or the data dir on its command line (postgres -D …/pg, redis-server --dir …/redis).
  await new Promise((r) => setTimeout(r, 300))
  const left: string[] = []
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8')
      if (cmd.includes(dataDir) || env.split('\0').includes(`DEMO_DATA_DIR=${dataDir}`)) left.push(`${pid}: ${cmd}`)
    } catch {
      /* gone, or not ours to read */
    }
  }
  return { code, left }
}

async function apiLogin(login: string, password: string): Promise<{ status: number; me?: { login: string; roles: string[] } }> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) })
  if (res.status !== 200) return { status: res.status }
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ')
  const me = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })
  const body = (await me.json()) as { user: { login: string; roles: string[] } }
  return { status: me.status, me: { login: body.user.login, roles: body.user.roles } }
}

async function browserSignIn(login: Login, checkPage: (p: import('playwright-core').Page) => Promise<void>): Promise<void> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  try {
    const page = await ctx.newPage()
    await page.goto(login.url)
    await page.waitForURL(/\/login\?next=/)
    await page.fill('input[name=login]', login.login)
    await page.fill('input[name=password]', login.password)
    await page.click('button[type=submit]')
    await page.waitForURL(login.url, { timeout: 15_000 })
    await checkPage(page)
  } finally {
    await ctx.close()
  }
}

beforeAll(async () => {
  dashboardDir = await buildDashboard()
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  if (running) await stopDemo(running).catch(() => {})
  await browser?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('npm run demo', () => {
  let first: Login[] = []

  it('first run: prints three working logins once the backfill has begun, keeps the terminal quiet, stops cleanly', async () => {
    const run = await startDemo()
    const out = run.out.join('\n')
    expect(out).toContain('initdb') // a clean state: the cluster was made now

    // the block: administrator, display, window staff, in that order, after the backfill began
    expect(run.logins.map((l) => [l.login, new URL(l.url).pathname])).toEqual([
      ['admin', '/console'],
      ['wall.display', '/wall'],
      ['window', '/window'],
    ])
    const backfill = run.out.findIndex((l) => /^\[sim\] backfill: \d+ events/.test(l))
    const block = run.out.findIndex((l) => l.includes('logins 登录账号'))
    expect(backfill).toBeGreaterThanOrEqual(0)
    expect(block).toBeGreaterThan(backfill)
    // the passwords are the kept ones
    expect(run.logins.map((l) => l.password)).toEqual(['admin-password', 'wall-password', 'window-password'].map((f) => readFileSync(path.join(dataDir, f), 'utf8').trim()))
    first = run.logins

    // each signs in through the API, with its role
    const roles = await Promise.all(first.map((l) => apiLogin(l.login, l.password)))
    expect(roles).toEqual([
      { status: 200, me: { login: 'admin', roles: ['admin'] } },
      { status: 200, me: { login: 'wall.display', roles: ['display'] } },
      { status: 200, me: { login: 'window', roles: ['department_staff'] } },
    ])
    expect((await apiLogin('admin', 'not-the-password')).status).toBe(401)
    // the demo's data is simulated, and the server says so to every page (模拟数据 mark)
    expect(((await (await fetch(`${base}/readyz`)).json()) as { simulatedData?: boolean }).simulatedData).toBe(true)

    // …and in the browser, each on its own surface
    const [admin, display, staff] = first as [Login, Login, Login]
    await browserSignIn(admin, async (p) => {
      await expect.poll(() => p.locator('[data-test=console-user]').textContent(), { timeout: 15_000 }).toBe('管理员')
      await expect.poll(() => p.locator('[data-test=case-table] .el-table__body tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    })
    await browserSignIn(display, async (p) => {
      await p.waitForSelector('.wall-grid.connection-live', { timeout: 20_000 })
    })
    await browserSignIn(staff, async (p) => {
      await p.getByRole('menuitem', { name: '收件登记' }).waitFor({ timeout: 15_000 })
    })

    // the terminal: no per-request JSON, a summary line; the full server log is in the data dir
    await expect.poll(() => run.out.some((l) => /^\[demo\] last 2 s: \d+ requests/.test(l)), { timeout: 10_000 }).toBe(true)
    expect([...run.out, ...run.err].filter((l) => /^\[server\] \{/.test(l))).toEqual([])
    expect(readFileSync(path.join(dataDir, 'logs', 'server.log'), 'utf8')).toMatch(/"msg":"request completed"/)

    const { code, left } = await stopDemo(run)
    expect(left).toEqual([])
    expect(code).toBe(0)
  }, 180_000)

  it('second run: reuses the data and prints the same logins, which still work', async () => {
    expect(first).toHaveLength(3)
    const run = await startDemo()
    const out = run.out.join('\n')
    expect(out).not.toContain('initdb')
    expect(out).not.toMatch(/account \S+ created/)
    expect(run.logins).toEqual(first)
    const results = await Promise.all(run.logins.map((l) => apiLogin(l.login, l.password)))
    expect(results.map((r) => [r.status, r.me?.login])).toEqual([
      [200, 'admin'],
      [200, 'wall.display'],
      [200, 'window'],
    ])
    const { code, left } = await stopDemo(run)
    expect(left).toEqual([])
    expect(code).toBe(0)
  }, 150_000)
})

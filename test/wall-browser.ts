/**
 * Helpers for the wall's browser test and soak benchmark: sign in through the real /login page,
 * seed 浈江区 and feed simulated events (the dashboard build and chromium: test/browser.ts).
 */
import type { Page } from 'playwright-core'
import type pg from 'pg'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import type { RawEvent } from '../domain/events/fixtures.ts'
import { batchBySubject, generateBackfill, Simulator, type SimOptions } from '../domain/simulation/generate.ts'
import { loadDistrictData, seedDistrict } from '../scripts/seed.ts'
import { buildDashboard } from './browser.ts'
import { createHarness, createUser, type Harness, type TestUser } from './harness.ts'

export { buildDashboard, launchChromium } from './browser.ts'

export interface WallServer {
  h: Harness
  /** The dashboard build it serves. */
  dist: string
  base: string
  port: number
  /** The display account `wall.display` (password TEST_PASSWORD). */
  display: TestUser
}

/**
 * The app with workers serving a fresh dashboard build on a free port, 浈江区 seeded, a display
 * account, and `backfillDays` of simulated history projected (0: none). What every wall page test
 * and the soak start from.
 */
export async function startWallServer(opts: { backfillDays?: number; harness?: Parameters<typeof createHarness>[0]; projectTimeoutMs?: number } = {}): Promise<WallServer> {
  const dist = await buildDashboard()
  const h = await createHarness({ security: { cookieSecure: false }, ...opts.harness, dashboardDir: dist })
  await seedZhenjiang(h.db.pool)
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  const base = `http://127.0.0.1:${addr.port}`
  const display = await createUser(h.db.pool, { login: 'wall.display', roles: ['display'] })
  if ((opts.backfillDays ?? 0) > 0) {
    await postEvents(base, h.key, backfill(opts.backfillDays!, Date.now()))
    await h.waitProjected(opts.projectTimeoutMs ?? 60_000)
  }
  return { h, dist, base, port: addr.port, display }
}

/** Signs in on /login?next=… with the page's own form and waits for the wall. */
export async function signInToWall(page: Page, base: string, login: string, password: string, query = ''): Promise<void> {
  await page.goto(`${base}/wall${query}`)
  await page.waitForURL(/\/login/)
  await page.fill('input[name="login"]', login)
  await page.fill('input[name="password"]', password)
  await page.click('button[type="submit"]')
  await page.waitForURL(/\/wall/)
  await page.waitForSelector('.wall-grid')
}

/** The 浈江区 departments and items (62 units, 193 items) on the test database. */
export async function seedZhenjiang(pool: pg.Pool): Promise<void> {
  await seedDistrict(pool)
}

/** Posts events in batches to the ingest API; throws unless 202 (and, when `strict`, unless every event was taken). */
export async function postEvents(base: string, key: string, events: readonly RawEvent[], batch = 500, strict = false): Promise<void> {
  for (const b of batchBySubject([...events], batch)) {
    const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(b) })
    const text = await res.text()
    if (res.status !== 202) throw new Error(`ingest ${res.status}: ${text.slice(0, 300)}`)
    if (strict && (JSON.parse(text) as { rejected?: number }).rejected !== 0) throw new Error(`ingest rejected events: ${text.slice(0, 300)}`)
  }
}

export function simOptions(seed = 1): SimOptions {
  const { items, departments } = loadDistrictData()
  return { seed, items, departments: departments.map((d) => d.code), calendar: cnWorkCalendar(), casesPerWorkday: 150, petitionsPerWorkday: 40 }
}

/** The simulator's history of the last `days` days (events already due). */
export function backfill(days: number, nowMs: number, seed = 1): RawEvent[] {
  return generateBackfill({ ...simOptions(seed), nowMs, days }).past
}

/** A live stream: each call returns about `count` events due by `nowMs` (new cases and the later steps of earlier ones). */
export function liveStream(seed = 2): (nowMs: number, count: number) => RawEvent[] {
  const sim = new Simulator(simOptions(seed))
  const tag = `soak${seed}`
  let n = 0
  let pending: RawEvent[] = []
  return (nowMs, count) => {
    const out: RawEvent[] = []
    while (pending.length && out.length < count && Date.parse(pending[0]!.occurredAt) <= nowMs) out.push(pending.shift()!)
    let later: RawEvent[] = []
    while (out.length < count) {
      for (const e of sim.planLive(nowMs, ++n, tag)) (Date.parse(e.occurredAt) <= nowMs ? out : later).push(e)
    }
    if (later.length) pending = [...pending, ...later].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))
    // bounded: the oldest planned steps are dropped rather than kept for ever
    if (pending.length > 50_000) pending = pending.slice(-50_000)
    later = []
    return out
  }
}

/**
 * A case received and accepted now at `dept` (promised limit 10 working days): one more
 * "received today" on the wall and one more open case on the department's row.
 */
export function newCase(n: number, dept = '440204-SCJG'): RawEvent[] {
  const caseNo = `440204-2026-9${String(n).padStart(5, '0')}`
  const at = new Date().toISOString()
  return [
    { eventId: `${caseNo}-s`, kind: 'submitted', occurredAt: at, caseNo, departmentCode: dept, body: { itemCode: 'SCJG-001', channel: 'window' } },
    { eventId: `${caseNo}-a`, kind: 'accepted', occurredAt: at, caseNo, departmentCode: dept, body: { itemCode: 'SCJG-001', caseType: 'promised', applicant: { name: '测试', idNumber: '440204199001011234', phone: '13800005678' }, promisedLimit: { value: 10, unit: 'workday' } } },
  ]
}

/**
 * The wall's session and network in a real browser (playwright-core + Debian's chromium), kiosk
 * URL `?kiosk=1&rotate=10`:
 * - the display session is revoked server-side while the wall is live (its rows deleted): the
 *   server's session check disconnects the socket, the reconnect is told `UNAUTHENTICATED`, the
 *   page lands on /login with `next` = the same wall URL; signing in brings it back, live, with data;
 * - the account loses the wall role: a bilingual message on the wall, no sign-in loop; the role
 *   restored, the wall goes live again by itself;
 * - network loss: the websocket is cut and refused and the browser is offline for ~18 s (longer
 *   than the HTTP fallback's interval, whose failures must not count as a sign-out) while events
 *   are posted; back online, the wall reconnects and shows the new counts by
 *   itself, never having left /wall.
 * - a graceful server restart: the server's "disconnect" is not retried by socket.io-client; the
 *   composable connects again and the wall goes live.
 * Each test counts today's cases, so each runs inside one business day (test/businessDay.ts: near
 * local midnight it waits for the day to turn and settle). Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core'
import { createUser, login, TEST_PASSWORD, type Harness, type TestSession, type TestUser } from './harness.ts'
import { launchChromium, newCase, postEvents, signInToWall, startWallServer } from './wall-browser.ts'
import { SCREENSHOTS } from './browser.ts'
import { redisUrl } from './db.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from './businessDay.ts'
import { buildApp } from '../server/app.ts'

const DEPT = '440204-SCJG'
const SECURITY = { cookieSecure: false, socketSessionCheckSeconds: 1 } as const
const KIOSK = '?kiosk=1&rotate=10'
/** The longest test's timeout: each test counts today's cases, so it runs inside one business day. */
const TEST_SPAN_MS = 120_000
let h: Harness
let base: string
let port: number
let dist: string
let browser: Browser
let context: BrowserContext
let page: Page
let display: TestUser
let admin: TestSession
let caseNo = 0

// Network switch for the page's websockets (chromium's offline emulation leaves open websockets
// alone, so they are routed through playwright and cut here).
let networkDown = false
const openSockets = new Set<WebSocketRoute>()

// Headline tiles (the board pages through the departments in kiosk mode: a row may be off screen)
const receivedToday = (p: Page) => p.locator('.tile--receivedToday .value').innerText().then(Number)
const inProgress = (p: Page) => p.locator('.tile--inProgress .value').innerText().then(Number)

/** Waits (up to `timeoutMs`) until the page shows at least these counts (received today, in progress). */
async function waitForCounts(p: Page, received: number, open: number, timeoutMs = 30_000): Promise<void> {
  await p.waitForFunction(
    ([r, o]) =>
      Number(document.querySelector('.tile--receivedToday .value')?.textContent) >= (r as number) &&
      Number(document.querySelector('.tile--inProgress .value')?.textContent) >= (o as number),
    [received, open] as const,
    { timeout: timeoutMs, polling: 100 },
  )
}

/** Posts `n` new cases at DEPT and resolves once the workers projected them. */
async function postCases(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await postEvents(base, h.key, newCase(++caseNo, DEPT))
  await h.waitProjected(30_000)
}

async function signInOnLoginPage(p: Page): Promise<void> {
  await p.fill('input[name="login"]', display.login)
  await p.fill('input[name="password"]', TEST_PASSWORD)
  await p.click('button[type="submit"]')
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // re-check live sockets' sessions every second (default 60 s) so that the test need not wait
  ;({ h, dist, base, port, display } = await startWallServer({ harness: { security: SECURITY } }))
  await createUser(h.db.pool, { login: 'admin', roles: ['admin'] })
  admin = await login(h.app, 'admin')
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (networkDown) return void ws.close()
    openSockets.add(ws)
    ws.onClose(() => {
      openSockets.delete(ws)
    })
    ws.connectToServer()
  })
  page = await context.newPage()
}, 300_000)

beforeEach(() => withinOneBusinessDay(TEST_SPAN_MS), oneBusinessDayHookTimeout(TEST_SPAN_MS))

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('the wall’s session', { timeout: TEST_SPAN_MS }, () => {
  it('goes to sign-in with the same wall URL when its session is revoked, and comes back live', async () => {
    await postCases(1)
    await signInToWall(page, base, display.login, TEST_PASSWORD, KIOSK)
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 15_000 })
    await waitForCounts(page, 1, 1)

    // revoked server-side while live: every session row of the account goes
    await h.db.pool.query('DELETE FROM sessions WHERE user_id = $1', [display.id])
    await page.waitForURL(/\/login\?/, { timeout: 15_000 })
    const url = new URL(page.url())
    expect(url.pathname).toBe('/login')
    expect(url.searchParams.get('next')).toBe(`/wall${KIOSK}`)
    expect(url.searchParams.get('reason')).toBe('expired')
    expect(await page.locator('.login__expired').innerText()).toContain('登录已失效')
    expect(await page.locator('.login__who').count()).toBe(0) // the old account is forgotten
    await page.screenshot({ path: `${SCREENSHOTS}/wall-session-login.png` })

    await signInOnLoginPage(page)
    await page.waitForURL((u) => u.pathname === '/wall' && u.search === KIOSK, { timeout: 15_000 })
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 15_000 })
    const r = await receivedToday(page)
    const o = await inProgress(page)
    expect(r).toBeGreaterThanOrEqual(1)
    await postCases(1)
    await waitForCounts(page, r + 1, o + 1)
  })

  it('says so in Chinese and English when the account may no longer watch, without a sign-in loop, and recovers when allowed again', async () => {
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 15_000 })
    const patch = (roles: string[]) =>
      h.app.inject({ method: 'PATCH', url: `/api/v1/users/${display.id}`, headers: admin.headers, payload: { roles, departmentCode: DEPT } })
    expect((await patch(['department_staff'])).statusCode).toBe(200)
    await page.waitForSelector('.wall-grid.connection-forbidden .wall-access', { timeout: 15_000 })
    const text = await page.locator('.wall-access').innerText()
    expect(text).toContain('无权查看监察大屏')
    expect(text).toContain('may not watch the wall')
    expect(text).toContain('wall.display')
    await page.screenshot({ path: `${SCREENSHOTS}/wall-session-forbidden.png` })
    // several session checks later it is still the wall, still saying so (no redirect loop)
    await page.waitForTimeout(3000)
    expect(new URL(page.url()).pathname).toBe('/wall')
    expect(await page.locator('.wall-access').count()).toBe(1)

    expect((await patch(['display'])).statusCode).toBe(200)
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 15_000 })
    expect(await page.locator('.wall-access').count()).toBe(0)
  })
})

describe('the wall through a network loss', { timeout: TEST_SPAN_MS }, () => {
  it('reconnects by itself after the network comes back and shows what happened meanwhile', async () => {
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 15_000 })
    const r = await receivedToday(page)
    const o = await inProgress(page)

    const failedSnapshots: string[] = []
    page.on('requestfailed', (req) => {
      if (req.url().includes('/api/v1/wall/snapshot')) failedSnapshots.push(req.failure()?.errorText ?? '')
    })
    // the network goes: HTTP fails, the open websocket is cut, new ones are refused
    networkDown = true
    await context.setOffline(true)
    for (const ws of [...openSockets]) await ws.close()
    await page.waitForSelector('.wall-grid.connection-offline', { timeout: 15_000 })
    await postCases(3) // meanwhile
    // offline for longer than the HTTP fallback's 15 s: reconnect attempts and the fallback fail
    await page.waitForTimeout(16_000)
    expect(failedSnapshots.length).toBeGreaterThanOrEqual(1)
    expect(await page.locator('.wall-grid.connection-offline').count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe('/wall') // a network error is not a sign-out
    expect(await receivedToday(page)).toBe(r) // nothing could arrive
    await page.screenshot({ path: `${SCREENSHOTS}/wall-session-offline.png` })

    networkDown = false
    await context.setOffline(false)
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 30_000 })
    await waitForCounts(page, r + 3, o + 3)
    expect(new URL(page.url()).search).toBe(KIOSK)
    await page.screenshot({ path: `${SCREENSHOTS}/wall-session-reconnected.png` })
  })

  it('reconnects by itself after a graceful restart, whose "disconnect" socket.io-client would not retry', async () => {
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 15_000 })
    const r = await receivedToday(page)
    const o = await inProgress(page)
    // a graceful stop (SIGTERM): the server tells every socket to disconnect before it closes
    await h.app.close()
    await page.waitForSelector('.wall-grid.connection-offline', { timeout: 15_000 })
    const app2 = await buildApp(
      { databaseUrl: h.db.url, redisUrl: redisUrl(), host: '127.0.0.1', port, queuePrefix: h.prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: dist, security: SECURITY },
      { logger: false },
    )
    h.app = app2
    await app2.listen({ host: '127.0.0.1', port })
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 30_000 })
    await postCases(1)
    await waitForCounts(page, r + 1, o + 1)
    expect(new URL(page.url()).pathname).toBe('/wall')
  })
})

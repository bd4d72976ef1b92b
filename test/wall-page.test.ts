/**
 * The wall page in a real browser (playwright-core + Debian's chromium): the built dashboard served
 * by the app, a display account signing in on /login, live data from the workers' publisher. At
 * 1920×1080 and 3840×1080: events posted through the ingest API change the tiles and the department
 * board within 2 s; after a server restart (same port and database) the wall reconnects and
 * resyncs by itself. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { buildApp } from '../server/app.ts'
import { TEST_PASSWORD, type Harness } from './harness.ts'
import { launchChromium, newCase, postEvents, signInToWall, startWallServer } from './wall-browser.ts'
import { redisUrl } from './db.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from './businessDay.ts'

const SHOTS = 'test-results'
const DEPT = '440204-SCJG'
let h: Harness
let dist: string
let port: number
let base: string
let browser: Browser
let context: BrowserContext
let page: Page

const tile = (p: Page, key: string) => p.locator(`.tile--${key} .value`).innerText()
const boardOpen = (p: Page, code: string) => p.locator(`.row-${code} td.open`).innerText()

/** Posts one new case and waits until the page shows one more received today and one more open at DEPT. */
async function expectLiveChange(p: Page, n: number): Promise<number> {
  const before = Number(await tile(p, 'receivedToday'))
  const openBefore = Number(await boardOpen(p, DEPT))
  const t0 = Date.now()
  await postEvents(base, h.key, newCase(n, DEPT))
  await p.waitForFunction(
    ([b, ob, code]) => {
      const r = Number(document.querySelector('.tile--receivedToday .value')?.textContent)
      const o = Number(document.querySelector(`.row-${code} td.open`)?.textContent)
      return r >= (b as number) + 1 && o >= (ob as number) + 1
    },
    [before, openBefore, DEPT] as const,
    { timeout: 2000, polling: 50 },
  )
  return Date.now() - t0
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  // two days of simulated 浈江区 history, so the panels have something real to show
  ;({ h, dist, base, port } = await startWallServer({ backfillDays: 2 }))
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  page = await context.newPage()
}, 300_000)

// each test counts today's cases: it runs inside one business day (a test lasts at most its timeout, 60 s)
beforeEach(() => withinOneBusinessDay(60_000), oneBusinessDayHookTimeout(60_000))
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('the wall page', { timeout: 60_000 }, () => {
  it('signs in as a display account and shows live data at 1920×1080', async () => {
    await signInToWall(page, base, 'wall.display', TEST_PASSWORD)
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 10_000 })
    await page.waitForFunction(() => document.querySelector('.tile--receivedToday .value')?.textContent?.trim() !== '—', null, { timeout: 10_000 })
    // every department of the district is on the board, the map drew its canvas, charts exist
    expect(await page.locator('.wall-board tbody tr').count()).toBe(62)
    await page.waitForSelector('.wall-map canvas.maplibregl-canvas', { timeout: 15_000 })
    expect(await page.locator('.wall-map-label').count()).toBe(8)
    expect(await page.locator('.wall-trends canvas').count()).toBeGreaterThanOrEqual(3)
    expect(await page.locator('.wall-freshness.fresh').count()).toBe(1)

    const ms = await expectLiveChange(page, 1)
    expect(ms).toBeLessThan(2000)
    await page.waitForTimeout(1500) // let the charts settle for the picture
    await page.screenshot({ path: `${SHOTS}/wall-1920x1080.png` })
  })

  it('scales to 3840×1080 and 3840×2160 with real font sizes, not a transform', async () => {
    for (const [w, hh, u] of [[3840, 1080, 1], [3840, 2160, 2]] as const) {
      await page.setViewportSize({ width: w, height: hh })
      // the layout follows the window size on its next render: wait for it, not for a fixed time
      const figures = w / hh > 2.5 ? 4 : 3
      await page.waitForFunction(
        ([px, n]) => parseFloat(getComputedStyle(document.querySelector('.tile--receivedToday .value')!).fontSize) === px && document.querySelectorAll('.wall-trends figure').length === n,
        [38 * u, figures] as const,
        { timeout: 10_000 },
      )
      const m = await page.evaluate(() => {
        const value = document.querySelector('.tile--receivedToday .value')!
        const map = document.querySelector('.wall-map')!.getBoundingClientRect()
        const transforms = [...document.querySelectorAll('.wall, .wall-grid, .wall *')].filter((e) => {
          const t = getComputedStyle(e).transform
          return t !== 'none' && !e.closest('.maplibregl-map') && !e.closest('.card')
        }).length
        return { font: parseFloat(getComputedStyle(value).fontSize), mapWidth: map.width, transforms }
      })
      expect(m.font).toBeCloseTo(38 * u, 0)
      expect(m.transforms).toBe(0)
      // on the 32:9 wall the middle column takes the extra width
      if (w / hh > 3) expect(m.mapWidth).toBeGreaterThan(2500)
      expect(await page.locator('.wall-trends figure').count()).toBe(w / hh > 2.5 ? 4 : 3)
      await page.screenshot({ path: `${SHOTS}/wall-${w}x${hh}.png` })
    }
    await page.setViewportSize({ width: 3840, height: 1080 })
    const ms = await expectLiveChange(page, 2)
    expect(ms).toBeLessThan(2000)
  })

  it('resyncs by itself after the server restarts on the same port and database', async () => {
    // a restart drops every connection (keep-alive ones from the page too)
    const closing = h.app.close()
    h.app.server.closeAllConnections()
    await closing
    await page.waitForSelector('.wall-grid.connection-offline', { timeout: 10_000 })
    // events while the server is down are not possible through ingest; post right after restart
    const app2 = await buildApp(
      { databaseUrl: h.db.url, redisUrl: redisUrl(), host: '127.0.0.1', port, queuePrefix: h.prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: dist, security: { cookieSecure: false } },
      { logger: false },
    )
    h.app = app2
    await app2.listen({ host: '127.0.0.1', port })
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 20_000 })
    const ms = await expectLiveChange(page, 3)
    expect(ms).toBeLessThan(2000)
    await page.screenshot({ path: `${SHOTS}/wall-after-restart-3840x1080.png` })
  })

  it('kiosk mode hides the cursor and pages the board', async () => {
    const kiosk = await context.newPage()
    await kiosk.setViewportSize({ width: 1920, height: 1080 })
    await kiosk.goto(`${base}/wall?kiosk=1&rotate=5`)
    await kiosk.waitForSelector('.wall-grid.connection-live', { timeout: 10_000 })
    await kiosk.waitForSelector('.wall-board tbody tr')
    expect(await kiosk.evaluate(() => getComputedStyle(document.querySelector('.wall-board td')!).cursor)).toBe('none')
    expect(await kiosk.locator('.wall-board tbody tr').count()).toBe(24)
    // the board pages on by itself: the next page (of 3) with other departments on it
    const pageOf = async () => {
      const [text, first] = await kiosk.evaluate(() => [document.querySelector('.wall-board .page')?.textContent ?? '', document.querySelector('.wall-board tbody tr')?.getAttribute('class') ?? ''])
      const m = /(\d)\/3/.exec(text!)
      if (!m) throw new Error(`no page indicator in ${JSON.stringify(text)}`)
      return { n: Number(m[1]), first: first! }
    }
    const before = await pageOf()
    await kiosk.waitForFunction((c) => document.querySelector('.wall-board tbody tr')?.getAttribute('class') !== c, before.first, { timeout: 15_000 })
    const after = await pageOf()
    expect(after.n).toBe((before.n % 3) + 1)
    await kiosk.close()
  })
})

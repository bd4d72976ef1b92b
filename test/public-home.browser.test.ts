/**
 * The pre-rendered home page (/public) in a real browser (chromium, 390×844, zh-CN): without
 * JavaScript it shows today's figures, the ranking with volumes and the latest announcement from
 * the HTML; with JavaScript, the SPA takes over — it keeps the pre-rendered page on screen until
 * its route has the data (even when the API answers late), draws the same figures, and nothing
 * on the page shifts (no layout-shift entry at all); the three answers are read once (preloaded).
 * A guide item's page is taken over the same way.
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { createHarness, type Harness } from './harness.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { GUIDE_ITEMS, ingestConcludedCases, SCJG, SEEDED_PEOPLE, seedGuideItems, ZJJ } from '../server/test/public-fixtures.ts'

let h: Harness
let browser: Browser
let base: string
const NOTICE = '关于十二月行政审批按时办结情况的通报'
const API = ['/api/v1/public/today', '/api/v1/public/ranking', '/api/v1/public/announcements']

beforeAll(async () => {
  const dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedGuideItems(h.db.pool)
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 7, 'HOMEB-S')
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.building.code, ZJJ, 2, 'HOMEB-Z')
  await h.waitProjected()
  await h.db.pool.query(`INSERT INTO announcements (column_key, title, body) VALUES ('notice', $1, '本月全区按时办结率 98.6%。')`, [NOTICE])
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('/public, pre-rendered', () => {
  it('is readable without JavaScript: figures, ranking with volumes, the latest announcement; no personal data', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${base}/public`)
    const text = await page.locator('main[data-prerendered]').innerText()
    expect(text).toContain('阳光审批 · 公众监督')
    expect(text).toMatch(/今日受理\s*9\s*今日办结\s*9\s*本月按时办结率\s*100\.0%/)
    expect(await page.locator('main[data-prerendered] table').first().locator('tbody tr').allInnerTexts()).toEqual(['1\t市场监管局\t100.0%\t7'])
    expect(text).not.toContain('住建局') // two cases: under the minimum volume, never ranked
    expect(await page.locator(`main[data-prerendered] a[href^="/public/notices/"]`).allInnerTexts()).toEqual([NOTICE])
    for (const p of SEEDED_PEOPLE) expect(text).not.toContain(p.name)
    await context.close()
  })

  it('is taken over by the SPA once its data is in, with the same figures and no layout shift, even when the API answers late', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const requested: string[] = []
    page.on('request', (r) => {
      const u = new URL(r.url())
      if (API.includes(u.pathname)) requested.push(u.pathname)
    })
    // every layout shift of the page, as Lighthouse counts them
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: number[] }
      w.shifts = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.shifts.push(e.value)
      }).observe({ type: 'layout-shift', buffered: true })
    })
    // the ranking answers 1.5 s late: the pre-rendered page stays until it is in
    let release = () => {}
    const late = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/v1/public/ranking', async (route) => {
      await late
      await route.continue()
    })
    await page.goto(`${base}/public`)
    await page.waitForTimeout(1500)
    expect(await page.locator('main[data-prerendered]').count()).toBe(1)
    expect(await page.locator('.pub').count()).toBe(0)
    release()

    await expect.poll(() => page.locator('[data-test="home-top"] tbody tr').count()).toBe(1)
    expect(await page.locator('main[data-prerendered]').count()).toBe(0)
    expect(await page.locator('[data-test="home-top"] tbody tr').innerText()).toBe('1\t市场监管局\t100.0%\t7')
    expect(await page.locator('.t-today-received dd').innerText()).toBe('9')
    expect(await page.locator('.t-today-on-time dd').innerText()).toBe('100.0%')
    expect(await page.locator('[data-test="home-notices"] .t-notice-link').allInnerTexts()).toEqual([NOTICE])
    await page.waitForTimeout(500)
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([])
    // each answer read once: the SPA took the shell's preload
    expect(requested.sort()).toEqual([...API].sort())
    expect(errors).toEqual([])
    await page.close()
  })

  it('a guide item is taken over the same way: the SPA draws it with its content, nothing shifts', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 })
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: number[] }
      w.shifts = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.shifts.push(e.value)
      }).observe({ type: 'layout-shift', buffered: true })
    })
    await page.route(`**/api/v1/public/items/${GUIDE_ITEMS.food.code}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      await route.continue()
    })
    await page.goto(`${base}/public/guide/${GUIDE_ITEMS.food.code}`)
    await expect.poll(() => page.locator('.t-item-name').count()).toBe(1)
    expect(await page.locator('main[data-prerendered]').count()).toBe(0)
    expect(await page.locator('.t-item-name').innerText()).toBe(GUIDE_ITEMS.food.name)
    await page.waitForTimeout(500)
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([])
    await page.close()
  })
})

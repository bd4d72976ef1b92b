/**
 * What a newcomer sees, in the real browser (playwright-core + Debian's chromium), on a deployment
 * that serves simulated data: no console error on any page before sign-in (the session probe does
 * not answer 401); the landing page marks the working surfaces available (the administration among them); the console, the window
 * and the wall carry the 模拟数据 mark; the console's case detail shows names, 0 个工作日（即办）,
 * a calendar basis on every day of the why table and the card rules in words; the window's why
 * panel speaks Chinese and its counted-days section is not empty; a supervisor's manual yellow
 * card is shown beside the clock's level in the console and the window, and the wall's 黄牌 tile
 * counts it. Screenshots in test-results/newcomer-*.png.
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RawEvent } from '../domain/events/fixtures.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, TEST_PASSWORD, type Harness } from './harness.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { seedWindowItems, WINDOW_ITEMS } from './window-fixtures.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from './businessDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { startOfLocalDay } from '../domain/calendar/startOfLocalDay.ts'

const SHOTS = 'test-results'
let h: Harness
let browser: Browser
let base: string
const FIRM = '韶关市浈江区丹霞山文化旅游开发建设投资有限公司'
/** Instants earlier today (Asia/Shanghai): `k` of the time since local midnight, so an open 即办件 accepted then is not yet late. */
let dayStart = 0
const today = (k: number) => new Date(dayStart + (Date.now() - dayStart) * k).toISOString()
// the file's cases are seeded today and shown without a card in its tests: it runs inside one business day
const DAY_SPAN_MS = 480_000

beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS)
  dayStart = startOfLocalDay(localDayOf(Date.now()))
  const dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, simulatedData: true, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedWindowItems(h.db.pool)
  await createUser(h.db.pool, { login: 'nc.sup', displayName: '李监察', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'nc.staff', displayName: '陈窗口', roles: ['department_staff'], departmentCode: DEPTS[0] })
  await createUser(h.db.pool, { login: 'nc.display', roles: ['display'] })
  const dept = WINDOW_ITEMS.immediate.department
  const events: RawEvent[] = [
    // an immediate case (limit 0) of a company, still open
    { eventId: 'NC-1-1', kind: 'submitted', occurredAt: today(0.4), caseNo: 'NC-1', departmentCode: dept, body: { itemCode: WINDOW_ITEMS.immediate.code, applicant: { name: FIRM }, channel: 'window' } },
    { eventId: 'NC-1-2', kind: 'accepted', occurredAt: today(0.6), caseNo: 'NC-1', departmentCode: dept, body: { itemCode: WINDOW_ITEMS.immediate.code, caseType: 'immediate', applicant: { name: FIRM, phone: '0751-8123456' }, handler: '王' } },
    // returned without a reason: a procedure card
    { eventId: 'NC-2-1', kind: 'submitted', occurredAt: today(0.2), caseNo: 'NC-2', departmentCode: dept, body: { itemCode: WINDOW_ITEMS.promised.code, applicant: { name: '张三' } } },
    { eventId: 'NC-2-2', kind: 'returned', occurredAt: today(0.4), caseNo: 'NC-2', departmentCode: dept, body: { handler: '王' } },
  ]
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.json()).toMatchObject({ rejected: 0 })
  await h.waitProjected()
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
  await mkdir(SHOTS, { recursive: true })
}, 300_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS))

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

/** A page that records console errors and page errors. */
async function open(locale = 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale })
  const errors: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`) })
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  return { page, errors }
}
async function signIn(page: Page, path: string, loginName: string) {
  await page.goto(`${base}${path}`)
  await page.waitForURL(/\/login\?next=/)
  await page.fill('input[name=login]', loginName)
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL((u) => u.pathname.startsWith(path))
}

describe('a newcomer in the browser', () => {
  it('sees no console error on any page before sign-in, and the working surfaces marked available', async () => {
    const { page, errors } = await open()
    await page.goto(`${base}/`)
    await page.waitForSelector('[data-surface="wall"]')
    const status = Object.fromEntries(await page.$$eval('[data-surface]', (els) => els.map((e) => [e.getAttribute('data-surface'), e.getAttribute('data-status')])))
    expect(status).toEqual({ wall: 'available', console: 'available', window: 'available', m: 'available', public: 'available', admin: 'available' })
    expect(await page.locator('[data-surface="wall"]').innerText()).toContain('已上线')
    expect(await page.locator('[data-surface="wall"]').innerText()).not.toContain('建设中')
    // every surface is built now: none says 建设中
    expect(await page.locator('[data-surface="public"]').innerText()).toContain('已上线')
    for (const text of await page.locator('[data-surface]').allInnerTexts()) expect(text).not.toContain('建设中')
    await page.screenshot({ path: `${SHOTS}/newcomer-landing.png`, fullPage: true })
    for (const path of ['/wall', '/console', '/window', '/m', '/public', '/admin', '/login']) {
      await page.goto(`${base}${path}`)
      await page.waitForLoadState('networkidle')
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it('the console: 模拟数据, names, 即办, the why table, card rules in words, a manual card beside the level', async () => {
    const { page, errors } = await open()
    await signIn(page, '/console', 'nc.sup')
    await expect.poll(() => page.locator('[data-test="simulated-mark"]').innerText()).toBe('模拟数据')

    // the case list: the masked company name stays on one line
    // the column's class is on its header cell too: wait for a row's cell, not the header's
    await page.waitForSelector('[data-test="case-table"] td.applicant-cell')
    const heights = await page.$$eval('[data-test="case-table"] td.applicant-cell .cell', (els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().height))
    expect(heights.length).toBeGreaterThan(0)
    for (const height of heights) expect(height).toBeLessThan(30)

    await page.goto(`${base}/console/cases/NC-1`)
    await expect.poll(() => page.locator('[data-test="detail-department"]').innerText()).toBe('市场监管局')
    expect(await page.locator('[data-test="detail-item"]').innerText()).toBe(WINDOW_ITEMS.immediate.name)
    expect(await page.locator('[data-test="detail-limit"]').innerText()).toBe('0 个工作日（即办）')
    expect(await page.locator('[data-test="case-card"]').count()).toBe(0)

    // why: the rule in Chinese, and a calendar basis on every day
    await page.click('[data-test="open-why"]')
    await expect.poll(() => page.locator('[data-test="why-rule"]').innerText()).toContain('即办件')
    const bases = await page.$$eval('[data-test="why-days"] [data-entry]', (els) => els.map((e) => e.textContent?.trim() ?? ''))
    expect(bases.length).toBeGreaterThan(0)
    expect(bases.filter((b) => b === '')).toEqual([])
    await page.screenshot({ path: `${SHOTS}/newcomer-console-why.png` })
    await page.keyboard.press('Escape')

    // a supervisor's manual yellow card: the level stays, the card shows beside it
    const sup = await login(h.app, 'nc.sup')
    const issued = await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: 'NC-1', color: 'yellow', reason: '窗口服务态度差，群众投诉属实' } })
    expect(issued.statusCode).toBe(201)
    await page.reload()
    await expect.poll(() => page.locator('[data-test="case-card"]').getAttribute('data-color')).toBe('yellow')
    expect(await page.locator('[data-test="case-card"]').innerText()).toContain('已亮黄牌')
    await page.screenshot({ path: `${SHOTS}/newcomer-console-detail.png` })

    // the card list names every rule in words
    await page.goto(`${base}/console/cards`)
    await page.waitForSelector('[data-test="card-table"] .el-table__row')
    const table = await page.locator('[data-test="card-table"]').innerText()
    expect(table).toContain('退件未说明理由')
    expect(table).toContain('人工出牌')
    expect(table).not.toMatch(/procedure\.|console\.cards/)
    await page.screenshot({ path: `${SHOTS}/newcomer-console-cards.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('the window: 模拟数据, the why panel in Chinese with its counted days, and the manual card', async () => {
    const { page, errors } = await open()
    await signIn(page, '/window', 'nc.staff')
    await page.goto(`${base}/window/cases/NC-1`)
    await expect.poll(() => page.locator('[data-test="simulated-mark"]').count()).toBe(1)
    await expect.poll(() => page.locator('.t-why-rule').innerText(), { timeout: 15_000 }).toContain('即办件')
    expect(await page.locator('.t-why-rule').innerText()).not.toMatch(/working-day|limit/)
    for (const th of await page.locator('.t-why-threshold').allInnerTexts()) expect(th).not.toMatch(/from 00:00|card from/)
    expect((await page.locator('.t-why-counted').innerText()).trim().length).toBeGreaterThan(4)
    await expect.poll(() => page.locator('[data-test="case-card"]').getAttribute('data-color')).toBe('yellow')
    await page.screenshot({ path: `${SHOTS}/newcomer-window.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('the wall: 模拟数据, and the 黄牌 tile counts the case with the manual card', async () => {
    const { page, errors } = await open()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await signIn(page, '/wall', 'nc.display')
    await page.waitForSelector('.wall-grid')
    await expect.poll(() => page.locator('[data-test="simulated-mark"]').innerText()).toBe('模拟数据')
    await expect.poll(() => page.locator('.tile--yellow .value').innerText(), { timeout: 15_000 }).toBe('1')
    await page.screenshot({ path: `${SHOTS}/newcomer-wall.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

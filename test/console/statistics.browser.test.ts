/**
 * The statistics page in a real browser against the real app, PostgreSQL and Redis: cases are
 * posted through the ingest API and projected; a supervisor opens /console/statistics (this month),
 * reads the time-limit table and its chart, drills into the red cases (the console list opens with
 * the same filter and shows exactly them), and exports the view as XLSX (the file is read back: its
 * filter and numbers). Screenshots: test-results/statistics-*.png.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, TEST_PASSWORD, type Harness } from '../harness.ts'
import { buildDashboard, launchChromium, SCREENSHOTS } from '../browser.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from '../businessDay.ts'

const [SCJG, ZJJ] = DEPTS
let h: Harness
let browser: Browser
let page: Page
let base: string
const ago = (days: number) => new Date(Date.now() - days * 86_400_000 - 60_000).toISOString()
const accepted = (caseNo: string, dept: string, at: string, caseType: string, limit: number) => ({
  eventId: `${caseNo}-acc`, kind: 'accepted', occurredAt: at, caseNo, departmentCode: dept,
  body: { itemCode: 'ITEM-001', caseType, applicant: { name: '张三' }, promisedLimit: { value: limit, unit: 'workday' }, handler: '李四' },
})

// the file seeds today's cases and counts them in several tests: it runs inside one business day
// (its span 480 s; today's events are seeded 1 minute back)
const DAY_SPAN_MS = 480_000
const DAY_SETTLE_MS = 90_000
beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS, DAY_SETTLE_MS)
  const dashboard = await buildDashboard()
  h = await createHarness({ dashboardDir: dashboard, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await h.db.pool.query(`INSERT INTO items (code, department_code, name, case_type, promised_limit) VALUES ('ITEM-001', $1, '食品经营许可', 'promised', 10)`, [SCJG])
  const events = [
    // two red cases of 市场监管局 received today: accepted 20 days ago as 即办件, a late "submitted" event today
    accepted('ST-RED-1', SCJG, ago(20), 'immediate', 0),
    { eventId: 'ST-RED-1-sub', kind: 'submitted', occurredAt: ago(0), caseNo: 'ST-RED-1', departmentCode: SCJG, body: { itemCode: 'ITEM-001' } },
    accepted('ST-RED-2', SCJG, ago(21), 'immediate', 0),
    { eventId: 'ST-RED-2-sub', kind: 'submitted', occurredAt: ago(0), caseNo: 'ST-RED-2', departmentCode: SCJG, body: { itemCode: 'ITEM-001' } },
    accepted('ST-OK-1', SCJG, ago(0), 'promised', 10),
    accepted('ST-OK-2', ZJJ, ago(0), 'promised', 10),
    accepted('ST-DONE', SCJG, ago(0), 'immediate', 0),
    { eventId: 'ST-DONE-end', kind: 'concluded', occurredAt: ago(0), caseNo: 'ST-DONE', departmentCode: SCJG, body: { result: 'approved', fee: 20, handler: '李四' } },
  ]
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.statusCode, res.body).toBe(202)
  await h.waitProjected(30_000)
  await createUser(h.db.pool, { login: 'tong.ji', displayName: '统计员', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  browser = await launchChromium()
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' })
  page = await context.newPage()
}, 240_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS, DAY_SETTLE_MS))

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `statistics-${name}.png`), fullPage: true })
const redLink = () => page.locator(`a.stat-count[data-level=red][data-key="${SCJG}"][data-bucket=inProgress]`)

describe('the statistics page', () => {
  it('opens this month’s time-limit statistics with a table and a chart', async () => {
    await page.goto(`${base}/console/statistics`)
    await page.waitForURL(/\/login\?next=/)
    await page.fill('input[name=login]', 'tong.ji')
    await page.fill('input[name=password]', TEST_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForURL(`${base}/console/statistics`)
    await expect.poll(() => redLink().count(), { timeout: 15_000 }).toBe(1)
    expect(await redLink().textContent()).toBe('2')
    // 市场监管局 in progress: 1 normal, 2 red (shares beside the counts); concluded: 1 normal
    const row = page.locator('.t-stat-table .el-table__body tr', { hasText: '市场监管局' }).filter({ hasText: '在办' })
    expect(await row.locator('a.stat-count').allTextContents()).toEqual(['1', '0', '0', '2'])
    expect(await row.locator('.stat-share').allTextContents()).toEqual(['33.3%', '0.0%', '0.0%', '66.7%'])
    const period = await page.locator('[data-test=stat-period]').textContent()
    expect(period).toMatch(/^\d{4}-\d{2} · \d{4}-\d{2}-01 – /)
    // the chart: an ECharts canvas with a drawn size
    const canvas = page.locator('[data-test=stat-chart] canvas').first()
    await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0).toBeGreaterThan(100)
    const menu = await page.locator('[data-test=console-menu] .el-menu-item.is-active').allTextContents()
    expect(menu.map((s) => s.trim())).toEqual(['业务统计'])
    await shot('time-limits')
  })

  it('drills into the red cases: the case list opens with the same filter and shows exactly them', async () => {
    await redLink().click()
    await page.waitForURL(/\/console\?/)
    const url = new URL(page.url())
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ department: SCJG, level: 'red', view: 'inProgress' })
    const rows = page.locator('[data-test=case-table] .el-table__body tbody tr')
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2)
    const text = await page.locator('[data-test=case-table]').innerText()
    expect(text).toContain('ST-RED-1')
    expect(text).toContain('ST-RED-2')
    expect(text).not.toContain('ST-OK-1')
    await shot('drill-down')
    await page.goBack()
    await expect.poll(() => redLink().count(), { timeout: 15_000 }).toBe(1)
  })

  it('exports the view as XLSX with its filter written above the table', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=stat-export]')])
    const file = await download.path()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await readFile(file!)) as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    wb.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows[0]).toEqual(['业务时限统计'])
    expect(rows[1]![0]).toBe('统计期间')
    expect(String(rows[1]![1])).toMatch(/^\d{4}-\d{2} \(\d{4}-\d{2}-01 – /)
    expect(rows[2]).toEqual(['分组', '部门'])
    const line = rows.find((r) => r[0] === '市场监管局' && r[1] === '在办')
    expect(line).toEqual(['市场监管局', '在办', 1, 33.33, 0, 0, 0, 0, 2, 66.67, 3])
  })
})

/**
 * Performance evaluation in a real browser, across two users: a supervisor computes November's
 * scores from the stored facts (the worked example, test/performance-fixtures.ts), reads the
 * ranking by peer group with volumes and the 样本不足 section, opens a department's scorecard
 * (deductions traced to cards and cases), corrects a score with a reason, comments and submits;
 * a leader, in another browser context, approves and publishes; the run is then frozen.
 * Screenshots: test-results/performance-*.png.
 */
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, TEST_PASSWORD, type Harness } from '../harness.ts'
import { buildDashboard, launchChromium, SCREENSHOTS } from '../browser.ts'
import { seedWorkedExample } from '../performance-fixtures.ts'

let h: Harness
let browser: Browser
let base: string
let supervisor: { context: BrowserContext; page: Page }
let leader: { context: BrowserContext; page: Page }
let runUrl: string

async function signIn(login: string, next: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(`${base}${next}`)
  await page.waitForURL(/\/login\?next=/)
  await page.fill('input[name=login]', login)
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.click('button[type=submit]')
  await page.waitForURL(`${base}${next}`)
  return { context, page }
}
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `performance-${name}.png`), fullPage: true })

beforeAll(async () => {
  const dashboard = await buildDashboard()
  h = await createHarness({ withWorkers: false, dashboardDir: dashboard, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedWorkedExample(h.db.pool)
  await createUser(h.db.pool, { login: 'wang.jc', displayName: '王监察', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'li.ld', displayName: '李领导', roles: ['leader'], jurisdictionCode: JURISDICTION })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('the review chain in the console', () => {
  it("a supervisor computes November's draft: ranking by peer group, volumes beside the rates, 样本不足 apart", async () => {
    supervisor = await signIn('wang.jc', '/console/performance')
    const { page } = supervisor
    const month = page.locator('.t-perf-period input')
    await month.fill('2026-11')
    await month.press('Enter')
    await page.click('.t-perf-compute')
    await page.waitForURL(/\/console\/performance\/\d+$/)
    runUrl = page.url()
    await expect.poll(() => page.locator('.t-perf-state').textContent()).toBe('草稿·审核中')
    const county = page.locator('.t-perf-group-county .t-perf-ranking .el-table__body tbody tr')
    await expect.poll(() => county.count()).toBe(2)
    expect(await county.nth(0).textContent()).toContain('市场监管局')
    expect(await county.nth(0).textContent()).toContain('71.33')
    expect(await county.nth(0).textContent()).toContain('88.9% (8/9)')
    expect(await county.nth(1).textContent()).toContain('不合格')
    const apart = page.locator('.t-perf-group-vertical .t-perf-insufficient .el-table__body tbody tr')
    await expect.poll(() => apart.count()).toBe(1)
    expect(await apart.first().textContent()).toContain('公安分局')
    await shot(page, 'ranking')
  })

  it('opens a scorecard with its deductions traced, corrects it with a reason, comments and submits', async () => {
    const { page } = supervisor
    await page.locator('.t-perf-group-county .t-perf-ranking .el-table__body tbody tr').first().click()
    const drawer = page.locator('.t-perf-card')
    await expect.poll(() => drawer.locator('.t-perf-card-score').textContent()).toBe('71.33')
    const lines = drawer.locator('.t-perf-lines .el-table__body tbody tr')
    await expect.poll(() => lines.count()).toBe(10)
    expect(await lines.nth(6).textContent()).toContain('黄牌 1 张 × 5 + 红牌 1 张 × 10')
    expect(await lines.nth(0).locator('a').allTextContents()).toEqual(['C5'])
    expect(await drawer.locator('.t-perf-handlers').textContent()).toContain('张三')
    await drawer.locator('.t-perf-corr-points input').fill('10')
    await drawer.locator('.t-perf-corr-points input').press('Tab')
    await drawer.locator('.t-perf-corr-reason input').fill('红牌经申诉认定不成立')
    await drawer.locator('.t-perf-corr-save').click()
    await expect.poll(() => drawer.locator('.t-perf-card-score').textContent()).toBe('81.33')
    expect(await drawer.textContent()).toContain('计算得分 71.33')
    await shot(page, 'scorecard')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.t-perf-corrections').textContent()).toContain('红牌经申诉认定不成立')
    await page.locator('.t-perf-comment input').fill('住建局红牌集中，已核实')
    await page.click('.t-perf-comment-send')
    await expect.poll(() => page.locator('.t-perf-comments').textContent()).toContain('住建局红牌集中，已核实')
    await page.click('.t-perf-submit')
    await expect.poll(() => page.locator('.t-perf-state').textContent()).toBe('已提交·待审批')
    expect(await page.locator('.t-perf-approve').count()).toBe(0) // a supervisor cannot approve
  })

  it('a leader approves and publishes; the run is frozen', async () => {
    leader = await signIn('li.ld', new URL(runUrl).pathname)
    const { page } = leader
    await expect.poll(() => page.locator('.t-perf-state').textContent()).toBe('已提交·待审批')
    expect(await page.locator('.t-perf-submit').count()).toBe(0)
    await page.locator('.t-perf-note input').fill('同意')
    await page.click('.t-perf-approve')
    await expect.poll(() => page.locator('.t-perf-state').textContent()).toBe('已审批·待发布')
    await page.click('.t-perf-publish')
    await expect.poll(() => page.locator('.t-perf-state').textContent()).toBe('已发布（冻结）')
    await expect.poll(() => page.locator('.t-perf-frozen').count()).toBe(1)
    const steps = await page.locator('.t-perf-steps').textContent()
    for (const who of ['王监察', '李领导']) expect(steps).toContain(who)
    await shot(page, 'published')
    // the supervisor's view shows it frozen too: no more review actions, a correction only as a new version
    await supervisor.page.reload()
    await expect.poll(() => supervisor.page.locator('.t-perf-state').textContent()).toBe('已发布（冻结）')
    expect(await supervisor.page.locator('.t-perf-submit, .t-perf-recompute, .t-perf-comment').count()).toBe(0)
    expect(await supervisor.page.locator('.t-perf-revise').count()).toBe(1)
    const pub = await h.app.inject({ method: 'GET', url: `/api/v1/performance/public/${JURISDICTION}?period=2026-11` })
    expect(pub.body).toContain('81.33')
  })
})

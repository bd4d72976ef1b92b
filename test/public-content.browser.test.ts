/**
 * The public site's content in a real browser (chromium): an administrator writes an announcement
 * in /admin 公开内容 as a draft and publishes it, and publishes a department's answer; a citizen
 * on a phone (390×844) reads the announcement and the letter without JavaScript (pre-rendered
 * HTML), finds both with the site search, and sees the letters page with the satisfaction ranking.
 * No seeded personal data in any page text or public API answer. Screenshots in test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createHarness, createUser, TEST_PASSWORD, type Harness } from './harness.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { SCJG, SEEDED_PEOPLE, seedGuideItems } from '../server/test/public-fixtures.ts'
import { MOBILE_NUMBER, withoutHexTokens } from './personalData.ts'

const SHOTS = 'test-results'
const CITIZEN = SEEDED_PEOPLE[2]
let h: Harness
let browser: Browser
let base: string

beforeAll(async () => {
  const dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedGuideItems(h.db.pool)
  await createUser(h.db.pool, { login: 'pc.admin', displayName: '内容管理', roles: ['admin'] })
  const at = (ms: number) => new Date(Date.now() - ms).toISOString()
  const events = [1, 2, 3].flatMap((i) => [
    { eventId: `PCB-${i}-r`, kind: 'petition.received', occurredAt: at(3_600_000), petitionNo: `PCB-${i}`, departmentCode: SCJG, body: { petitionKind: 'mailbox', channel: 'mailbox', subject: `${CITIZEN.name}询问排水许可进度 ${i}`, citizen: { ...CITIZEN } } },
    { eventId: `PCB-${i}-p`, kind: 'petition.replied', occurredAt: at(1_800_000), petitionNo: `PCB-${i}`, departmentCode: SCJG, body: { handler: '李办事', reply: `${CITIZEN.name}（${CITIZEN.phone}）您好：排水许可已于本周办结。` } },
    { eventId: `PCB-${i}-x`, kind: 'petition.rated', occurredAt: at(600_000), petitionNo: `PCB-${i}`, departmentCode: SCJG, body: { rating: 4 + (i % 2) } },
  ])
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  if (res.statusCode !== 202) throw new Error(res.body)
  await h.waitProjected()
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
  await mkdir(SHOTS, { recursive: true })
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

function noPersonalData(text: string) {
  for (const s of [CITIZEN.name, CITIZEN.phone, CITIZEN.idNumber, '李办事']) expect(text).not.toContain(s)
  expect(withoutHexTokens(text)).not.toMatch(MOBILE_NUMBER)
}

async function adminPublishes(page: Page) {
  await page.goto(`${base}/admin/public-content`)
  await page.waitForURL(/\/login\?next=/)
  await page.fill('input[name=login]', 'pc.admin')
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL((u) => u.pathname === '/admin/public-content')
  await page.click('[data-test="announcement-new"]')
  await page.fill('input[data-test="announcement-title"]', '关于排水许可<b>限时</b>办结的公告')
  await page.fill('textarea[data-test="announcement-body"]', '排水许可自即日起承诺 5 个工作日办结。')
  await page.click('[data-test="announcement-save-draft"]')
  await expect.poll(() => page.locator('[data-test="announcement-table"] .el-table__row').count()).toBe(1)
  const id = (await h.db.pool.query<{ id: string }>('SELECT id::text FROM announcements')).rows[0]!.id
  await expect.poll(() => page.locator(`[data-test="state-${id}"]`).innerText()).toBe('草稿')
  await page.click(`[data-test="toggle-${id}"]`)
  await expect.poll(() => page.locator(`[data-test="state-${id}"]`).innerText()).toBe('已发布')
  await page.click('.el-tabs__item >> text=答复公开')
  await expect.poll(() => page.locator('[data-test="answer-table"] .el-table__row').count()).toBe(3)
  noPersonalData(await page.locator('[data-test="answer-table"]').innerText())
  await page.click('[data-test="answer-PCB-1"]')
  await expect.poll(() => page.locator('[data-test="answer-PCB-1"]').innerText()).toBe('撤下')
  await page.screenshot({ path: `${SHOTS}/admin-public-content.png`, fullPage: true })
  return id
}

describe('public content', () => {
  it('published in /admin, read without JavaScript, found by the site search, letters with satisfaction; no personal data', async () => {
    const admin = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const noticeId = await adminPublishes(admin)
    await admin.close()
    const letterId = (await h.db.pool.query<{ id: string }>('SELECT id::text FROM published_answers')).rows[0]!.id

    // without JavaScript: the pre-rendered HTML carries the content, escaped
    const nojs = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: 'zh-CN' })
    const plain = await nojs.newPage()
    await plain.goto(`${base}/public/notices/${noticeId}`)
    expect(await plain.locator('h1').innerText()).toBe('关于排水许可<b>限时</b>办结的公告')
    await plain.goto(`${base}/public/letters/${letterId}`)
    const letterText = await plain.locator('main').innerText()
    expect(letterText).toContain('排水许可已于本周办结')
    noPersonalData(letterText)
    await plain.screenshot({ path: `${SHOTS}/public-letter-nojs.png`, fullPage: true })
    await nojs.close()

    // with JavaScript on a phone: search, then the letters page
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 })
    const errors: string[] = []
    const apiBodies: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('response', async (r) => {
      if (r.url().includes('/api/v1/public/')) apiBodies.push(await r.text().catch(() => ''))
    })
    await page.goto(`${base}/public`)
    await page.click('.t-nav-search')
    await page.fill('#site-search', '排水许可')
    await page.click('.t-search-submit')
    await expect.poll(() => page.locator('[data-test="search-hits"] .t-hit-link').count()).toBe(2)
    const hits = await page.locator('[data-test="search-hits"]').innerText()
    expect(hits).toContain('公告')
    expect(hits).toContain('信件公开')
    await page.screenshot({ path: `${SHOTS}/public-search.png`, fullPage: true })
    await page.click('.t-nav-letters')
    await expect.poll(() => page.locator('[data-test="letters-latest"] .t-letter-link').count()).toBe(1)
    await expect.poll(() => page.locator('[data-test="satisfaction-week"] tbody tr').count()).toBe(1)
    expect(await page.locator('[data-test="satisfaction-week"]').innerText()).toContain('市场监管局')
    await page.screenshot({ path: `${SHOTS}/public-letters.png`, fullPage: true })
    await page.click('[data-test="letters-latest"] .t-letter-link')
    await expect.poll(() => page.locator('.t-letter-body').innerText().catch(() => '')).toContain('排水许可已于本周办结')
    // an anonymous public rating (the page solves the challenge); counted and shown at once, and this browser is not asked again
    expect(await page.locator('.t-letter-ratings').innerText()).toBe('还没有公众评价')
    await page.check('.t-letter-rate-4')
    await expect.poll(() => page.locator('.t-letter-rate-submit').isEnabled(), { timeout: 30_000 }).toBe(true)
    await page.click('.t-letter-rate-submit')
    const shown = async () => `${await page.locator('.t-letter-ratings').innerText()}${await page.locator('.t-letter-rate .error').innerText().catch(() => '')}`
    await expect.poll(shown, { timeout: 15_000 }).toBe('公众评价：4.0 分（1 人评价）')
    expect(await page.locator('.t-letter-thanks').count()).toBe(1)
    const kept = (await h.db.pool.query<{ rating: number }>('SELECT rating FROM published_answer_ratings WHERE answer_id = $1', [letterId])).rows
    expect(kept).toEqual([{ rating: 4 }])
    await page.screenshot({ path: `${SHOTS}/public-letter-rated.png`, fullPage: true })
    await page.reload()
    await expect.poll(() => page.locator('.t-letter-ratings').innerText().catch(() => ''), { timeout: 15_000 }).toBe('公众评价：4.0 分（1 人评价）')
    expect(await page.locator('.t-letter-rate').count()).toBe(0)
    noPersonalData(await page.locator('body').innerText())
    noPersonalData(apiBodies.join('\n'))
    expect(errors).toEqual([])
  }, 240_000)
})

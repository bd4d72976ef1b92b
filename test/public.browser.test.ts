/**
 * The public site in a real browser (chromium, 390×844, zh-CN): a citizen finds an item's time
 * limit and fee in the service guide, reads the ranking with volumes, looks up a case's progress,
 * files a complaint (the page solves the proof-of-work challenge), follows it with the tracking
 * code, and — after the department answers through the source API — rates the answer. Every page's text and every API
 * answer the pages received are checked for the seeded personal data; targets are ≥ 44 px and every
 * field has a label. Screenshots in test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createHarness, createUser, JURISDICTION, openSession, TEST_PASSWORD, type Harness, type TestSession } from './harness.ts'
import { seedWorkedExample } from './performance-fixtures.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { PNG_1X1 } from '../domain/public/imageFixtures.ts'
import { COMPLAINANT, GUIDE_ITEMS, ingestConcludedCases, SCJG, SEEDED_PEOPLE, seedGuideItems, ZJJ } from '../server/test/public-fixtures.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from './businessDay.ts'
import { ID_NUMBER, MOBILE_NUMBER, withoutHexTokens } from './personalData.ts'

const SHOTS = 'test-results'
let h: Harness
let browser: Browser
let base: string

// the file seeds today's cases and counts them in several tests: it runs inside one business day
// (its span 480 s; today's cases are seeded 1 minute back)
const DAY_SPAN_MS = 480_000
const DAY_SETTLE_MS = 90_000
beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS, DAY_SETTLE_MS)
  const dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedGuideItems(h.db.pool)
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 7, 'PUBB-S')
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.building.code, ZJJ, 2, 'PUBB-Z')
  await h.waitProjected()
  await h.db.pool.query(`INSERT INTO announcements (column_key, title, body) VALUES ('notice', '关于十一月行政审批按时办结情况的通报', '十一月全区共办结 1,234 件，按时办结率 98.6%。')`)
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
  await mkdir(SHOTS, { recursive: true })
}, 300_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS, DAY_SETTLE_MS))

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

/** Every interactive element visible on the page is at least 44 px high; every field has a label. */
async function checkAccessible(page: Page) {
  const small = await page.$$eval('.pub a, .pub button, .pub input:not([type=radio]), .pub select, .pub textarea', (els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null && !e.classList.contains('skip'))
      .map((e) => ({ text: (e as HTMLElement).innerText || e.getAttribute('name') || e.tagName, h: e.getBoundingClientRect().height }))
      .filter((x) => x.h < 44),
  )
  expect(small).toEqual([])
  const unlabelled = await page.$$eval('.pub input:not([type=radio]), .pub select, .pub textarea', (els) =>
    els.filter((e) => !e.id || !document.querySelector(`label[for="${e.id}"]`)).map((e) => e.getAttribute('name')),
  )
  expect(unlabelled).toEqual([])
}

describe('/public on a phone', () => {
  it('guide, ranking, complaint with its challenge, tracking, the answer and its rating; no personal data anywhere', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 })
    const errors: string[] = []
    const apiBodies: string[] = []
    const texts: string[] = []
    const visits: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/statistics/visits')) visits.push(r.postData() ?? '')
    })
    page.on('response', async (r) => {
      if (r.url().includes('/api/v1/public/')) apiBodies.push(await r.text().catch(() => ''))
    })
    const keepText = async () => texts.push(await page.locator('body').innerText())

    // home: the ranking's top, entry points
    await page.goto(`${base}/public`)
    await expect.poll(() => page.locator('[data-test="home-top"] tbody tr').count()).toBe(1)
    expect(await page.locator('[data-test="home-top"]').innerText()).toContain('市场监管局')
    // today's figures: the nine cases accepted and concluded today, all on time
    await expect.poll(() => page.locator('.t-today-concluded dd').innerText()).toBe('9')
    expect(await page.locator('.t-today-received dd').innerText()).toBe('9')
    expect(await page.locator('.t-today-on-time dd').innerText()).toBe('100.0%')
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-home.png`, fullPage: true })
    await keepText()

    // the latest announcement, opened from the home page
    await expect.poll(() => page.locator('[data-test="home-notices"] .t-notice-link').allInnerTexts()).toEqual(['关于十一月行政审批按时办结情况的通报'])
    await page.click('[data-test="home-notices"] .t-notice-link')
    await expect.poll(() => page.locator('.t-notice-body').innerText().catch(() => '')).toContain('按时办结率 98.6%')
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-notice.png`, fullPage: true })
    await page.goto(`${base}/public`)

    // the service guide: search, open the item, read its limits and fee
    await page.click('.t-entry-guide')
    await page.waitForURL(`${base}/public/guide`)
    await page.fill('#guide-q', '施工许可')
    await page.click('.t-guide-search')
    await expect.poll(() => page.locator('.t-guide-item').allInnerTexts()).toEqual([GUIDE_ITEMS.building.name])
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-guide.png`, fullPage: true })
    await page.click('.t-guide-item')
    await expect.poll(() => page.locator('.t-item-name').innerText().catch(() => '')).toBe(GUIDE_ITEMS.building.name)
    expect(await page.locator('.t-item-legal').innerText()).toBe('15 个工作日')
    expect(await page.locator('.t-item-promised').innerText()).toBe('7 个工作日')
    expect(await page.locator('.t-item-fee').innerText()).toBe('120 元')
    expect(await page.locator('.t-item-ontime').innerText()).toContain('100.0%')
    expect(await page.locator('.t-item-materials li').allInnerTexts()).toEqual([...GUIDE_ITEMS.building.materials])
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-guide-item.png`, fullPage: true })
    await keepText()

    // the ranking: volumes shown; two cases are listed apart, not ranked
    await page.click('.t-nav-ranking')
    await expect.poll(() => page.locator('[data-test="ranking-ranked"] tbody tr[data-department]').count()).toBe(1)
    expect(await page.locator(`[data-test="ranking-ranked"] tr[data-department="${SCJG}"] .t-volume`).innerText()).toBe('7')
    expect(await page.locator(`[data-test="ranking-insufficient"] tr[data-department="${ZJJ}"] .t-volume`).innerText()).toBe('2')
    expect(await page.locator('.t-ranking-basis').innerText()).toContain('按时办结率')
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-ranking.png`, fullPage: true })
    await keepText()

    // case progress by receipt number and query code: the applicant masked, nothing else of them
    await page.goto(`${base}/public`)
    await page.click('.t-entry-progress')
    await page.fill('#p-case', 'PUBB-S-0')
    await page.fill('#p-code', SEEDED_PEOPLE[0].idNumber.slice(-6))
    await page.click('.t-progress-submit')
    await expect.poll(() => page.locator('.t-progress-status').innerText().catch(() => '')).toBe('已办结')
    expect(await page.locator('.t-progress-applicant').innerText()).toContain('*')
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-case-progress.png`, fullPage: true })
    await keepText()

    // a complaint: the page solves the challenge, the citizen gets a code
    const workers: string[] = []
    page.on('worker', (w) => workers.push(w.url()))
    await page.click('.t-nav-complaint')
    // the challenge waits for the citizen to begin, then is solved off the page's main thread
    await expect.poll(() => page.locator('.t-challenge').innerText().catch(() => '')).toContain('开始填写后自动完成')
    expect(workers).toEqual([])
    await page.selectOption('#c-kind', 'complaint')
    await page.selectOption('#c-dept', SCJG)
    await page.fill('#c-text', '食品经营许可窗口要求提供清单以外的材料，<script>alert(1)</script> 往返三次仍未受理。')
    await page.fill('#c-name', COMPLAINANT.name)
    await page.fill('#c-phone', COMPLAINANT.phone)
    // images: an HTML file named .png is refused in the page; two real photos are previewed
    await page.setInputFiles('#c-files', { name: 'photo.png', mimeType: 'text/html', buffer: Buffer.from('<html><script>alert(1)</script></html>') })
    await expect.poll(() => page.locator('.t-attach-error').innerText().catch(() => '')).toContain('photo.png')
    const photo = await page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 64
      c.height = 48
      const g = c.getContext('2d')!
      g.fillStyle = '#2a7'
      g.fillRect(0, 0, 64, 48)
      return c.toDataURL('image/jpeg', 0.8).split(',')[1]!
    })
    await page.setInputFiles('#c-files', [
      { name: '窗口照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo, 'base64') },
      { name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1) },
    ])
    await expect.poll(() => page.locator('.t-previews img').count()).toBe(2)
    await expect.poll(() => page.locator('.t-previews img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64)
    expect(await page.locator('.t-attach-error').count()).toBe(0)
    await expect.poll(() => page.locator('.t-challenge').getAttribute('data-solved'), { timeout: 30_000 }).toBe('true')
    expect(workers.filter((u) => u.includes('challenge.worker'))).toHaveLength(1)
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-complaint.png`, fullPage: true })
    await page.click('.t-complaint-submit')
    await expect.poll(() => page.locator('.t-tracking-code').innerText().catch(() => '')).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    const code = await page.locator('.t-tracking-code').innerText()
    await page.screenshot({ path: `${SHOTS}/public-complaint-code.png`, fullPage: true })

    // follow it: the code travels in the history state, not in the URL
    await page.click('.t-follow')
    await page.waitForURL(`${base}/public/track`)
    expect(await page.locator('#t-code').inputValue()).toBe(code)
    await h.waitProjected()
    await page.click('.t-track-submit')
    await expect.poll(() => page.locator('.t-track-status').innerText().catch(() => '')).toBe('已受理')
    expect(await page.locator('.t-track-answer').innerText()).toBe('部门尚未答复')
    expect(await page.locator('.t-rate-form').count()).toBe(0)

    // the department answers through the source API, as its own system would
    const { rows } = await h.db.pool.query<{ petition_no: string }>('SELECT petition_no FROM public_complaints')
    const petitionNo = rows[0]!.petition_no
    const answer = `您好，${COMPLAINANT.name}（${COMPLAINANT.phone}）反映的问题属实，窗口已整改，材料以公示清单为准。`
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'x-api-key': h.key },
      payload: [{ eventId: `${petitionNo}-r`, kind: 'petition.replied', occurredAt: new Date().toISOString(), petitionNo, departmentCode: SCJG, body: { handler: '王科长', reply: answer } }],
    })
    expect(res.statusCode).toBe(202)
    await h.waitProjected()
    await page.click('.t-track-submit')
    await expect.poll(() => page.locator('.t-track-status').innerText()).toBe('已答复')
    const shown = await page.locator('.t-track-answer').innerText()
    expect(shown).toContain('窗口已整改')
    expect(shown).not.toContain(COMPLAINANT.phone)

    // rate it (the page solves a new challenge)
    await page.click('.t-rate-5')
    await expect.poll(() => page.locator('.t-rate-form .t-challenge').getAttribute('data-solved'), { timeout: 30_000 }).toBe('true')
    await checkAccessible(page)
    await page.click('.t-rate-submit')
    await expect.poll(() => page.locator('.t-rated').innerText().catch(() => '')).toContain('非常满意')
    await page.screenshot({ path: `${SHOTS}/public-track-rated.png`, fullPage: true })
    await keepText()
    await h.waitProjected()
    expect((await h.db.pool.query('SELECT rating, channel FROM petitions WHERE petition_no = $1', [petitionNo])).rows[0]).toEqual({ rating: 5, channel: 'publicSite' })
    expect((await h.db.pool.query('SELECT ordinal, content_type FROM complaint_attachments WHERE petition_no = $1 ORDER BY ordinal', [petitionNo])).rows).toEqual([
      { ordinal: 1, content_type: 'image/jpeg' },
      { ordinal: 2, content_type: 'image/png' },
    ])

    // English
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('.t-nav-guide').innerText()).toBe('Service guide')
    expect(await page.locator('.t-track-status').innerText()).toBe('Answered')
    await page.screenshot({ path: `${SHOTS}/public-track-en.png`, fullPage: true })
    await keepText()

    // no personal data on any page or in any answer the pages read
    const all = [...texts, ...apiBodies].join('\n')
    expect(apiBodies.length).toBeGreaterThan(5)
    for (const p of [...SEEDED_PEOPLE, COMPLAINANT]) {
      expect(all).not.toContain(p.name)
      expect(all).not.toContain(p.phone)
      if ('idNumber' in p) expect(all).not.toContain(p.idNumber)
    }
    expect(withoutHexTokens(all)).not.toMatch(ID_NUMBER)
    expect(withoutHexTokens(all)).not.toMatch(MOBILE_NUMBER)
    // page views are counted (访问量统计), with folded paths only
    expect(visits.some((v) => v.includes('"surface":"public"') && v.includes('/public/guide'))).toBe(true)
    expect(visits.join('\n')).not.toContain(code)
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('the complaint and its images in the console: the supervision office sees them, a leader sees the petition without them', async () => {
    const { rows } = await h.db.pool.query<{ petition_no: string }>('SELECT petition_no FROM public_complaints')
    const petitionNo = rows[0]!.petition_no
    await createUser(h.db.pool, { login: 'pb.console', roles: ['supervisor'], jurisdictionCode: JURISDICTION, displayName: '监察员' })
    await createUser(h.db.pool, { login: 'pb.lead', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '领导' })
    const signIn = async (login: string) => {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
      const p = await ctx.newPage()
      await p.goto(`${base}/console/petitions`)
      await p.waitForURL(/\/login\?next=/)
      await p.fill('input[name=login]', login)
      await p.fill('input[name=password]', TEST_PASSWORD)
      await p.click('button[type=submit]')
      await p.waitForURL(`${base}/console/petitions`)
      return p
    }
    const page = await signIn('pb.console')
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.click(`[data-test="petition-${petitionNo}"]`)
    await expect.poll(() => page.locator('[data-test=petition-title]').innerText().catch(() => '')).toBe(petitionNo)
    expect(await page.locator('[data-test=petition-channel]').innerText()).toBe('公众监督网站')
    expect(await page.locator('[data-test=petition-deadline]').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // the script typed into the complaint is shown as text
    expect(await page.locator('[data-test=petition-subject]').innerText()).toContain('<script>alert(1)</script>')
    const images = page.locator('[data-test=petition-attachments] img')
    await expect.poll(() => images.count()).toBe(2)
    await expect.poll(() => images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth))).toEqual([64, 1])
    await page.screenshot({ path: `${SHOTS}/console-petition-attachments.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.context().close()

    const leader = await signIn('pb.lead')
    await leader.goto(`${base}/console/petitions/${petitionNo}`)
    await expect.poll(() => leader.locator('[data-test=petition-title]').innerText().catch(() => '')).toBe(petitionNo)
    expect(await leader.locator('[data-test=petition-attachments]').count()).toBe(0)
    const direct = await leader.request.get(`${base}/api/v1/petitions/${petitionNo}/attachments/1`)
    expect(direct.status()).toBe(403)
    await leader.context().close()
  }, 120_000)

  it('published cards, scorecards with a correction, statistics charts and open data; no personal data', async () => {
    const mk = async (login: string, roles: Parameters<typeof createUser>[1]['roles']) =>
      openSession(h.db.pool, await createUser(h.db.pool, { login, roles, jurisdictionCode: JURISDICTION, displayName: login }), { cookieSecure: false })
    const [sup, sup2, leader] = [await mk('pb.sup', ['supervisor']), await mk('pb.sup2', ['supervisor']), await mk('pb.leader', ['leader'])]
    const call = async (s: TestSession, url: string, payload: object = {}) => {
      const r = await h.app.inject({ method: 'POST', url, headers: s.headers, payload })
      expect(r.statusCode, `${url} ${r.body}`).toBeLessThan(300)
      return r.json()
    }
    const person = SEEDED_PEOPLE[1]
    await seedWorkedExample(h.db.pool)
    await h.db.pool.query(`UPDATE cases SET item_code = $1 WHERE case_no = 'Z2'`, [GUIDE_ITEMS.building.code])
    const auto = (await h.db.pool.query<{ id: string }>(`SELECT id::text FROM cards WHERE subject_no = 'Z2' ORDER BY id LIMIT 1`)).rows[0]!.id
    await call(sup, `/api/v1/cards/${auto}/confirm`, {})
    await call(sup, '/api/v1/cards', { subject: 'case', subjectNo: 'PUBB-S-1', color: 'yellow', reason: `申请人${person.name}（${person.phone}）反映拖延` })
    const publish = async (id: string) => {
      await call(sup, `/api/v1/performance/runs/${id}/submit`)
      await call(leader, `/api/v1/performance/runs/${id}/approve`)
      await call(sup2, `/api/v1/performance/runs/${id}/publish`)
    }
    const run = (await call(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-11' })).id as string
    await publish(run)
    const revision = (await call(sup, `/api/v1/performance/runs/${run}/revisions`, { reason: '复核更正' })).id as string
    await call(sup, `/api/v1/performance/runs/${revision}/corrections`, { departmentCode: ZJJ, points: 5, reason: `复核 ${person.name}` })
    await publish(revision)

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 1 })
    const errors: string[] = []
    const apiBodies: string[] = []
    const texts: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('response', async (r) => {
      if (r.url().includes('/api/v1/public/')) apiBodies.push(await r.text().catch(() => ''))
    })
    const keepText = async () => texts.push(await page.locator('body').innerText())

    // 公开警示: the confirmed card and the manual one, department, item, date and rule only
    await page.goto(`${base}/public/cards`)
    await expect.poll(() => page.locator('[data-test="cards-list"] li').count()).toBe(2)
    const red = await page.locator(`[data-card="${auto}"]`).innerText()
    expect(red).toContain('红牌')
    expect(red).toContain('超过办理时限')
    expect(red).toContain(GUIDE_ITEMS.building.name)
    await page.selectOption('#cards-color', 'yellow')
    await expect.poll(() => page.locator('[data-test="cards-list"] li').allInnerTexts()).toEqual([expect.stringContaining('监察人员人工出牌')])
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-cards.png`, fullPage: true })
    await keepText()

    // 绩效考核成绩: from the ranking page; the month by peer group, the correction shown as such
    await page.click('.t-nav-ranking')
    await page.click('.t-scorecards-link')
    await page.waitForURL(/\/public\/scorecards/)
    await expect.poll(() => page.locator(`tr[data-department="${ZJJ}"]`).innerText().catch(() => '')).toContain('35')
    expect(await page.locator('.t-corrected').first().innerText()).toContain('更正版（第 2 版')
    expect(await page.locator('[data-test="sc-insufficient"]').innerText()).toContain('公安')
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-scorecards.png`, fullPage: true })
    await keepText()
    await page.selectOption('#sc-period', '2026-Q4')
    await expect.poll(() => page.locator('[data-test="sc-period-table"] tbody tr').count()).toBeGreaterThan(1)
    await page.selectOption('#sc-period', '2026-11')
    await page.locator(`tr[data-department="${ZJJ}"] .t-sc-link`).click()
    await expect.poll(() => page.locator('.t-score').innerText().catch(() => '')).toBe('35')
    expect(await page.locator('[data-test="scorecard-lines"]').innerText()).toContain('复核更正')
    expect(await page.locator('[data-test="scorecard-trend"] tbody tr').count()).toBe(1)
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-scorecard.png`, fullPage: true })
    await keepText()

    // 业务统计: two charts drawn (SVG), the 13 months in a table, one month per department
    await page.click('.t-nav-statistics')
    await expect.poll(() => page.locator('.t-chart-monthly svg').count(), { timeout: 20_000 }).toBe(1)
    expect(await page.locator('.t-chart-types svg').count()).toBe(1)
    expect(await page.locator('[data-test="stats-months"] tbody tr').count()).toBe(13)
    await expect.poll(() => page.locator(`[data-test="stats-departments"] tr[data-department="${SCJG}"]`).count()).toBe(1)
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-statistics.png`, fullPage: true })
    await keepText()

    // 开放数据: every table as CSV and JSON with the licence; the audit chain's head of the day
    await page.click('.t-nav-open')
    await expect.poll(() => page.locator('[data-test="open-tables"] li').count()).toBe(7)
    expect(await page.locator('.licence').innerText()).toContain('CC BY 4.0')
    expect(await page.locator('[data-test="open-anchors"] tbody tr').first().innerText()).toContain('今日')
    const csvHref = await page.locator('[data-test="open-tables"] li').nth(4).locator('a').first().getAttribute('href')
    const csv = await page.request.get(`${base}${csvHref}`)
    expect((await csv.text()).split('\r\n')[0]).toContain('# 本数据依')
    await checkAccessible(page)
    await page.screenshot({ path: `${SHOTS}/public-open.png`, fullPage: true })
    await keepText()

    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('.t-nav-open').innerText()).toBe('Open data')
    await keepText()

    const all = [...texts, ...apiBodies].join('\n')
    for (const p of SEEDED_PEOPLE) {
      expect(all).not.toContain(p.name)
      expect(all).not.toContain(p.phone)
      expect(all).not.toContain(p.idNumber)
    }
    for (const handler of ['张三', '李四', '王五']) expect(all).not.toContain(handler)
    expect(withoutHexTokens(all)).not.toMatch(MOBILE_NUMBER)
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)
})

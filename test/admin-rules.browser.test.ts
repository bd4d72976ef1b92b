/**
 * Browser test (real chromium) of the preview before save (issue 19): an administrator opens
 * /admin/rules, makes a working day a day off (a local holiday), presses 预览 and reads how many
 * open cases would move and which, with their new deadlines; saves; and every case's stored
 * deadline is then the one the preview showed (the others did not move); then changes a department's
 * scheme effective only for cases accepted from a date, reads both previews side by side, saves the
 * dated one and sees exactly its named cases move; and on 信访时限 sets a petition limit only for the
 * petitions received from a date (both previews side by side), saves it, sees only those petitions
 * move, and retracts it. Screenshots go to test-results/admin-rules-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { createContextProvider } from '../sql/clockContext.ts'
import { projectCases, projectPetitions } from '../workers/project.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, TEST_PASSWORD, type Harness } from './harness.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const shots = path.join(root, 'test-results')
const DAY = 86_400_000
let h: Harness
let browser: Browser
let base: string

/** The first working day at least 3 days ahead. */
function nextWorkday(): string {
  const cal = cnWorkCalendar()
  let d = localDayOf(Date.now(), 'Asia/Shanghai') + 3
  while (!cal.isWorkday(d)) d++
  return fromEpochDay(d)
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  const outDir = await buildDashboard()
  h = await createHarness({ withWorkers: false, dashboardDir: outDir, security: { cookieSecure: false } })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  await createUser(h.db.pool, { login: 'br-admin', roles: ['admin'], jurisdictionCode: JURISDICTION, displayName: '管理员' })
  // 12 open cases accepted 1–12 days ago with 2–24 working days: some span the day off, some end before it
  const events = []
  const caseNos: string[] = []
  for (let i = 0; i < 12; i++) {
    const caseNo = `BR-${String(i).padStart(2, '0')}`
    caseNos.push(caseNo)
    events.push({
      eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date(Date.now() - (1 + i) * DAY).toISOString(), caseNo, departmentCode: DEPTS[i % 3],
      body: { itemCode: 'ITEM-B', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: 2 + 2 * i, unit: 'workday' } },
    })
  }
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as never })
  if (res.statusCode !== 202) throw new Error(res.body)
  await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
}, 60_000)

const deadlines = async () =>
  new Map((await h.db.pool.query<{ case_no: string; d: string }>(`SELECT case_no, deadline_date::text AS d FROM case_clocks WHERE case_no LIKE 'BR-%'`)).rows.map((r) => [r.case_no, r.d]))

async function signIn(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' })
  const page = await ctx.newPage()
  await page.goto(`${base}/login?next=${encodeURIComponent('/admin/rules')}`)
  await page.fill('input[name=login]', 'br-admin')
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.click('#login-form button[type=submit]')
  await page.waitForURL((u) => u.pathname === '/admin/rules')
  return page
}

describe('/admin/rules in the browser', () => {
  it('adds a holiday, shows the preview count and cases, saves, and the stored deadlines are the previewed ones', async () => {
    const before = await deadlines()
    const date = nextWorkday()
    const page = await signIn()
    await page.waitForSelector('.t-rules-history')
    await page.fill('.t-cal-date input', date)
    await page.keyboard.press('Enter')
    await page.click('.t-cal-off')
    await page.click('.t-rules-preview-btn')
    await page.waitForSelector('.t-rules-preview .t-sum-moved')
    const moved = Number(await page.textContent('.t-sum-moved'))
    expect(moved).toBeGreaterThan(0)
    expect(Number(await page.textContent('.t-sum-scanned'))).toBe(12)
    const rows = await page.$$eval('.t-preview-cases tbody tr', (trs) => trs.map((tr) => ({
      caseNo: tr.querySelector('.t-case-no')?.textContent?.trim() ?? '',
      deadline: tr.querySelector('.t-case-deadline')?.textContent?.trim() ?? '',
    })))
    expect(rows.length).toBeGreaterThanOrEqual(moved)
    await page.screenshot({ path: path.join(shots, 'admin-rules-preview.png'), fullPage: true })

    await page.fill('.t-rules-reason input', '防汛停工一天')
    await page.click('.t-rules-save')
    await page.waitForSelector('.t-rules-saved')
    expect(await page.textContent('.t-rules-saved')).toContain(`期限变化 ${moved} 件`)
    await page.waitForSelector('.t-history-change')
    expect(await page.textContent('.t-history-change')).toContain(date)
    await page.screenshot({ path: path.join(shots, 'admin-rules-saved.png'), fullPage: true })

    const after = await deadlines()
    const previewed = new Map(rows.map((r) => [r.caseNo, r.deadline.split('→').map((s) => s.trim())]))
    for (const [no, d] of after) {
      const p = previewed.get(no)
      if (p) expect([no, before.get(no), d]).toEqual([no, p[0], p[1]])
      else expect([no, d]).toEqual([no, before.get(no)])
    }
    expect([...after].filter(([no, d]) => d !== before.get(no)).length).toBeLessThanOrEqual(moved)
  }, 180_000)

  it('previews a scheme for all open cases and for cases accepted from a date side by side, saves the dated one: exactly its named cases move', async () => {
    const redBefore = await redDays()
    // DEPTS[0] has BR-00, -03 (accepted 1 and 4 days ago) and BR-06, -09 (7 and 10 days ago)
    const from = fromEpochDay(localDayOf(Date.now() - 5 * DAY, 'Asia/Shanghai'))
    const page = await signIn()
    await page.waitForSelector('.t-rules-history')
    await page.click('#tab-scheme')
    await page.fill('.t-scheme-code input', DEPTS[0])
    await page.fill('.t-scheme-red input', '2')
    await page.keyboard.press('Tab')
    await page.click('.t-effective-from')
    await page.fill('.t-scheme-from-date input', from)
    await page.keyboard.press('Enter')
    await page.click('.t-rules-preview-btn')
    await page.waitForSelector('.t-rules-side-by-side .t-side-from .t-sum-moved')
    const named = (side: string) => page.$$eval(`.t-rules-side-by-side ${side} .t-preview-cases .t-case-no`, (els) => els.map((e) => e.textContent?.trim() ?? '').sort())
    const all = await named('.t-side-all')
    const dated = await named('.t-side-from')
    expect(all).toEqual(['BR-00', 'BR-03', 'BR-06', 'BR-09'])
    expect(dated).toEqual(['BR-00', 'BR-03'])
    expect(Number(await page.textContent('.t-side-from .t-sum-moved'))).toBe(2)
    await page.screenshot({ path: path.join(shots, 'admin-rules-effective-from.png'), fullPage: true })

    await page.fill('.t-rules-reason input', '自某日起受理的办件适用新方案')
    await page.click('.t-rules-save')
    await page.waitForSelector('.t-rules-saved')
    await page.waitForFunction(() => document.querySelector('.t-history-effective')?.textContent?.includes('起受理'))
    expect(await page.textContent('.t-history-effective')).toContain(from)
    const redAfter = await redDays()
    expect([...redAfter].filter(([no, d]) => d !== redBefore.get(no)).map(([no]) => no).sort()).toEqual(dated)
  }, 180_000)
})

describe('信访时限 in the browser', () => {
  it('previews a petition limit for all open petitions and for those received from a date side by side, saves the dated one (only its petitions move), and retracts it after the retraction\'s preview names the same petitions', async () => {
    const nos = ['BRP-1', 'BRP-2', 'BRP-3', 'BRP-4']
    const events = nos.map((petitionNo, i) => ({
      eventId: `${petitionNo}-r`, kind: 'petition.received', occurredAt: new Date(Date.now() - (2 + 2 * i) * DAY).toISOString(), petitionNo, departmentCode: DEPTS[0],
      body: { petitionKind: 'complaint', channel: '12345', citizen: { name: '周投诉', phone: '13800000000' } },
    }))
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as never })).statusCode).toBe(202)
    await projectPetitions(h.db.pool, nos, { context: createContextProvider(h.db.pool) })
    const petitionDeadlines = async () => new Map((await h.db.pool.query<{ petition_no: string; d: string }>(`SELECT petition_no, deadline_date::text AS d FROM petitions WHERE petition_no LIKE 'BRP-%'`)).rows.map((r) => [r.petition_no, r.d]))
    const before = await petitionDeadlines()
    // BRP-1 and BRP-2 were received 2 and 4 days ago, on or after the date; BRP-3 and BRP-4 before it
    const from = fromEpochDay(localDayOf(Date.now() - 5 * DAY, 'Asia/Shanghai'))
    const page = await signIn()
    await page.click('#tab-petition')
    await page.waitForSelector('.t-petition-versions')
    await page.fill('.t-petition-value input', '3')
    await page.keyboard.press('Tab')
    await page.click('.t-petition-effective-from')
    await page.fill('.t-petition-from-date input', from)
    await page.keyboard.press('Enter')
    await page.click('.t-petition-preview-btn')
    await page.waitForSelector('.t-petition-side-by-side .t-side-from .t-sum-moved')
    const named = (side: string) => page.$$eval(`.t-petition-side-by-side ${side} .t-preview-cases .t-case-no`, (els) => els.map((e) => e.textContent?.trim() ?? '').sort())
    expect(await named('.t-side-all')).toEqual(nos)
    const dated = await named('.t-side-from')
    expect(dated).toEqual(['BRP-1', 'BRP-2'])
    expect(await page.textContent('.t-petition-limits')).not.toContain('周投诉')
    await page.screenshot({ path: path.join(shots, 'admin-rules-petition-effective-from.png'), fullPage: true })

    await page.click('.t-petition-save')
    await page.waitForSelector('.t-petition-saved')
    await page.waitForFunction(() => document.querySelector('.t-petition-version-from')?.textContent?.includes('起收到'))
    expect(await page.textContent('.t-petition-version-from')).toContain(from)
    expect((await h.db.pool.query(`SELECT limit_value, to_char(accepted_from, 'YYYY-MM-DD') AS f FROM petition_limit_versions`)).rows).toEqual([{ limit_value: 3, f: from }])
    // the re-projection (the recompute job's): only the dated side's petitions move
    await projectPetitions(h.db.pool, nos, { context: createContextProvider(h.db.pool) })
    const after = await petitionDeadlines()
    expect(nos.filter((no) => after.get(no) !== before.get(no))).toEqual(dated)

    // 撤回 previews the retraction first: it names the dated petitions, which move back
    await page.click('.t-petition-retract')
    await page.waitForSelector('.t-petition-retract-preview .t-sum-moved')
    expect(await page.$$eval('.t-petition-retract-preview .t-preview-cases .t-case-no', (els) => els.map((e) => e.textContent?.trim() ?? '').sort())).toEqual(dated)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM petition_limit_versions`)).rows[0].n).toBe(1)
    await page.screenshot({ path: path.join(shots, 'admin-rules-petition-retract-preview.png'), fullPage: true })
    await page.click('.t-petition-retract-confirm')
    await page.waitForFunction(() => document.querySelector('.t-petition-saved')?.textContent?.includes('撤回'))
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM petition_limit_versions`)).rows[0].n).toBe(0)
    await projectPetitions(h.db.pool, nos, { context: createContextProvider(h.db.pool) })
    expect(await petitionDeadlines()).toEqual(before)
  }, 180_000)
})

const redDays = async () =>
  new Map((await h.db.pool.query<{ case_no: string; d: string }>(`SELECT case_no, red_from::text AS d FROM case_clocks WHERE case_no LIKE 'BR-%'`)).rows.map((r) => [r.case_no, r.d]))

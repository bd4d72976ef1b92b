/**
 * The console in a real browser (chromium through playwright-core) against the real app, PostgreSQL
 * and Redis: cases are seeded by posting events through the ingest API and waiting for the
 * projection. A supervisor signs in, sees the provisional-calendar banner (from 1 November while
 * next year's notice is missing), filters and exports (the downloaded CSV and XLSX are read back),
 * opens the "why?" panel, issues and revokes a card, and confirms an automatic card.
 * Screenshots: test-results/console-*.png.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, TEST_PASSWORD, type Harness } from '../harness.ts'
import { buildDashboard, launchChromium, SCREENSHOTS } from '../browser.ts'

const [SCJG, ZJJ] = DEPTS
const APPLICANT = { name: '张小三', idNumber: '440204199001011234', phone: '13800005678' }
const LATE = '440204-2026-LATE-0001'

function lateCase(): RawEvent[] {
  const ev = (n: number, kind: RawEvent['kind'], occurredAt: string, body: Record<string, unknown>): RawEvent => ({ eventId: `${LATE}-${n}`, kind, occurredAt, caseNo: LATE, departmentCode: SCJG, body })
  return [
    ev(1, 'submitted', '2026-09-27T09:00:00+08:00', { itemCode: 'ITEM-001', channel: 'window' }),
    ev(2, 'accepted', '2026-09-28T10:00:00+08:00', { itemCode: 'ITEM-001', caseType: 'promised', applicant: APPLICANT, promisedLimit: { value: 5, unit: 'workday' }, handler: '李四' }),
    ev(3, 'stage', '2026-09-29T15:00:00+08:00', { stage: 'undertaken', handler: '王五', opinion: '材料齐全，同意承办' }),
  ]
}

let h: Harness
let browser: Browser
let page: Page
let dashboard: Awaited<ReturnType<typeof buildDashboard>>
let base: string

beforeAll(async () => {
  dashboard = await buildDashboard()
  h = await createHarness({ dashboardDir: dashboard, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await h.db.pool.query(`INSERT INTO items (code, department_code, name, case_type, promised_limit, legal_limit, fee_standard) VALUES ('ITEM-001', $1, '食品经营许可', 'promised', 10, 20, 50)`, [SCJG])
  const events: RawEvent[] = [...lateCase()]
  for (let i = 1; i <= 6; i++) events.push(...caseLifecycle(`440204-2026-OK-000${i}`, i % 2 ? SCJG : ZJJ, Date.parse(`2026-11-${String(10 + i).padStart(2, '0')}T01:00:00Z`), { seed: i, fee: i === 1 ? 80 : 50, supplement: i === 2 }))
  events.push({ eventId: 'pending-1', kind: 'submitted', occurredAt: '2026-11-30T09:00:00+08:00', caseNo: '440204-2026-NEW-0001', departmentCode: ZJJ, body: { itemCode: 'ITEM-001', channel: 'online' } })
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.statusCode, res.body).toBe(202)
  expect(res.json().accepted).toBe(events.length)
  await h.waitProjected(30_000)
  await createUser(h.db.pool, { login: 'zhang.jc', displayName: '张监察', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  browser = await launchChromium()
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  page = await context.newPage()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `console-${name}.png`), fullPage: true })
const rowsOf = () => page.locator('[data-test=case-table] .el-table__body tbody tr')

describe('the supervisor console', () => {
  it('signs in, shows the menu and the provisional-calendar banner', async () => {
    await page.goto(`${base}/console`)
    await page.waitForURL(/\/login\?next=/)
    await page.fill('input[name=login]', 'zhang.jc')
    await page.fill('input[name=password]', TEST_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForURL(`${base}/console`)
    await expect.poll(() => rowsOf().count(), { timeout: 15_000 }).toBe(8)
    await expect(page.locator('[data-test=console-user]').textContent()).resolves.toBe('张监察')
    const menu = await page.locator('[data-test=console-menu] .el-menu-item').allTextContents()
    expect(menu.map((s) => s.trim())).toEqual(['综合监察', '时限监察', '收费监察', '程序监察', '异常监察', '红黄牌', '信访投诉', '绩效考核', '督办', '催办', '我的通知', '公开内容', '业务统计'])
    // the server's calendar status decides; today (1 December 2026) the 2027 notice is missing
    const status = (await (await fetch(`${base}/api/v1/calendar/status`, { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json()) as { provisionalWarning: boolean; nextYear: number }
    const banner = page.locator('[data-test=provisional-banner]')
    if (status.provisionalWarning) await expect(banner.textContent()).resolves.toContain(`${status.nextYear} 年节假日安排尚未录入`)
    else expect(await banner.count()).toBe(0)
    expect(status.provisionalWarning).toBe(true)
    await shot('list')
  })

  it('filters on the server and exports the filtered list as CSV and XLSX', async () => {
    await page.click('#tab-alert')
    await expect.poll(() => rowsOf().count()).toBe(1)
    await page.click('#tab-all')
    await expect.poll(() => rowsOf().count()).toBe(8)
    await page.fill('[data-test=filter-q]', 'late')
    await page.click('[data-test=filter-level]')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '红牌' }).click()
    await page.click('[data-test=search]')
    await expect.poll(() => rowsOf().count()).toBe(1)
    await expect(rowsOf().first().textContent()).resolves.toContain(LATE)
    await expect(page.locator('[data-test=total]').textContent()).resolves.toBe('共 1 件')
    await shot('filtered')

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-csv]')])
    const csvBytes = await readFile((await csv.path())!)
    expect(csvBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const lines = csvBytes.toString('utf8').slice(1).trim().split('\r\n')
    expect(lines[0]!.startsWith('受理编号,部门,部门编码,事项')).toBe(true)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(LATE)
    expect(lines[1]).toContain('红牌')
    expect(lines[1]).toContain('张*三')
    expect(lines[1]).toContain('440204********1234')
    expect(lines[1]).not.toContain(APPLICANT.idNumber)

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile((await xlsx.path())!)
    const sheet = wb.worksheets[0]!
    expect(sheet.name).toBe('办件')
    expect(sheet.rowCount).toBe(2)
    expect(sheet.getRow(1).getCell(1).value).toBe('受理编号')
    expect(sheet.getRow(2).getCell(1).value).toBe(LATE)
    expect(sheet.getRow(2).values).toContain('食品经营许可')
  })

  it('opens a case and its "why?" panel, day by day with the calendar entries that mattered', async () => {
    await rowsOf().first().locator('a.case-link').click()
    await page.waitForURL(/\/console\/cases\//)
    await expect(page.locator('[data-test=case-title]').textContent()).resolves.toBe(LATE)
    await expect.poll(() => page.locator('[data-test=procedure] .el-step').count()).toBe(5)
    await page.click('[data-test=open-why]')
    const days = page.locator('[data-test=why-days] .el-table__body tbody tr')
    await expect.poll(() => days.count(), { timeout: 10_000 }).toBeGreaterThan(10)
    const text = (await page.locator('[data-test=why-panel]').textContent()) ?? ''
    expect(text).toContain('第 5 个计算日')
    expect(text).toContain('截止日')
    expect(await page.locator('[data-test=why-days] [data-entry=holiday]').count()).toBeGreaterThan(0) // National Day 2026
    expect(text).toContain('国庆节')
    expect(text).toContain('第 5 个工作日 24:00 截止')
    await shot('why')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('[data-test=why-panel]').count()).toBe(0)
  })

  it('issues a manual card, revokes it (history stays), and confirms an automatic card', async () => {
    await page.click('#tab-cards')
    const cardRows = page.locator('[data-test=card-table] .el-table__body tbody tr')
    await expect.poll(() => cardRows.count()).toBe(2) // the automatic overdue cards: yellow and red
    await page.click('[data-test=open-issue]')
    await page.locator('[data-test=issue-color] label', { hasText: '红牌' }).click()
    await page.fill('[data-test=issue-reason]', '群众多次反映办理拖延，经核实属实')
    await page.click('[data-test=issue-submit]')
    await expect.poll(() => cardRows.count()).toBe(3)
    const manualRow = cardRows.filter({ hasText: '群众多次反映办理拖延' })
    await expect(manualRow.textContent()).resolves.toContain('人工出牌')

    await manualRow.locator('[data-test=card-revoke]').click()
    await page.fill('[data-test=card-dialog-text]', '经复核，延误系申请人原因')
    await page.click('[data-test=card-dialog-submit]')
    await expect.poll(() => manualRow.locator('[data-test=card-revoked]').count()).toBe(1)
    await expect(manualRow.textContent()).resolves.toContain('经复核，延误系申请人原因')
    expect(await cardRows.count()).toBe(3) // the revoked card stays in the list

    const redAuto = cardRows.filter({ hasText: '严重超期' })
    await redAuto.locator('[data-test=card-confirm]').click()
    await page.click('[data-test=card-dialog-submit]')
    await expect.poll(() => redAuto.locator('[data-test=card-published]').count()).toBe(1)
    await page.locator('.el-overlay-dialog').first().waitFor({ state: 'hidden' })
    await page.waitForTimeout(600) // let the tag and message transitions finish before the screenshot
    await shot('cards')

    const db = h.db.pool
    expect((await db.query(`SELECT reason FROM cards WHERE revokes IS NOT NULL`)).rows.map((r) => r.reason)).toEqual(['经复核，延误系申请人原因'])
    expect((await db.query(`SELECT c.rule, c.color FROM card_confirmations k JOIN cards c ON c.id = k.card_id`)).rows).toEqual([{ rule: 'overdue', color: 'red' }])
    expect((await db.query(`SELECT action FROM audit_log WHERE action LIKE 'card.%' ORDER BY seq`)).rows.map((r) => r.action)).toEqual(['card.issue', 'card.revoke', 'card.confirm'])
  })

  it('switches to English', async () => {
    await page.goto(`${base}/console/time-limits`)
    await page.locator('.locale-switch button', { hasText: 'English' }).click()
    await expect.poll(async () => (await page.locator('[data-test=console-menu] .el-menu-item').allTextContents()).map((x) => x.trim())).toEqual(['Overview', 'Time limits', 'Fees', 'Procedure', 'Exceptions', 'Cards', 'Petitions', 'Performance', 'Orders', 'Urgings', 'My notifications', 'Public content', 'Statistics'])
    await expect(page.locator('[data-test=provisional-banner]').textContent()).resolves.toContain('holiday notice has not been entered')
    await expect.poll(() => rowsOf().count()).toBe(1) // in progress: the late case only
    await expect(rowsOf().first().textContent()).resolves.toContain('overdue')
    await shot('time-limits-en')
    await page.locator('.locale-switch button', { hasText: '简体中文' }).click()
  })

  it('signs out', async () => {
    await page.click('[data-test=sign-out]')
    await page.waitForURL(/\/login/)
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
    expect(me).toBe(401)
  })
})

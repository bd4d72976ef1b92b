/**
 * Browser test (real chromium through playwright-core) of the supervision chain across three
 * users: the supervisor urges a department in /console, the department's staff see it arrive live
 * in their inbox in /window and reply; the supervisor escalates it to an order; the staff appeal;
 * the leader finds it under 待我批示 and records an instruction; the staff reply; the supervisor
 * records the conclusion. Notifications must arrive in-app (bell and inbox, live over socket.io)
 * and in the SMTP sink. Screenshots go to test-results/supervision-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { buildDashboard, launchChromium } from './browser.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, TEST_PASSWORD, type Harness } from './harness.ts'
import { startSmtpSink, type SmtpSink } from './sinks/smtp.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const shots = path.join(root, 'test-results')
let outDir: string
let h: Harness
let smtp: SmtpSink
let browser: Browser
let base: string
const contexts: BrowserContext[] = []

async function signIn(loginName: string, next: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  contexts.push(ctx)
  const page = await ctx.newPage()
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`)
  await page.fill('input[name=login]', loginName)
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.click('#login-form button[type=submit]')
  await page.waitForURL((u) => u.pathname === next)
  return page
}
// after Element Plus' enter transitions (tags zoom in), so that the picture shows what a user sees
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(400)
  await page.screenshot({ path: path.join(shots, `supervision-${name}.png`), fullPage: true })
}
const pick = async (page: Page, selectClass: string, option: string) => {
  await page.click(`.${selectClass}`)
  await page.getByRole('option', { name: option, exact: true }).last().click()
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  outDir = await buildDashboard()
  smtp = await startSmtpSink()
  h = await createHarness({ withWorkers: false, dashboardDir: outDir, security: { cookieSecure: false } })
  await h.startWorkers({ notify: { smtpUrl: smtp.url, everyMs: 200 } })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  const users = [
    { login: 'b-sup', roles: ['supervisor'] as const, jurisdictionCode: JURISDICTION, displayName: '王监察', email: 'wang@jc.example.cn' },
    { login: 'b-staff', roles: ['department_staff'] as const, departmentCode: DEPTS[0], displayName: '李四', email: 'lisi@scjg.example.cn' },
    { login: 'b-leader', roles: ['leader'] as const, jurisdictionCode: JURISDICTION, displayName: '陈区长', email: 'chen@gov.example.cn' },
    { login: 'b-other', roles: ['department_staff'] as const, departmentCode: DEPTS[1], displayName: '吴五' },
  ]
  for (const u of users) {
    const c = await createUser(h.db.pool, { login: u.login, roles: [...u.roles], departmentCode: u.departmentCode ?? null, jurisdictionCode: u.jurisdictionCode ?? null, displayName: u.displayName })
    await h.db.pool.query('UPDATE users SET email = $2 WHERE id = $1', [c.id, u.email ?? null])
  }
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await h?.close()
  await smtp?.close()
}, 60_000)

describe('supervision chain in the browser', () => {
  it('urge → order → appeal → instruction → conclusion across supervisor, department staff and leader', async () => {
    const staff = await signIn('b-staff', '/window/notifications')
    await staff.getByText('0 条未读').waitFor()
    const sup = await signIn('b-sup', '/console/urgings')

    // 1. the supervisor urges the department
    await sup.click('.t-urging-create')
    await pick(sup, 't-urging-department', '市场监管局（440204-SCJG）')
    await pick(sup, 't-urging-recipients', '李四')
    await sup.keyboard.press('Escape')
    await sup.fill('.t-urging-message textarea', '本周积压办件较多，请于三日内清理')
    await sup.click('.t-urging-submit')
    await sup.waitForURL(/\/console\/urgings\/\d+$/)

    // … which arrives live in the staff's open inbox (no reload) and by e-mail
    await staff.getByText('【催办】440204-SCJG').first().waitFor({ timeout: 10_000 })
    await staff.getByText('1 条未读').waitFor()
    expect(await staff.locator('.t-notification-bell .el-badge__content').innerText()).toBe('1')
    await shot(staff, '1-staff-inbox-live')
    expect((await smtp.waitFor((m) => m.to.includes('lisi@scjg.example.cn') && m.subject.startsWith('【催办】'))).text).toContain('本周积压办件较多，请于三日内清理')

    // 2. the staff reply in /window (badge on the urgings tab)
    await staff.goto(`${base}/window/orders`)
    expect(await staff.locator('.t-badge-urgings .el-badge__content').innerText()).toBe('1')
    await staff.getByRole('tab', { name: /催办/ }).click()
    await staff.locator('.t-dept-urgings .el-table__row').first().click()
    await staff.fill('.t-urging-reply-text textarea', '已安排专人加班清理')
    await staff.click('.t-urging-reply-submit')
    await staff.locator('.t-urging-replies').getByText('已安排专人加班清理').waitFor()

    // 3. the supervisor sees the reply and escalates to an order (department prefilled)
    await sup.reload()
    await sup.locator('.t-urging-replies').getByText('已安排专人加班清理').waitFor()
    await sup.click('.t-urging-escalate')
    await sup.waitForURL(/\/console\/orders\?/)
    await pick(sup, 't-order-responsible', '李四')
    await sup.fill('.t-order-opinion textarea', '积压办件限期清理完毕并书面报告')
    await shot(sup, '2-supervisor-order-dialog')
    await sup.click('.t-order-submit')
    await sup.waitForURL(/\/console\/orders\/\d+$/)
    const orderNo = await sup.locator('.t-order-no').innerText()
    expect(orderNo).toMatch(/^DB-\d{6}$/)
    await smtp.waitFor((m) => m.to.includes('lisi@scjg.example.cn') && m.subject.includes(orderNo))

    // 4. the staff appeal the order
    await staff.goto(`${base}/window/orders`)
    expect(await staff.locator('.t-badge-orders .el-badge__content').innerText()).toBe('1')
    await staff.locator('.t-dept-orders .el-table__row').first().click()
    await staff.click('.t-mode-appeal')
    await staff.fill('.t-dept-answer-text textarea', '积压系因省平台接口故障三天所致')
    await staff.click('.t-dept-answer-submit')
    await staff.locator('.t-order-state').getByText('已申诉·待批示').waitFor()
    await shot(staff, '3-staff-appealed')

    // 5. the leader: 待我批示, then the instruction
    await smtp.waitFor((m) => m.to.includes('chen@gov.example.cn') && m.subject.startsWith(`【申诉待批示】${orderNo}`))
    const leader = await signIn('b-leader', '/console/instructions')
    await leader.locator('.t-instruction-list').getByText(orderNo).waitFor()
    await shot(leader, '4-leader-awaiting')
    await leader.locator('.t-instruction-list .el-table__row').first().click()
    await leader.getByText('积压系因省平台接口故障三天所致').first().waitFor()
    await leader.fill('.t-order-action-text textarea', '情况属实，延期两日，由市场监管局书面说明')
    await leader.click('.t-order-action-submit')
    await leader.locator('.t-order-state').getByText('已批示').waitFor()
    await leader.goto(`${base}/console/instructions`)
    await leader.getByText('没有待批示的申诉').waitFor()

    // 6. the staff reply after the instruction; 7. the supervisor concludes
    await staff.reload()
    await staff.fill('.t-dept-answer-text textarea', '已全部清理完毕，报告附后')
    await staff.click('.t-dept-answer-submit')
    await staff.locator('.t-order-state').getByText('已回复').waitFor()

    await sup.reload()
    await sup.fill('.t-order-action-text textarea', '整改到位，督办办结')
    await sup.click('.t-order-action-submit')
    await sup.locator('.t-order-state').getByText('已办结').waitFor()
    const steps = await sup.locator('.t-order-timeline .step strong').allInnerTexts()
    expect(steps).toEqual(['发出督办', '部门申诉', '领导批示', '部门回复', '督办结论'])
    await sup.locator('.t-deliveries').getByText('已送达').first().waitFor()
    await shot(sup, '5-supervisor-concluded')

    // the staff got the conclusion in-app (bell) and by e-mail
    await smtp.waitFor((m) => m.to.includes('lisi@scjg.example.cn') && m.subject.startsWith(`【督办办结】${orderNo}`))
    await staff.goto(`${base}/window/notifications`)
    await staff.getByText(`【督办办结】${orderNo}`).first().waitFor()
    await staff.click('.t-notification-bell button')
    await staff.locator('.t-notification-list').getByText(`【领导批示】${orderNo}`).waitFor()
    await shot(staff, '6-staff-bell')

    // another department's staff see none of it
    const other = await signIn('b-other', '/window/orders')
    await other.getByText('本部门暂无督办').waitFor()
    const res = await other.evaluate(async (url) => (await fetch(url)).status, `/api/v1/orders/${sup.url().split('/').pop()}`)
    expect(res).toBe(404)
  }, 180_000)
})

/**
 * The approval module in a real browser (playwright-core + Debian's chromium): a department staff
 * member signs in, registers and accepts a case, advances it one stage, and sees its level and its
 * days used/left in the department's list. Screenshots in test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createHarness, createUser, DEPTS, TEST_PASSWORD, type Harness } from './harness.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { seedWindowItems, WINDOW_ITEMS } from './window-fixtures.ts'

const SHOTS = 'test-results'
let dash: string
let h: Harness
let browser: Browser
let base: string

beforeAll(async () => {
  dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedWindowItems(h.db.pool)
  await createUser(h.db.pool, { login: 'window.staff', displayName: '陈窗口', roles: ['department_staff'], departmentCode: DEPTS[0] })
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
  await mkdir(SHOTS, { recursive: true })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

async function pickOption(page: Page, selectTestClass: string, text: string) {
  await page.click(`${selectTestClass} .el-select__wrapper`)
  await page.keyboard.type(text)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

describe('/window in the browser', () => {
  it('signs in, registers and accepts a case, advances it, and sees its level and days in the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    // sign-in is required
    await page.goto(`${base}/window`)
    await page.waitForURL(/\/login\?next=(%2F|\/)window$/)
    await page.fill('input[name=login]', 'window.staff')
    await page.fill('input[name=password]', TEST_PASSWORD)
    await page.press('input[name=password]', 'Enter')
    await page.waitForURL(`${base}/window`)
    await page.getByRole('menuitem', { name: '收件登记' }).click()
    await page.waitForURL(`${base}/window/register`)

    // the form says what is missing
    await page.click('.t-register-submit')
    await expect.poll(() => page.locator('.el-form-item__error').allInnerTexts()).toEqual(expect.arrayContaining(['请选择办理事项', '请填写申请人名称']))

    await pickOption(page, '.t-register-item', WINDOW_ITEMS.promised.name)
    await expect.poll(() => page.locator('.t-register-item-info').innerText()).toContain('承诺时限 10 个工作日')
    await page.fill('.t-register-name input', '韶关市浈江区示例餐饮店')
    // the messages go away as the fields are fixed
    await expect.poll(() => page.locator('.el-form-item__error').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/window-register.png` })
    // keyboard: Enter in a field submits the form (登记)
    await page.press('.t-register-name input', 'Enter')
    await page.waitForURL(/\/window\/cases\/440204-SCJG-\d{4}-\d{6}$/)
    const caseNo = decodeURIComponent(page.url().split('/').pop()!)
    await expect.poll(() => page.locator('.t-case-status').innerText()).toBe('已收件')

    // accept: the dialog's form, submitted with Enter in its handler field
    await page.click('.t-action-accept')
    const handler = page.locator('.t-action-dialog input[placeholder="默认为当前登录人"]')
    await handler.fill('陈窗口')
    await handler.press('Enter')
    await expect.poll(() => page.locator('.t-case-status').innerText()).toBe('已受理')
    await expect.poll(() => page.locator('.t-days-left').innerText()).toBe('10 天')

    await page.click('.t-action-advance')
    await page.locator('.t-action-opinion textarea').fill('材料齐全，同意承办')
    await page.click('.t-action-submit')
    await expect.poll(() => page.locator('.t-case-status').innerText()).toBe('承办')
    await expect.poll(() => page.locator('.t-case-why').count(), { timeout: 15_000 }).toBe(1)
    await page.screenshot({ path: `${SHOTS}/window-case.png`, fullPage: true })

    // the department's list: the case, newest first, with its level and days
    await page.getByRole('menuitem', { name: '本部门办件' }).click()
    await page.waitForURL(`${base}/window`)
    const row = page.locator('.el-table__row', { hasText: caseNo })
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => page.locator('.el-table__row').first().innerText()).toContain(caseNo)
    expect(await row.locator('.t-case-level').innerText()).toBe('正常')
    expect(await row.locator('.t-case-days').innerText()).toBe('已用 0 天 / 剩余 10 天')
    expect(await row.innerText()).toContain('承办')
    await page.screenshot({ path: `${SHOTS}/window-list.png` })

    // the stored events came through the ingest path from source `window`
    const kinds = (await h.db.pool.query<{ kind: string; source: string }>('SELECT kind, source FROM events WHERE case_no = $1 ORDER BY seq', [caseNo])).rows
    expect(kinds).toEqual([{ kind: 'submitted', source: 'window' }, { kind: 'accepted', source: 'window' }, { kind: 'stage', source: 'window' }])
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)
})

/**
 * The administration in the real browser (playwright-core + Debian's chromium): an administrator
 * signs in at /admin, creates a department, imports an item catalogue XLSX — first with a bad row
 * (the report names row, column and reason; nothing is saved), then the fixed file (saved) —
 * creates a user and locks it (disabled: it can no longer sign in), rotates an API key (the
 * new key shown once, the old one in its grace period and still accepted by the ingest API), then
 * saves statistics period rules and an indicator scheme, and checks the audit chain. An item's
 * promised limit is changed: the editor shows the what-if preview (cases named, old → new
 * deadline) before saving, and the saved clocks are the preview's; then another item's limit only
 * for the cases accepted from a date (both previews side by side, only the dated one's cases move,
 * the catalogue keeps its limit). The queue board (bull-board)
 * at /admin/queues lists the queues for the admin. A supervisor is refused, at /admin and at
 * /admin/queues. Screenshots in test-results/admin-*.png.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createHarness, createUser, DEPTS, JURISDICTION, TEST_PASSWORD, type Harness } from './harness.ts'
import { buildDashboard, launchChromium, SCREENSHOTS } from './browser.ts'
import { createContextProvider } from '../sql/clockContext.ts'
import { projectCases } from '../workers/project.ts'
import { columnHeader, ITEM_COLUMNS } from '../domain/admin/itemImport.ts'

/** expect.poll's patience: the default 1 s is short on a shared, loaded machine. */
const POLL = { timeout: 20_000 }
let h: Harness
let browser: Browser
let base: string

async function writeWorkbook(file: string, rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('事项目录')
  ws.addRow(ITEM_COLUMNS.map(columnHeader))
  for (const r of rows) ws.addRow(r)
  const p = path.join(SCREENSHOTS, file)
  await writeFile(p, Buffer.from(await wb.xlsx.writeBuffer()))
  return p
}

beforeAll(async () => {
  const dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await createUser(h.db.pool, { login: 'ad.admin', displayName: '王管理', roles: ['admin'] })
  await createUser(h.db.pool, { login: 'ad.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
  await mkdir(SCREENSHOTS, { recursive: true })
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

async function signIn(page: Page, loginName: string) {
  await page.goto(`${base}/admin`)
  await page.waitForURL(/\/login\?next=/)
  await page.fill('input[name=login]', loginName)
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.press('input[name=password]', 'Enter')
}

/** A screenshot once transitions (dialogs closing, tags fading in) have ended. */
async function shot(page: Page, name: string) {
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true })
}

/** Picks an option of the el-select found by `selector` (Element Plus renders options in a popper). */
async function pick(page: Page, selector: string, label: string) {
  await page.click(selector)
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
}

const count = async (q: string) => (await h.db.pool.query<{ n: number }>(q)).rows[0]!.n

describe('the administration in the browser', () => {
  it('an admin creates a department, imports a catalogue (bad row refused, then fixed), creates and locks a user, and rotates an API key', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page, 'ad.admin')
    await page.waitForURL((u) => u.pathname === '/admin')
    const menu = await page.locator('[data-test="admin-menu"]').innerText()
    for (const label of ['组织机构', '事项目录', '用户账号', '接口密钥', '统计与考核配置', '规则与日历', '运行状态']) expect(menu).toContain(label)

    // organisation: a new department
    await page.waitForSelector('[data-test="departments"] .el-table__row')
    await page.click('[data-test="new-department"]')
    await page.fill('[data-test="department-form"] input[name=code]', '440204-WJJ')
    await page.fill('[data-test="department-form"] input[name=name]', '卫生健康局')
    await page.click('[data-test="department-save"]')
    await expect.poll(() => page.locator('[data-test="departments"]').innerText(), POLL).toContain('卫生健康局')
    expect(await count("SELECT count(*)::int AS n FROM departments WHERE code = '440204-WJJ' AND active")).toBe(1)
    await shot(page, 'admin-organisation')

    // item catalogue: a file with one bad row → the report, nothing saved
    await page.click('[data-test="admin-menu"] >> text=事项目录')
    await page.waitForURL(/\/admin\/items$/)
    await page.click('[data-test="open-import"]')
    const good = ['WJ-001', '医疗机构执业登记', '440204-WJJ', '承诺件', 20, '工作日', 10, '工作日', 0, '是']
    const bad = await writeWorkbook('admin-items-bad.xlsx', [good, ['WJ-002', '放射诊疗许可', '440204-NONE', '承诺件', 20, '工作日', 10, '工作日', 0, '是']])
    await page.setInputFiles('[data-test="import-file"]', bad)
    await page.waitForSelector('[data-test="import-errors"] .el-table__row')
    const report = await page.locator('[data-test="import-errors"]').innerText()
    expect(report).toContain('3')
    expect(report).toContain('departmentCode')
    expect(report).toContain('部门编码“440204-NONE”不存在')
    expect(await page.locator('[data-test="import-confirm"]').isDisabled()).toBe(true)
    await shot(page, 'admin-import-errors')
    expect(await count("SELECT count(*)::int AS n FROM items WHERE code LIKE 'WJ-%'")).toBe(0)

    // the fixed file → preview → confirm → saved
    const fixed = await writeWorkbook('admin-items-fixed.xlsx', [good, ['WJ-002', '放射诊疗许可', '440204-WJJ', '承诺件', 20, '工作日', 10, '工作日', 0, '是']])
    await page.setInputFiles('[data-test="import-file"]', fixed)
    await expect.poll(() => page.locator('[data-test="import-summary"]').innerText(), POLL).toContain('新增 2')
    expect(await page.locator('[data-test="import-errors"]').count()).toBe(0)
    await page.click('[data-test="import-confirm"]')
    await expect.poll(() => page.locator('[data-test="items"]').innerText(), POLL).toContain('放射诊疗许可')
    expect(await count("SELECT count(*)::int AS n FROM items WHERE code LIKE 'WJ-%'")).toBe(2)
    await shot(page, 'admin-items')

    // a changed limit: the preview shows the field with its old and new value; cancelled, nothing changes
    await page.click('[data-test="open-import"]')
    const changed = await writeWorkbook('admin-items-changed.xlsx', [['WJ-001', '医疗机构执业登记', '440204-WJJ', '承诺件', 20, '工作日', 8, '工作日', 0, '是']])
    await page.setInputFiles('[data-test="import-file"]', changed)
    await page.waitForSelector('[data-test="import-changes"] .el-table__row')
    const changes = await page.locator('[data-test="import-changes"] .el-table__row').first().innerText()
    expect(changes.split(/\s+/)).toEqual(['WJ-001', 'promisedLimit', '10', '8'])
    await shot(page, 'admin-import-changes')
    await page.click('.el-dialog__footer >> text=取消')
    expect(await count("SELECT count(*)::int AS n FROM items WHERE code = 'WJ-001' AND promised_limit = 10")).toBe(1)

    // accounts: a new window user of the new department
    await page.click('[data-test="admin-menu"] >> text=用户账号')
    await page.waitForURL(/\/admin\/users$/)
    await page.click('[data-test="new-user"]')
    await page.fill('[data-test="user-form"] input[name=login]', 'wjj.staff')
    await page.fill('[data-test="user-form"] input[name=displayName]', '赵窗口')
    await page.locator('[data-test="user-roles"] .el-checkbox', { hasText: '窗口工作人员' }).click()
    await pick(page, '[data-test="user-department"]', '卫生健康局')
    await page.fill('[data-test="user-form"] input[name=password]', 'Weijian#2026x')
    await page.click('[data-test="user-save"]')
    await expect.poll(() => page.locator('[data-test="users"]').innerText(), POLL).toContain('wjj.staff')
    expect(await count("SELECT count(*)::int AS n FROM users WHERE login = 'wjj.staff' AND department_code = '440204-WJJ' AND roles = ARRAY['department_staff']")).toBe(1)
    await shot(page, 'admin-users')
    // …and locks it (disabled: its sessions end and it cannot sign in)
    await page.click('[data-test="disable-wjj.staff"]')
    await expect.poll(() => count("SELECT count(*)::int AS n FROM users WHERE login = 'wjj.staff' AND NOT active"), POLL).toBe(1)
    const locked = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'wjj.staff', password: 'Weijian#2026x' } })
    expect(locked.statusCode).toBe(401)

    // API keys: rotate the harness's key; the new one is shown once, the old stays valid (grace)
    await page.click('[data-test="admin-menu"] >> text=接口密钥')
    await page.waitForURL(/\/admin\/keys$/)
    const oldId = /^sk_([0-9a-f]{12})\./.exec(h.key)![1]!
    await page.click(`[data-test="rotate-${oldId}"]`)
    await page.click('[data-test="rotate-confirm"]')
    const newKey = (await page.locator('[data-test="issued-secret"]').innerText()).trim()
    expect(newKey).toMatch(/^sk_[0-9a-f]{12}\./)
    expect(await page.locator('[data-test="grace-note"]').innerText()).toContain(oldId)
    await expect.poll(() => page.locator(`[data-test="keys"] [data-state="grace"]`).count(), POLL).toBe(1)
    await page.locator('[data-test="rotate-confirm"]').waitFor({ state: 'hidden' })
    await shot(page, 'admin-keys')
    const ev = (id: string) => [{ eventId: id, kind: 'submitted', occurredAt: new Date().toISOString(), caseNo: `AD-${id}`, departmentCode: DEPTS[0], body: { itemCode: 'WJ-001', applicant: { name: '张三' } } }]
    for (const [key, id] of [[h.key, 'old'], [newKey, 'new']] as const) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key }, payload: ev(id) })
      expect(res.statusCode, `${id} key: ${res.body}`).toBe(202)
    }

    // statistics periods and the indicator scheme: the week starts on Tuesday; the shipped scheme saved as version 1
    await page.click('[data-test="admin-menu"] >> text=统计与考核配置')
    await page.waitForURL(/\/admin\/settings$/)
    await expect.poll(() => page.locator('[data-test="scheme"] textarea').inputValue(), POLL).toContain('{')
    await page.fill('[data-test="period-rules"] .el-input-number input', '2')
    await page.click('[data-test="period-rules"] .el-form-item__label >> text=月度统计截止') // blur: the number is taken
    await page.click('[data-test="period-save"]')
    await expect.poll(() => count("SELECT count(*)::int AS n FROM statistics_period_rules WHERE (rules->>'weekStart')::int = 2"), POLL).toBe(1)
    await page.click('[data-test="scheme-save"]')
    await expect.poll(() => count('SELECT count(*)::int AS n FROM performance_schemes WHERE version = 1'), POLL).toBe(1)
    await shot(page, 'admin-settings')

    // operations: the audit chain holds every change above
    await page.click('[data-test="admin-menu"] >> text=运行状态')
    await page.click('[data-test="audit-verify"]')
    await expect.poll(() => page.locator('[data-test="audit-verdict"]').innerText(), POLL).toContain('哈希链完整')
    expect(await page.locator('[data-test="queues"]').innerText()).toContain('project')
    await shot(page, 'admin-operations')
    const { rows } = await h.db.pool.query<{ action: string }>("SELECT DISTINCT action FROM audit_log WHERE action LIKE 'department.%' OR action LIKE 'item.%' OR action LIKE 'source_key.%' OR action IN ('user.create', 'user.update')")
    expect(rows.map((r) => r.action).sort()).toEqual(['department.create', 'item.create', 'source_key.create', 'source_key.rotate', 'user.create', 'user.update'])
    expect(errors).toEqual([])
    await page.close()
  }, 240_000)

  it('an admin changes an item\'s limit after reading its preview (cases named, old → new deadline), and opens the queue board', async () => {
    await h.db.pool.query(`INSERT INTO items (code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit)
      VALUES ('BR-LIM', '食品经营许可（限时）', $1, 'promised', 20, 'workday', 15, 'workday')`, [DEPTS[0]])
    const now = Date.now()
    const caseNos = ['BRL-001', 'BRL-002', 'BRL-003']
    const events = caseNos.map((caseNo, i) => ({ eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date(now - (3 + i) * 86_400_000).toISOString(), caseNo, departmentCode: DEPTS[0], body: { itemCode: 'BR-LIM', caseType: 'promised', applicant: { name: '陈申请' } } }))
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
    expect(res.statusCode).toBe(202)
    await h.waitProjected() // the workers first, so that nothing projects after the line below
    await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
    const deadlines = async () => (await h.db.pool.query<{ case_no: string; d: string; limit_value: number }>(`SELECT case_no, deadline_date::text AS d, limit_value FROM case_clocks WHERE case_no LIKE 'BRL-%' ORDER BY case_no`)).rows
    const before = await deadlines()
    expect(before.map((r) => r.limit_value)).toEqual([15, 15, 15])

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page, 'ad.admin')
    await page.waitForURL((u) => u.pathname === '/admin')
    await page.goto(`${base}/admin/items`)
    await page.waitForSelector('[data-test="items"] .el-table__row')
    await page.locator('[data-test="items"] .el-table__row', { hasText: 'BR-LIM' }).locator('text=编辑').click()
    const promised = page.locator('.el-dialog .el-form-item', { hasText: '承诺时限' }).locator('.el-input-number input')
    await promised.fill('2')
    await page.locator('.el-dialog .el-form-item__label', { hasText: '事项名称' }).click() // blur: the number is taken
    await page.click('[data-test="item-save"]')
    const preview = page.locator('[data-test="item-limits-preview"]')
    await preview.locator('.t-preview-cases .el-table__row').first().waitFor()
    expect(await preview.locator('.t-sum-moved').innerText()).toBe('3')
    const rows = await preview.locator('.t-preview-cases').innerText()
    for (const r of before) expect(rows).toContain(r.case_no)
    expect(rows).toContain(`${before[0]!.d} →`)
    expect(rows).not.toContain('陈申请')
    await shot(page, 'admin-item-limits-preview')
    // nothing saved yet
    expect((await deadlines()).map((r) => r.limit_value)).toEqual([15, 15, 15])
    await page.fill('[data-test="item-limits-reason"]', '承诺时限压缩')
    await page.click('[data-test="item-limits-save"]')
    await expect.poll(async () => (await deadlines()).map((r) => r.limit_value), POLL).toEqual([2, 2, 2])
    await expect.poll(() => preview.count(), POLL).toBe(0) // the preview closes once the change is saved
    const after = await deadlines()
    for (const r of after) expect(rows).toContain(`→ ${r.d}`)
    await expect.poll(() => page.locator('[data-test="items"] .el-table__row', { hasText: 'BR-LIM' }).innerText(), POLL).toContain('2 工作日')

    // the queue board, linked from 运行状态
    await page.goto(`${base}/admin/operations`)
    expect(await page.locator('[data-test="queue-board"]').getAttribute('href')).toBe('/admin/queues')
    await page.goto(`${base}/admin/queues`)
    await expect.poll(() => page.locator('body').innerText(), POLL).toContain('maintenance')
    expect(await page.locator('body').innerText()).toContain('project')
    await shot(page, 'admin-queue-board')
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('an admin changes an item\'s limit for the cases accepted from a date: both previews side by side, the dated one saved, only its cases move, the catalogue keeps its limit', async () => {
    await h.db.pool.query(`INSERT INTO items (code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit)
      VALUES ('BR-LIM2', '餐饮服务许可（限时）', $1, 'promised', 20, 'workday', 15, 'workday')`, [DEPTS[0]])
    const now = Date.now()
    const caseNos = ['BRD-001', 'BRD-002', 'BRD-003']
    const events = caseNos.map((caseNo, i) => ({ eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date(now - (3 + i) * 86_400_000).toISOString(), caseNo, departmentCode: DEPTS[0], body: { itemCode: 'BR-LIM2', caseType: 'promised', applicant: { name: '陈申请' } } }))
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })).statusCode).toBe(202)
    await h.waitProjected()
    await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
    const clocks = async () => (await h.db.pool.query<{ case_no: string; a: string; d: string; limit_value: number }>(`SELECT case_no, clock_accepted::text AS a, deadline_date::text AS d, limit_value FROM case_clocks WHERE case_no LIKE 'BRD-%' ORDER BY case_no`)).rows
    const before = await clocks()
    expect(before.map((r) => r.limit_value)).toEqual([15, 15, 15])
    const from = before[1]!.a // BRD-001 and BRD-002 were accepted on or after it, BRD-003 the day before

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page, 'ad.admin')
    await page.waitForURL((u) => u.pathname === '/admin')
    await page.goto(`${base}/admin/items`)
    await page.waitForSelector('[data-test="items"] .el-table__row')
    await page.locator('[data-test="items"] .el-table__row', { hasText: 'BR-LIM2' }).locator('text=编辑').click()
    const promised = page.locator('.el-dialog .el-form-item', { hasText: '承诺时限' }).locator('.el-input-number input')
    await promised.fill('2')
    await page.locator('.el-dialog .el-form-item__label', { hasText: '事项名称' }).click()
    await page.click('.t-item-effective-from')
    await page.fill('.t-item-from-date input', from)
    await page.keyboard.press('Enter')
    await page.click('[data-test="item-save"]')
    const preview = page.locator('[data-test="item-limits-preview"]')
    await preview.locator('[data-test="item-limits-side-from"] .t-sum-moved').waitFor()
    const named = (side: string) => preview.locator(`[data-test="${side}"] .t-preview-cases .t-case-no`).allInnerTexts()
    expect((await named('item-limits-side-all')).map((s) => s.trim()).sort()).toEqual(['BRD-001', 'BRD-002', 'BRD-003'])
    const dated = (await named('item-limits-side-from')).map((s) => s.trim()).sort()
    expect(dated).toEqual(['BRD-001', 'BRD-002'])
    expect(await preview.locator('[data-test="item-limits-side-from"] .t-sum-moved').innerText()).toBe('2')
    expect(await preview.innerText()).not.toContain('陈申请')
    await shot(page, 'admin-item-limits-effective-from')
    expect((await clocks()).map((r) => r.limit_value)).toEqual([15, 15, 15])
    // the dated variant is chosen (the date was given); saved = previewed
    await page.fill('[data-test="item-limits-reason"]', '新受理件承诺时限压缩')
    await page.click('[data-test="item-limits-save"]')
    await expect.poll(async () => (await clocks()).map((r) => r.limit_value), POLL).toEqual([2, 2, 15])
    await expect.poll(() => preview.count(), POLL).toBe(0)
    const after = await clocks()
    expect(after[2]!.d).toBe(before[2]!.d)
    // the catalogue keeps its limit: it still governs the cases accepted before the date
    await expect.poll(async () => (await h.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'item.update' AND entity_id = 'BR-LIM2'`)).rows[0].n, POLL).toBe(1)
    expect((await h.db.pool.query(`SELECT promised_limit FROM items WHERE code = 'BR-LIM2'`)).rows[0].promised_limit).toBe(15)
    expect((await h.db.pool.query(`SELECT to_char(accepted_from, 'YYYY-MM-DD') AS f, promised_limit FROM item_limit_versions WHERE item_code = 'BR-LIM2'`)).rows).toEqual([{ f: from, promised_limit: 2 }])
    // the history shows the effective-from
    await page.goto(`${base}/admin/rules`)
    await page.waitForFunction(() => document.querySelector('.t-history-effective')?.textContent?.includes('起受理'))
    expect(await page.textContent('.t-history-effective')).toContain(from)
    expect(await page.textContent('.t-history-change')).toContain('BR-LIM2')
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('a supervisor signing in at /admin is not let in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, 'ad.sup')
    // signed in, then refused by the route guard: back at the sign-in page with reason=forbidden
    // (waiting for the load state alone would not wait: the page reached it before the sign-in)
    await page.waitForURL(/\/login\?.*reason=forbidden/)
    await page.waitForLoadState('networkidle')
    expect(await page.locator('[data-test="admin-menu"]').count()).toBe(0)
    await page.screenshot({ path: `${SCREENSHOTS}/admin-refused.png` })
    const board = await page.goto(`${base}/admin/queues`)
    expect(board?.status()).toBe(403)
    await page.close()
  }, 60_000)
})

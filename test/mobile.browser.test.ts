/**
 * Browser test (Debian's chromium through playwright-core, 390×844 touch) of the leaders' mobile
 * dashboard /m: a district leader and a 分管领导 see different scopes; a deep link opens after
 * sign-in; drill department → case → why (applicant masked); a red card issued during the test
 * arrives live in the open inbox; an instruction given on the phone (after a failed submit that
 * keeps the text) is seen by the supervisor through the console's API; a forward (转办) issues a
 * new supervision order to the chosen department with the chosen deadline (the console's POST
 * /api/v1/orders), seen by the supervisor and by that department; offline shows the stale
 * mark with the data time, and back online it is live again. /m opened signed in shows the
 * server's pre-rendered overview before any script runs, then the app replaces it (same figures,
 * same place) and goes live. Screenshots: test-results/mobile-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { buildDashboard, launchChromium, SCREENSHOTS } from './browser.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, TEST_PASSWORD, type Harness, type TestSession } from './harness.ts'
import { caseLifecycle } from '../domain/events/fixtures.ts'

const [SCJG, ZJJ] = DEPTS
let h: Harness
let browser: Browser
let base: string
const contexts: BrowserContext[] = []
const ids: Record<string, string> = {}

async function phone(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  contexts.push(ctx)
  return ctx.newPage()
}
async function signIn(page: Page, loginName: string, next: string): Promise<void> {
  await page.goto(`${base}${next}`) // a deep link: the guard sends us to the login page and back
  await page.waitForURL((u) => u.pathname === '/login')
  await page.fill('input[name=login]', loginName)
  await page.fill('input[name=password]', TEST_PASSWORD)
  await page.click('#login-form button[type=submit]')
  await page.waitForURL((u) => u.pathname === next.split('?')[0])
}
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SCREENSHOTS, `mobile-${name}.png`) })
}
const figure = (page: Page, key: string) => page.locator(`[data-figure="${key}"] .tile-value`).innerText()

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const dir = await buildDashboard()
  h = await createHarness({ withWorkers: false, dashboardDir: dir, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  await h.startWorkers({ notify: { everyMs: 200, quietHours: { startMinute: 0, endMinute: 0 } } })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  const users = [
    { login: 'mb-district', roles: ['leader'] as const, jurisdictionCode: JURISDICTION, displayName: '陈区长' },
    { login: 'mb-assigned', roles: ['leader'] as const, jurisdictionCode: JURISDICTION, displayName: '刘副区长' },
    { login: 'mb-sup', roles: ['supervisor'] as const, jurisdictionCode: JURISDICTION, displayName: '王监察' },
    { login: 'mb-staff', roles: ['department_staff'] as const, departmentCode: ZJJ, displayName: '李四' },
    { login: 'mb-staff-s', roles: ['department_staff'] as const, departmentCode: SCJG, displayName: '周五' },
  ]
  for (const u of users) {
    const c = await createUser(h.db.pool, { login: u.login, roles: [...u.roles], departmentCode: u.departmentCode ?? null, jurisdictionCode: u.jurisdictionCode ?? null, displayName: u.displayName })
    ids[u.login] = c.id
  }
  await h.db.pool.query('INSERT INTO leader_departments (user_id, department_code) VALUES ($1, $2)', [ids['mb-assigned'], SCJG])
  // three long-overdue open cases (accepted weeks ago: red), one in SCJG and two in ZJJ
  const start = Date.now() - 40 * 86_400_000
  const events = [
    ...caseLifecycle('MB-S1', SCJG, start).slice(0, 2),
    ...caseLifecycle('MB-Z1', ZJJ, start + 1000, { seed: 2 }).slice(0, 2),
    ...caseLifecycle('MB-Z2', ZJJ, start + 2000, { seed: 3 }).slice(0, 2),
  ]
  const key = h.key
  expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key }, payload: events })).statusCode).toBe(202)
  await h.waitProjected(60_000)
  // let the automatic cards' notifications go out before the pages open
  for (let i = 0; i < 150; i++) {
    const n = (await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification_outbox WHERE status IN ('pending', 'sending')`)).rows[0]!.n
    if (n === 0) break
    await new Promise((r) => setTimeout(r, 200))
  }
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await h?.close()
}, 60_000)

describe('leaders on a phone (/m, 390×844)', () => {
  it('a district leader and a 分管领导 see different scopes; the overview fits the screen', async () => {
    const district = await phone()
    await signIn(district, 'mb-district', '/m')
    await district.getByTestId('overview').waitFor()
    // /m's own page (m.html) preloads the first screen's chunks
    expect(await district.locator('link[rel=modulepreload][href*="/assets/MobileLayout-"]').count()).toBe(1)
    expect(await district.getByTestId('scope').innerText()).toBe('全区')
    await expect.poll(() => figure(district, 'open')).toBe('3')
    expect(await figure(district, 'red')).toBe('3')
    expect(await district.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(844)
    await expect.poll(() => district.locator('.fresh').getAttribute('data-state'), { timeout: 15_000 }).toBe('live')
    expect(await district.locator('.fresh').innerText()).toContain('实时')
    await shot(district, '1-district-overview')
    // the English switch
    await district.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => district.locator('.ov-head h2').innerText()).toMatch(/^Today/)
    expect(await district.locator('.fresh').innerText()).toContain('Live')
    await shot(district, '1b-district-overview-en')
    // a tablet (768×1024) shows the same first screen
    const tabletCtx = await browser.newContext({ viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    contexts.push(tabletCtx)
    const tablet = await tabletCtx.newPage()
    await signIn(tablet, 'mb-district', '/m')
    await expect.poll(() => figure(tablet, 'red')).toBe('3')
    await shot(tablet, '1c-tablet-overview')

    const assigned = await phone()
    await signIn(assigned, 'mb-assigned', '/m/departments')
    await assigned.getByTestId('department-item').first().waitFor()
    expect(await assigned.getByTestId('department-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual([SCJG])
    await assigned.goto(`${base}/m`)
    await expect.poll(() => assigned.getByTestId('scope').innerText()).toBe('分管部门（1 个）')
    expect(await figure(assigned, 'open')).toBe('1')
    await shot(assigned, '2-assigned-overview')
  }, 120_000)

  it('/m opened signed in paints the pre-rendered overview before any script; the app replaces it and goes live', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', serviceWorkers: 'block' })
    contexts.push(ctx)
    const session = await login(h.app, 'mb-district')
    const eq = session.cookie.indexOf('=')
    await ctx.addCookies([{ name: session.cookie.slice(0, eq), value: session.cookie.slice(eq + 1), url: base }])
    const page = await ctx.newPage()
    // hold /m's entry script: what shows meanwhile is the server's HTML alone
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    await page.route(/\/assets\/m-[\w-]+\.js$/, async (route) => {
      await held
      await route.continue()
    })
    const res = await page.goto(`${base}/m`, { waitUntil: 'commit' })
    expect(res?.headers()['cache-control']).toBe('private, no-cache')
    const pre = page.locator('#app > [data-prerendered]')
    await pre.waitFor()
    expect(await pre.locator('[data-figure="red"] .tile-value').innerText()).toBe('3')
    expect(await pre.locator('[data-figure="open"] .tile-value').innerText()).toBe('3')
    expect(await page.getByTestId('prerendered-scope').innerText()).toBe('全区')
    // dated, never live before the app's socket is up
    expect(await page.locator('.fresh').getAttribute('data-state')).toBe('loading')
    expect(await page.locator('.fresh').innerText()).toMatch(/^数据时间 \d{2}:\d{2}$/)
    // drawn by the page's stylesheets: the tiles are a 3-column grid, the red tile's top border red
    expect(await pre.locator('[data-figure="red"]').evaluate((e) => getComputedStyle(e).borderTopColor)).toBe('rgb(212, 35, 43)')
    const boxBefore = await pre.locator('[data-figure="red"]').boundingBox()
    expect(await page.getByTestId('overview').count()).toBe(0)
    await shot(page, '0-prerendered')
    release()
    // the app mounts over it: the same figures in the same place, then live
    await page.getByTestId('overview').waitFor()
    expect(await page.locator('[data-prerendered]').count()).toBe(0)
    expect(await figure(page, 'red')).toBe('3')
    expect(await page.getByTestId('scope').innerText()).toBe('全区')
    // the chunks found their stylesheets in the page (linked once, after the content): none fetched again
    expect(await page.locator('link[rel=stylesheet][href*="/assets/MobileLayout-"]').count()).toBe(1)
    const boxAfter = await page.locator('[data-figure="red"]').boundingBox()
    expect(boxAfter).toEqual(boxBefore)
    await expect.poll(() => page.locator('.fresh').getAttribute('data-state'), { timeout: 15_000 }).toBe('live')
    expect(await page.locator('.fresh').innerText()).toContain('实时')
  }, 120_000)

  it('drills department → case → why, from a deep link opened before sign-in', async () => {
    const page = await phone()
    await signIn(page, 'mb-district', `/m/departments/${ZJJ}`)
    await page.getByTestId('department-head').getByText('住建局').waitFor()
    expect(await page.getByTestId('case-item').count()).toBe(2)
    await shot(page, '3-department')
    await page.getByTestId('case-item').first().click()
    await page.waitForURL(/\/m\/cases\/MB-Z/)
    await page.getByTestId('case-why').waitFor()
    const applicant = await page.getByTestId('applicant').innerText()
    expect(applicant).toContain('*') // masked as for the console
    expect(await page.getByTestId('case-why').innerText()).toContain('红牌')
    expect(await page.locator('.day').count()).toBeGreaterThan(0)
    await shot(page, '4-case-why')
    await page.goBack()
    await page.waitForURL((u) => u.pathname === `/m/departments/${ZJJ}`)
  }, 120_000)

  it('a red card issued now arrives live in the open inbox', async () => {
    const page = await phone()
    // the inbox is read after the first paint: count what it listed once it has, not at a fixed time
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/notifications?') && r.request().method() === 'GET' && r.status() === 200)
    await signIn(page, 'mb-district', '/m/inbox')
    const before = ((await (await listed).json()) as { items: unknown[] }).items.length
    await expect.poll(() => page.locator('.fresh').getAttribute('data-state'), { timeout: 15_000 }).toBe('live')
    await expect.poll(() => page.getByTestId('inbox-item').count()).toBe(before)
    const sup = await login(h.app, 'mb-sup')
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: 'MB-Z1', color: 'red', reason: '群众反映久拖不办，人工出具红牌' } })
    expect(res.statusCode).toBe(201)
    await expect.poll(() => page.getByTestId('inbox-item').count(), { timeout: 15_000 }).toBe(before + 1)
    expect(await page.getByTestId('inbox-item').first().innerText()).toContain('MB-Z1')
    await shot(page, '5-inbox-live-red-card')
  }, 120_000)

  it('gives an instruction on the phone (a failed submit keeps the text); the supervisor sees it', async () => {
    const sup = await login(h.app, 'mb-sup')
    const staff = await login(h.app, 'mb-staff')
    const post = (url: string, s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as Record<string, unknown> })
    const order = (await post('/api/v1/orders', sup, { departmentCode: ZJJ, responsibleUserId: ids['mb-staff'], opinion: '两件超期办件限期办结', dueInWorkingDays: 3, caseNo: 'MB-Z2' })).json<{ id: string }>()
    expect((await post(`/api/v1/orders/${order.id}/appeal`, staff, { body: '系申请人补正材料迟延所致' })).statusCode).toBe(201)

    const page = await phone()
    await signIn(page, 'mb-district', '/m/awaiting')
    await page.getByTestId('awaiting-item').first().click()
    await page.waitForURL(/\/m\/awaiting\/\d+$/)
    await page.getByTestId('instruction-form').waitFor()
    await page.getByText('退回', { exact: true }).click()
    await page.fill('textarea[name=text]', '情况说明不充分，请补充补正通知书')
    // the first submit fails (network): the text stays
    await page.route('**/api/v1/orders/*/instruction', (r) => r.abort('internetdisconnected'))
    await page.click('button[type=submit]')
    await page.getByTestId('instruction-problem').waitFor()
    expect(await page.inputValue('textarea[name=text]')).toBe('情况说明不充分，请补充补正通知书')
    await shot(page, '6-instruction-failed-keeps-text')
    await page.unroute('**/api/v1/orders/*/instruction')
    await page.click('button[type=submit]')
    await page.waitForURL((u) => u.pathname === '/m/awaiting')

    const detail = (await h.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: sup.headers })).json<{ state: string; steps?: { kind: string; body: string; actorName: string }[] }>()
    expect(detail.state).toBe('instructed')
    expect(JSON.stringify(detail)).toContain('【退回】情况说明不充分，请补充补正通知书')
    expect(JSON.stringify(detail)).toContain('陈区长')
  }, 120_000)

  it('forwards (转办) an appeal: a new order to the chosen department within the chosen working days, seen by the supervisor and that department', async () => {
    const sup = await login(h.app, 'mb-sup')
    const staffS = await login(h.app, 'mb-staff-s')
    const staffZ = await login(h.app, 'mb-staff')
    const post = (url: string, s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as Record<string, unknown> })
    const order = (await post('/api/v1/orders', sup, { departmentCode: SCJG, responsibleUserId: ids['mb-staff-s'], opinion: '超期办件限期办结', dueInWorkingDays: 3, caseNo: 'MB-S1' })).json<{ id: string; orderNo: string }>()
    expect((await post(`/api/v1/orders/${order.id}/appeal`, staffS, { body: '该件需住建局出具意见，非本局原因' })).statusCode).toBe(201)

    const page = await phone()
    await signIn(page, 'mb-district', '/m/awaiting')
    await page.getByTestId('awaiting-item').filter({ hasText: order.orderNo }).click()
    await page.getByTestId('instruction-form').waitFor()
    await page.getByText('转办', { exact: true }).click()
    await page.selectOption('select[name=department]', ZJJ)
    // the department's members load; the first (heads first) is proposed
    await expect.poll(() => page.inputValue('select[name=responsible]')).toBe(ids['mb-staff'])
    await page.fill('input[name=days]', '4')
    await page.fill('textarea[name=text]', '请住建局牵头办理')
    await shot(page, '6b-instruction-forward')
    await page.click('button[type=submit]')
    await page.waitForURL((u) => u.pathname === '/m/awaiting')

    // the supervisor: the appeal instructed, naming the new order; the new order to 住建局, 4 working days, issued by the leader
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/orders?departmentCode=${ZJJ}&state=issued`, headers: sup.headers })).json<{ items: { id: string; orderNo: string; departmentCode: string; dueWorkingDays: number; createdByName: string; opinion: string; caseNo: string | null }[] }>()
    const forwarded = list.items.find((o) => o.opinion.includes(order.orderNo))
    expect(forwarded).toMatchObject({ departmentCode: ZJJ, dueWorkingDays: 4, createdByName: '陈区长', caseNo: 'MB-S1' })
    expect(forwarded!.opinion).toContain('请住建局牵头办理')
    const detail = (await h.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: sup.headers })).json<{ state: string }>()
    expect(detail.state).toBe('instructed')
    expect(JSON.stringify(detail)).toContain(`【转办】住建局，限 4 个工作日内办理（督办单 ${forwarded!.orderNo}）。请住建局牵头办理`)
    const issued = (await h.app.inject({ method: 'GET', url: `/api/v1/orders/${forwarded!.id}`, headers: sup.headers })).json<{ steps: { kind: string; actorName: string; actorRole: string }[] }>()
    expect(issued.steps[0]).toMatchObject({ kind: 'issued', actorName: '陈区长', actorRole: 'leader' })
    // the department sees it (its own scope), and the responsible person is told
    const dept = (await h.app.inject({ method: 'GET', url: '/api/v1/orders', headers: staffZ.headers })).json<{ items: { id: string }[] }>()
    expect(dept.items.map((o) => o.id)).toContain(forwarded!.id)
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/orders/${forwarded!.id}`, headers: staffS.headers })).statusCode).toBe(404)
    await expect.poll(async () => (await h.db.pool.query(`SELECT count(*)::int AS n FROM notification_outbox WHERE user_id = $1 AND event = 'order.issued'`, [ids['mb-staff']])).rows[0].n, { timeout: 15_000 }).toBeGreaterThan(0)
  }, 120_000)

  it('offline: the stale mark with the last data time; back online: live', async () => {
    const page = await phone()
    await signIn(page, 'mb-district', '/m')
    await expect.poll(() => page.locator('.fresh').getAttribute('data-state'), { timeout: 15_000 }).toBe('live')
    // installable: the manifest, and the service worker controlling /m
    const manifest = await page.evaluate(async () => (await fetch('/m/manifest.webmanifest')).json())
    expect(manifest).toMatchObject({ name: '浈江区电子监察', start_url: '/m', display: 'standalone' })
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)
    expect(new URL(scope).pathname).toBe('/m')
    await page.context().setOffline(true)
    await expect.poll(() => page.locator('.fresh').getAttribute('data-state')).toBe('offline')
    const text = await page.locator('.fresh').innerText()
    expect(text).toMatch(/离线 · 数据时间 \d{2}:\d{2}/)
    expect(await figure(page, 'open')).toBe('3') // the last data stays on screen
    await shot(page, '7-offline')
    await page.context().setOffline(false)
    await expect.poll(() => page.locator('.fresh').getAttribute('data-state'), { timeout: 30_000 }).toBe('live')
    await shot(page, '8-back-online')
    // the settings page says which channels work here
    await page.goto(`${base}/m/settings`)
    await expect.poll(() => page.locator('[data-channel="inapp"]').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true')
    await expect.poll(() => page.locator('[data-channel="push"]').getAttribute('data-state')).toMatch(/^(off|unsupported|denied)$/)
    await shot(page, '9-settings')
  }, 120_000)
})

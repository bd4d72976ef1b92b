/**
 * Department staff answer a citizen's complaint in a real browser (playwright-core + Debian's
 * chromium): a complaint with an image is filed on the public site; a member of the handling
 * department signs in to the approval module, finds it among the department's petitions, opens it,
 * sees its text (the citizen masked) and the image inline (the view audited), answers it; the
 * citizen then reads the answer with the tracking code on the public site. Screenshots in test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { createHarness, createUser, TEST_PASSWORD, type Harness } from './harness.ts'
import { buildDashboard, launchChromium } from './browser.ts'
import { PNG_1X1 } from '../domain/public/imageFixtures.ts'
import { COMPLAINANT, SCJG, solvedChallenge } from '../server/test/public-fixtures.ts'

const SHOTS = 'test-results'
let h: Harness
let browser: Browser
let base: string
let staffId = ''
let petitionNo = ''
let trackingCode = ''
const TEXT = `窗口工作人员要求提供清单以外的证明材料，照片见附件。我的电话 ${COMPLAINANT.phone}。`

beforeAll(async () => {
  const dash = await buildDashboard()
  h = await createHarness({ dashboardDir: dash, security: { cookieSecure: false, rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  staffId = (await createUser(h.db.pool, { login: 'pet.staff', displayName: '陈窗口', roles: ['department_staff'], departmentCode: SCJG })).id
  const filed = await h.app.inject({
    method: 'POST',
    url: '/api/v1/public/complaints',
    payload: {
      kind: 'complaint',
      departmentCode: SCJG,
      text: TEXT,
      contactName: COMPLAINANT.name,
      contactPhone: COMPLAINANT.phone,
      altcha: await solvedChallenge(h.app),
      attachments: [{ contentType: 'image/png', data: Buffer.from(PNG_1X1).toString('base64') }],
    },
  })
  if (filed.statusCode !== 201) throw new Error(`filing: ${filed.statusCode} ${filed.body}`)
  trackingCode = filed.json<{ trackingCode: string }>().trackingCode
  petitionNo = (await h.db.pool.query<{ petition_no: string }>('SELECT petition_no FROM public_complaints')).rows[0]!.petition_no
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

describe("/window/petitions: the department's petitions in the browser", () => {
  it('signs in, opens the complaint with its image, answers it; the citizen reads the answer by tracking code', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const errors: string[] = []
    const bodies: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('response', async (r) => {
      if (r.url().includes('/api/v1/window/petitions')) bodies.push(await r.text().catch(() => ''))
    })

    await page.goto(`${base}/window`)
    await page.waitForURL(/\/login\?next=/)
    await page.fill('input[name=login]', 'pet.staff')
    await page.fill('input[name=password]', TEST_PASSWORD)
    await page.press('input[name=password]', 'Enter')
    await page.waitForURL(`${base}/window`)

    // the menu leads to the department's petitions
    await page.getByRole('menuitem', { name: '信访投诉' }).click()
    await page.waitForURL(`${base}/window/petitions`)
    const row = page.locator('.el-table__row', { hasText: petitionNo })
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    expect(await row.innerText()).toContain('1 张图片')
    expect(await row.locator('.t-petition-row-status').innerText()).toBe('待办理')
    await page.screenshot({ path: `${SHOTS}/window-petitions.png` })

    // one petition: its text (phone masked), the citizen masked, the image inline
    await page.click(`[data-test="window-petition-${petitionNo}"]`)
    await page.waitForURL(`${base}/window/petitions/${petitionNo}`)
    await expect.poll(() => page.locator('.t-petition-text').innerText().catch(() => '')).toContain('清单以外的证明材料')
    expect(await page.locator('.t-petition-text').innerText()).toContain('137****2222')
    expect(await page.locator('.t-petition-citizen').innerText()).toBe('上**娟 137****2222')
    const images = page.locator('.t-petition-attachments img')
    await expect.poll(() => images.count()).toBe(1)
    await expect.poll(() => images.first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBe(1)
    // the view was audited, as the department's member
    await expect
      .poll(async () => (await h.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'pii.view' AND entity_id = $1 AND actor ->> 'id' = $2`, [petitionNo, staffId])).rows[0]!.n)
      .toBe('1')

    // the form says what is missing, then the answer is sent
    await page.click('.t-answer-submit')
    await expect.poll(() => page.locator('.el-form-item__error').allInnerTexts()).toEqual(['请填写答复意见'])
    const answer = '您好：经核查，窗口已按公示清单收取材料，多收的证明材料已当场退还，并对工作人员进行了批评教育。'
    await page.locator('.t-answer-text textarea').fill(answer)
    await page.click('.t-answer-submit')
    await expect.poll(() => page.locator('.t-petition-answer').innerText().catch(() => '')).toBe(answer)
    expect(await page.locator('.t-petition-status').innerText()).toBe('已答复')
    expect(await page.locator('.t-answer-form').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/window-petition-answered.png`, fullPage: true })

    // stored as one event of the window, audited
    const evs = (await h.db.pool.query<{ kind: string; source: string }>('SELECT kind, source FROM events WHERE petition_no = $1 ORDER BY seq', [petitionNo])).rows
    expect(evs).toEqual([{ kind: 'petition.received', source: 'public-site' }, { kind: 'petition.replied', source: 'window' }])
    expect((await h.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'petition.window.replied' AND entity_id = $1`, [petitionNo])).rowCount).toBe(1)
    // nothing the page read carried the citizen in clear
    const all = bodies.join('\n')
    expect(bodies.length).toBeGreaterThan(1)
    expect(all).not.toContain(COMPLAINANT.name)
    expect(all).not.toContain(COMPLAINANT.phone)
    expect(errors).toEqual([])
    await page.close()

    // the citizen follows the complaint with the tracking code
    await h.waitProjected()
    const citizen = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    await citizen.goto(`${base}/public/track`)
    await citizen.fill('#t-code', trackingCode)
    await citizen.click('.t-track-submit')
    await expect.poll(() => citizen.locator('.t-track-status').innerText().catch(() => '')).toBe('已答复')
    expect(await citizen.locator('.t-track-answer').innerText()).toBe(answer)
    await citizen.screenshot({ path: `${SHOTS}/window-petition-citizen.png`, fullPage: true })
    await citizen.close()
  }, 180_000)
})

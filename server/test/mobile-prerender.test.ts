/**
 * /m pre-rendered by the server (server/mobile/page.ts, prerender.ts) against the real PostgreSQL:
 * a signed-in leader's /m carries exactly the figures GET /api/v1/mobile/overview answers that
 * leader — a 分管领导 (leader_departments) only the departments in charge, never another
 * department's numbers — with no personal data, dated and never "live"; anyone else gets the
 * page as built; a build without the slot is sent unchanged.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MOBILE_PRERENDER_SLOT, type MobileOverview } from '../../domain/contracts/api/mobile.ts'
import { zh } from '../../dashboard/src/features/mobile/messages.ts'
import { MOBILE_PRERENDER_TEXT, mobileHomePage } from '../mobile/prerender.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from '../../test/businessDay.ts'
import { ID_NUMBER, MOBILE_NUMBER, withoutHexTokens } from '../../test/personalData.ts'

const [SCJG, ZJJ] = DEPTS
const APPLICANT = { name: '王小明', idNumber: '440204198802023456', phone: '13900001234' }
const HOUR = 3_600_000
let h: Harness
const s: Record<string, TestSession> = {}

const page = (head: string) => `<!doctype html><html lang="zh-CN"><head><title>m</title>${head}</head><body>`
const M_HTML = `${page('')}<div id="app"></div></body></html>`
const M_HOME = `${page('<link rel="preload" href="/api/v1/mobile/overview" as="fetch" crossorigin>')}${MOBILE_PRERENDER_SLOT}</body></html>`

async function addCase(no: string, dept: string, level: string, opts: { submittedAgoH: number; concludedAgoH?: number }) {
  const sub = new Date(Date.now() - opts.submittedAgoH * HOUR)
  const concluded = opts.concludedAgoH === undefined ? null : new Date(Date.now() - opts.concludedAgoH * HOUR)
  const status = concluded ? 'concluded' : 'accepted'
  await h.db.pool.query(
    `INSERT INTO cases (case_no, department_code, status, applicant, submitted_at, accepted_at, concluded_at, state, event_count, last_occurred_at)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 2, $5)`,
    [no, dept, status, APPLICANT, sub, concluded, { caseNo: no, departmentCode: dept, applicant: APPLICANT, status, stages: [] }],
  )
  await h.db.pool.query(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) VALUES ($1, $2, $3, $4)`, [no, dept, level, level === 'normal' ? '2099-01-01' : '2020-01-01'])
}

const get = (url: string, who?: string) => h.app.inject({ method: 'GET', url, headers: who ? s[who]!.headers : {} })
/** The answer the page carries for the app (its JSON block) and a tile's figure as drawn. */
const seedOf = (html: string) => JSON.parse(/<script type="application\/json" data-prerendered-data>(.*?)<\/script>/s.exec(html)![1]!) as { url: string; at: number; body: MobileOverview }
const tile = (html: string, key: string) => new RegExp(`data-figure="${key}"><span class="tile-label">[^<]*</span><strong class="tile-value">([^<]*)</strong>`).exec(html)?.[1]
const withoutTime = ({ asOf: _a, ...rest }: MobileOverview) => rest

// the file seeds today's cases and counts them in several tests: it runs inside one business day
// (its span 180 s; today's cases are seeded up to 6 minutes back)
const DAY_SPAN_MS = 180_000
const DAY_SETTLE_MS = 420_000
beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS, DAY_SETTLE_MS)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'm-prerender-'))
  writeFileSync(path.join(dir, 'index.html'), `${page('')}<div id="app"></div></body></html>`)
  writeFileSync(path.join(dir, 'm.html'), M_HTML)
  writeFileSync(path.join(dir, 'm-home.html'), M_HOME)
  h = await createHarness({ withWorkers: false, dashboardDir: dir, security: { rateLimit: { enabled: false } } })
  const users = {
    district: await createUser(h.db.pool, { login: 'mp.district', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '陈区长' }),
    assigned: await createUser(h.db.pool, { login: 'mp.assigned', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '刘副区长' }),
    staff: await createUser(h.db.pool, { login: 'mp.staff', roles: ['department_staff'], departmentCode: SCJG }),
  }
  await h.db.pool.query('INSERT INTO leader_departments (user_id, department_code) VALUES ($1, $2)', [users.assigned.id, SCJG])
  for (const [k, u] of Object.entries(users)) s[k] = await openSession(h.db.pool, u)
  // SCJG: 1 red, 1 normal, 1 concluded today; ZJJ: 1 yellow, 2 red
  await addCase('MP-A1', SCJG, 'normal', { submittedAgoH: 0.1 })
  await addCase('MP-A2', SCJG, 'red', { submittedAgoH: 24 * 20 })
  await addCase('MP-A3', SCJG, 'normal', { submittedAgoH: 24 * 10, concludedAgoH: 0.05 })
  await addCase('MP-B1', ZJJ, 'yellow', { submittedAgoH: 24 * 20 })
  await addCase('MP-B2', ZJJ, 'red', { submittedAgoH: 24 * 30 })
  await addCase('MP-B3', ZJJ, 'red', { submittedAgoH: 24 * 30 })
}, 120_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS, DAY_SETTLE_MS))
afterAll(async () => {
  await h?.close()
})

describe('/m pre-rendered for a signed-in leader', () => {
  it("a district leader's /m holds the whole jurisdiction's figures, exactly the API's, dated and not live", async () => {
    const res = await get('/m', 'district')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.headers['cache-control']).toBe('private, no-cache')
    expect(String(res.headers.vary)).toMatch(/cookie/i)
    const html = res.body
    expect(html).toContain('<div id="app"><div class="m-root" data-prerendered>')
    const api = (await get('/api/v1/mobile/overview', 'district')).json<MobileOverview>()
    const seed = seedOf(html)
    expect(seed.url).toBe('/api/v1/mobile/overview')
    expect(withoutTime(seed.body)).toEqual(withoutTime(api))
    expect(seed.at).toBe(Date.parse(seed.body.asOf))
    expect([tile(html, 'open'), tile(html, 'red'), tile(html, 'yellow'), tile(html, 'concluded')]).toEqual(['5', '3', '1', '1'])
    expect(html).toContain('<span class="m-muted" data-testid="prerendered-scope">全区</span>')
    // the freshness mark carries the data's time and is not live (the app's socket makes it live)
    const fresh = /data-testid="prerendered-fresh">(.*?)<\/span><\/header>/.exec(html)![1]!
    expect(fresh).toMatch(/数据时间 \d\d:\d\d$/)
    expect(html).not.toContain('实时')
    expect(html).toContain('data-state="loading"')
    // the page as built around it: its preload kept, the slot filled
    expect(html).toContain('<link rel="preload" href="/api/v1/mobile/overview"')
    expect(html).not.toContain('data-prerender="m-overview"')
  })

  it("a 分管领导's /m holds only the departments in charge: no other department's numbers", async () => {
    const html = (await get('/m', 'assigned')).body
    const api = (await get('/api/v1/mobile/overview', 'assigned')).json<MobileOverview>()
    expect(withoutTime(seedOf(html).body)).toEqual(withoutTime(api))
    expect(api.scope).toBe('assigned')
    // SCJG only: 2 open (1 red), not ZJJ's yellow and two reds
    expect([tile(html, 'open'), tile(html, 'red'), tile(html, 'yellow')]).toEqual(['2', '1', '0'])
    expect(html).toContain('分管部门（1 个）')
  })

  it('carries no personal data', async () => {
    for (const who of ['district', 'assigned']) {
      const html = (await get('/m', who)).body
      for (const v of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, '陈区长', '刘副区长']) expect(html).not.toContain(v)
      // no ID number or mobile number (the seed's time in ms is 13 digits: not one)
      for (const pattern of [ID_NUMBER, MOBILE_NUMBER]) expect(withoutHexTokens(html)).not.toMatch(pattern)
    }
  })

  it('the anonymous and department staff get /m as built, without figures; /m/* is m.html', async () => {
    for (const who of [undefined, 'staff']) {
      const res = await get('/m', who)
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe(M_HTML)
    }
    expect((await get('/m/cards', 'district')).body).toBe(M_HTML)
  })
})

describe('mobileHomePage', () => {
  const o: MobileOverview = {
    asOf: '2026-12-07T02:37:00.000Z', localDate: '2026-12-07', scope: 'jurisdiction', departments: 3,
    received: { value: 4, change: 2 }, accepted: { value: 3, change: -1 }, concluded: { value: 2, change: 0 },
    open: { value: 9, change: 1 }, warning: { value: 1, change: 0 }, yellow: { value: 2, change: 0 }, red: { value: 3, change: 1 },
    onTimeRate: { value: 0.9375, change: 0.0125, concluded: 16 }, petitionsOpen: { value: 5, change: 0 }, petitionsOverdue: { value: 1, change: 1 },
    awaitingInstruction: 2,
  }
  it('draws the figures as the app does, with the time in the jurisdiction zone', () => {
    const html = mobileHomePage(M_HOME, o, { url: '/api/v1/mobile/overview', zone: 'Asia/Shanghai' })
    expect(tile(html, 'received')).toBe('4')
    expect(html).toContain('较昨日 +2')
    expect(html).toContain('较昨日 −1')
    expect(html).toContain('较昨日 ±0')
    expect(html).toContain('<strong class="tile-value">93.8%</strong><span class="tile-change">较昨日 +1.3%</span>')
    expect(html).toContain('数据时间 10:37')
    expect(html).toContain('待我批示 2 件')
  })
  it('sends a page without the slot (a build whose app does not take over) unchanged', () => {
    expect(mobileHomePage(M_HTML, o, { url: '/x', zone: 'Asia/Shanghai' })).toBe(M_HTML)
  })
  it('keeps its JSON block closed whatever the data holds', () => {
    const html = mobileHomePage(M_HOME, { ...o, localDate: '</script><script>alert(1)</script>' }, { url: '/x', zone: 'Asia/Shanghai' })
    expect(html.match(/<\/script>/g)).toHaveLength(1)
    expect(html).toContain('&lt;/script&gt;')
  })
  it("uses the app's own Chinese texts", () => {
    const { title, tabs, scope, overview } = zh
    expect(MOBILE_PRERENDER_TEXT.title).toBe(title)
    expect(MOBILE_PRERENDER_TEXT.tabs).toEqual(tabs)
    expect(MOBILE_PRERENDER_TEXT.scope).toEqual(scope)
    expect(MOBILE_PRERENDER_TEXT.dataTime).toBe(zh.fresh.dataTime)
    for (const [k, v] of Object.entries(MOBILE_PRERENDER_TEXT.overview)) expect(v).toBe((overview as Record<string, string>)[k])
  })
})

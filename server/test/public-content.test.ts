/**
 * The public site's content against the real PostgreSQL and Redis, workers projecting: the
 * supervision office writes announcements as drafts, publishes and edits them (audited), and they
 * leave the site at their expiry; it publishes chosen answers with personal data removed; the
 * site shows them with the hot letters and the satisfaction rankings of the week and month; the
 * site search finds items, announcements and answers in Chinese; the guide item, announcement and
 * letter pages are HTML before any JavaScript, escaped. Every answer is crawled for personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { GUIDE_ITEMS, SCJG, SEEDED_PEOPLE, seedGuideItems, ZJJ } from './public-fixtures.ts'
import { ID_NUMBER, MOBILE_NUMBER, withoutHexTokens } from '../../test/personalData.ts'

let h: Harness
let supervisor: TestSession
let admin: TestSession
const bodies: string[] = []
const CITIZEN = SEEDED_PEOPLE[1]
const HANDLER = '王建设'

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedGuideItems(h.db.pool)
  supervisor = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'content.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
  admin = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'content.admin', roles: ['admin'] }))
  // petitions: one answered with the citizen's data in the text, four rated (three for SCJG)
  const now = Date.now()
  const at = (ms: number) => new Date(now - ms).toISOString()
  const events: Record<string, unknown>[] = []
  const petition = (no: string, dept: string, rating: number | null, reply: string, subject: string) => {
    events.push(
      { eventId: `${no}-r`, kind: 'petition.received', occurredAt: at(3_600_000), petitionNo: no, departmentCode: dept, body: { petitionKind: 'complaint', channel: '12345', subject, citizen: { ...CITIZEN } } },
      { eventId: `${no}-p`, kind: 'petition.replied', occurredAt: at(1_800_000), petitionNo: no, departmentCode: dept, body: { handler: HANDLER, reply } },
    )
    if (rating !== null) events.push({ eventId: `${no}-x`, kind: 'petition.rated', occurredAt: at(600_000), petitionNo: no, departmentCode: dept, body: { rating } })
  }
  petition('PC-1', SCJG, 5, `${CITIZEN.name}（电话 ${CITIZEN.phone}，身份证 ${CITIZEN.idNumber}）反映的排水许可窗口推诿问题已核实，经办人${HANDLER}已整改。`, `${CITIZEN.name}反映排水许可办理推诿`)
  petition('PC-2', SCJG, 4, '已答复。', '咨询营业执照')
  petition('PC-3', SCJG, 2, '已答复。', '咨询社保')
  petition('PC-4', ZJJ, 5, '已答复。', '咨询施工许可')
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  if (res.statusCode !== 202) throw new Error(res.body)
  await h.waitProjected()
}, 60_000)

afterAll(async () => {
  await h?.close()
})

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, opts: { session?: TestSession; payload?: Record<string, unknown> } = {}) {
  const res = await h.app.inject({ method, url, headers: opts.session?.headers ?? {}, ...(opts.payload ? { payload: opts.payload } : {}) })
  if (!opts.session) bodies.push(res.body) // what anyone can read (staff answers show staff what they wrote)
  return res
}

let noticeId = ''
let answerId = ''

describe('announcements administration (公开内容)', () => {
  it('a draft stays off the site until published; edits are audited; an expired one leaves by itself', async () => {
    const created = await call('POST', '/api/v1/announcements', { session: admin, payload: { column: 'law', title: '<script>alert(1)</script>排水许可办理指引', body: '第一段。\n\n第二段：咨询电话 13900001111。', draft: true } })
    expect(created.statusCode, created.body).toBe(201)
    noticeId = created.json().id
    expect((await call('GET', '/api/v1/public/announcements')).json().items).toEqual([])
    expect((await call('GET', `/api/v1/public/announcements/${noticeId}`)).statusCode).toBe(404)

    const published = await call('PATCH', `/api/v1/announcements/${noticeId}`, { session: supervisor, payload: { draft: false } })
    expect(published.json()).toMatchObject({ draft: false, state: 'live' })
    const one = (await call('GET', `/api/v1/public/announcements/${noticeId}`)).json()
    expect(one.body).not.toContain('13900001111')

    const expiring = (await call('POST', '/api/v1/announcements', { session: supervisor, payload: { column: 'news', title: '已过期的动态', body: '正文', publishedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() } })).json().id
    expect((await call('GET', '/api/v1/public/announcements?column=news')).json().items.map((a: { id: string }) => a.id)).toEqual([expiring])
    const expired = await call('PATCH', `/api/v1/announcements/${expiring}`, { session: admin, payload: { expiresAt: new Date(Date.now() - 86_400_000).toISOString() } })
    expect(expired.json()).toMatchObject({ state: 'expired' })
    expect((await call('GET', '/api/v1/public/announcements?column=news')).json().items).toEqual([])

    const bad = await call('PATCH', `/api/v1/announcements/${noticeId}`, { session: admin, payload: { expiresAt: '2000-01-01T00:00:00Z' } })
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((await call('PATCH', `/api/v1/announcements/${noticeId}`, { session: admin, payload: {} })).statusCode).toBe(400)
    expect((await call('PATCH', '/api/v1/announcements/999999', { session: admin, payload: { draft: true } })).statusCode).toBe(404)

    const list = (await call('GET', '/api/v1/announcements', { session: supervisor })).json().items
    expect(list.map((a: { state: string }) => a.state).sort()).toEqual(['expired', 'live'])
    const audit = await h.db.pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'announcement' ORDER BY seq`)
    expect(audit.rows.map((r) => r.action)).toEqual(['announcement.publish', 'announcement.publish', 'announcement.publish', 'announcement.edit'])
  })
})

describe('publication of answers (答复公开)', () => {
  it('the supervisor sees the texts as they would be published, publishes one, the site shows it without personal data', async () => {
    const res = await call('GET', '/api/v1/answers?published=false', { session: supervisor })
    for (const text of [CITIZEN.name, CITIZEN.phone, CITIZEN.idNumber, HANDLER]) expect(res.body).not.toContain(text)
    const candidates = res.json().items
    expect(candidates).toHaveLength(4)
    const c = candidates.find((x: { petitionNo: string }) => x.petitionNo === 'PC-1')
    expect(c.answer).toContain('已整改')
    const published = await call('POST', '/api/v1/answers/PC-1/publication', { session: supervisor, payload: { published: true } })
    expect(published.statusCode, published.body).toBe(200)
    answerId = published.json().publishedId
    expect((await call('POST', '/api/v1/answers/NOPE/publication', { session: admin, payload: { published: true } })).statusCode).toBe(404)

    const list = (await call('GET', '/api/v1/public/answers')).json()
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([answerId])
    const one = (await call('GET', `/api/v1/public/answers/${answerId}`)).json()
    expect(one).toMatchObject({ departmentName: '市场监管局', kind: 'complaint', readCount: 1 })
    expect(one.answer).toContain('排水许可窗口推诿问题已核实')
    await call('GET', `/api/v1/public/answers/${answerId}`)
    const hot = (await call('GET', '/api/v1/public/answers')).json()
    expect(hot.hotWeek).toEqual([expect.objectContaining({ id: answerId, reads: 2 })])
    expect(hot.hotMonth).toEqual([expect.objectContaining({ id: answerId, reads: 2 })])
    const audit = await h.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'answer.publish' AND entity_id = 'PC-1'`)
    expect(audit.rowCount).toBe(1)
  })

  it("ranks departments by the citizens' ratings of the week and month; under three ratings listed apart", async () => {
    const s = (await call('GET', '/api/v1/public/satisfaction')).json()
    expect(s.minRatings).toBe(3)
    expect(s.week.ranked).toEqual([expect.objectContaining({ departmentCode: SCJG, rank: 1, ratings: 3, average: 3.67, satisfied: 0.667 })])
    expect(s.week.insufficient).toEqual([expect.objectContaining({ departmentCode: ZJJ, rank: null, ratings: 1 })])
    expect(s.month.ranked).toHaveLength(1)
  })
})

describe('site search (站内搜索)', () => {
  it('finds guide items, announcements and published answers by Chinese words; every term must occur', async () => {
    const r = (await call('GET', `/api/v1/public/search?q=${encodeURIComponent('排水许可')}`)).json()
    expect(r.hits.map((x: { kind: string; id: string }) => `${x.kind}:${x.id}`).sort()).toEqual([`announcement:${noticeId}`, `answer:${answerId}`])
    const food = (await call('GET', `/api/v1/public/search?q=${encodeURIComponent('营业执照 食品')}`)).json()
    expect(food.hits.map((x: { id: string }) => x.id)).toEqual([GUIDE_ITEMS.food.code])
    expect(food.hits[0].excerpt).toContain('食品')
    expect((await call('GET', `/api/v1/public/search?q=${encodeURIComponent('推诿')}&kind=item`)).json().hits).toEqual([])
    expect((await call('GET', `/api/v1/public/search?q=${encodeURIComponent('100%_')}`)).json().hits).toEqual([])
    expect((await call('GET', `/api/v1/public/search?q=${encodeURIComponent('，')}`)).json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((await call('GET', '/api/v1/public/search')).statusCode).toBe(400)
  })
})

describe('pages readable without JavaScript', () => {
  it('serves the guide item, the announcement and the letter as escaped HTML; missing ones 404', async () => {
    const item = await call('GET', `/public/guide/${GUIDE_ITEMS.food.code}`)
    expect(item.headers['content-type']).toContain('text/html')
    expect(item.body).toContain(`<h1>${GUIDE_ITEMS.food.name}</h1>`)
    for (const m of GUIDE_ITEMS.food.materials) expect(item.body).toContain(`<li>${m}</li>`)
    expect(item.body).toContain('承诺时限</dt><dd>10 个工作日')
    const notice = await call('GET', `/public/notices/${noticeId}`)
    expect(notice.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;排水许可办理指引')
    expect(notice.body).not.toContain('<script>alert(1)')
    expect(notice.body).toContain('<p>第一段。</p>')
    const letter = await call('GET', `/public/letters/${answerId}`)
    expect(letter.body).toContain('排水许可窗口推诿问题已核实')
    expect((await call('GET', '/public/guide/NO-SUCH')).statusCode).toBe(404)
    expect((await call('GET', '/public/notices/999999')).statusCode).toBe(404)
  })

  it('a withdrawn answer leaves the site and its page', async () => {
    expect((await call('POST', '/api/v1/answers/PC-1/publication', { session: admin, payload: { published: false } })).json()).toMatchObject({ publishedId: null })
    expect((await call('GET', `/api/v1/public/answers/${answerId}`)).statusCode).toBe(404)
    expect((await call('GET', `/public/letters/${answerId}`)).statusCode).toBe(404)
    expect((await call('POST', '/api/v1/answers/PC-1/publication', { session: admin, payload: { published: false } })).statusCode).toBe(404)
    // published again for the crawl below
    answerId = (await call('POST', '/api/v1/answers/PC-1/publication', { session: admin, payload: { published: true } })).json().publishedId
  })
})

describe('no personal data in any answer', () => {
  it('crawls every public route and page of the site, and every public answer above', async () => {
    const gets = h.app.routePolicies.filter((r) => (r.url.startsWith('/api/v1/public/') || /^\/public\/\w+(\/:|$)/.test(r.url)) && r.method === 'GET')
    for (const r of gets) {
      // each path parameter stands for what that route names: a department's scorecard, a guide item, an open-data file, an announcement or an answer
      const code = r.url.includes('/scorecards/') ? SCJG : GUIDE_ITEMS.food.code
      const id = r.url.includes('announcements') || r.url.includes('notices') ? noticeId : answerId
      const url = r.url.replace(':code', code).replace(':file', 'items.json').replace(':id', id) + (r.url.endsWith('/search') ? `?q=${encodeURIComponent('已')}` : '')
      expect(url, 'a path parameter the crawl does not know').not.toContain(':')
      expect((await call('GET', url)).statusCode, url).toBe(200)
    }
    const all = bodies.join('\n')
    for (const text of [CITIZEN.name, CITIZEN.phone, CITIZEN.idNumber, HANDLER, '13900001111']) expect(all).not.toContain(text)
    const text = withoutHexTokens(all)
    expect(text).not.toMatch(ID_NUMBER)
    expect(text).not.toMatch(MOBILE_NUMBER)
  })
})

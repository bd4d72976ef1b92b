/**
 * The public site's API against the real PostgreSQL and Redis, with the workers projecting:
 * the service guide, the ranking with volumes, a complaint filed with a solved challenge that
 * becomes a supervised petition, followed by its tracking code, answered by the department
 * through the source API and rated once; the abuse cases (missing, wrong and replayed challenge,
 * rate limit, another code); and a crawl of every public route asserting no personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness } from '../../test/harness.ts'
import { COMPLAINANT, GUIDE_ITEMS, ingestConcludedCases, SCJG, SEEDED_PEOPLE, seedGuideItems, solvedChallenge, ZJJ } from './public-fixtures.ts'
import { ID_NUMBER, MOBILE_NUMBER, withoutHexTokens } from '../../test/personalData.ts'

let h: Harness
let announcementId = ''
const responses: string[] = []

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedGuideItems(h.db.pool)
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 7, 'PUBC-S')
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.building.code, ZJJ, 2, 'PUBC-Z')
  await h.waitProjected()
  const sup = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'pub.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION, displayName: '监察员' }))
  const person = SEEDED_PEOPLE[0]
  const card = await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: 'PUBC-S-0', color: 'yellow', reason: `申请人${person.name}（${person.phone}，${person.idNumber}）反映拖延` } })
  if (card.statusCode !== 201) throw new Error(`card: ${card.body}`)
  announcementId = (await h.db.pool.query<{ id: string }>(`INSERT INTO announcements (column_key, title, body) VALUES ('news', '监察动态', '本月检查窗口 12 个。') RETURNING id::text`)).rows[0]!.id
}, 60_000)

afterAll(async () => {
  await h?.close()
})

async function get(url: string) {
  const res = await h.app.inject({ method: 'GET', url })
  responses.push(res.body)
  return res
}

async function post(url: string, payload: Record<string, unknown>) {
  const res = await h.app.inject({ method: 'POST', url, payload })
  responses.push(res.body)
  return res
}

const complaint = async (over: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  departmentCode: SCJG,
  text: '窗口办理食品经营许可时要求提供清单以外的材料，往返三次仍未受理。',
  contactName: COMPLAINANT.name,
  contactPhone: COMPLAINANT.phone,
  altcha: await solvedChallenge(h.app),
  ...over,
})

describe('the service guide (办事指南)', () => {
  it('finds an item by name with its limits, fee, materials and on-time rate', async () => {
    const list = (await get(`/api/v1/public/items?q=${encodeURIComponent('食品经营')}`)).json()
    expect(list.items.map((i: { code: string }) => i.code)).toEqual([GUIDE_ITEMS.food.code])
    expect(list.items[0]).toMatchObject({ legalLimit: 20, promisedLimit: 10, fee: 0, departmentName: '市场监管局', materialCount: 3 })

    const res = await get(`/api/v1/public/items/${GUIDE_ITEMS.building.code}`)
    expect(res.headers['cache-control']).toBe('public, max-age=60')
    expect(res.json()).toMatchObject({ name: GUIDE_ITEMS.building.name, fee: 120, feeBasis: GUIDE_ITEMS.building.feeBasis, materials: [...GUIDE_ITEMS.building.materials], concluded: 2, onTime: 2, onTimeRate: 1 })

    const byDept = (await get(`/api/v1/public/items?department=${ZJJ}`)).json()
    expect(byDept.items.map((i: { code: string }) => i.code)).toEqual([GUIDE_ITEMS.building.code])
    expect((await get('/api/v1/public/items/NO-SUCH')).json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await get('/api/v1/public/items?bogus=1')).statusCode).toBe(400)
  })
})

describe('the ranking', () => {
  it("ranks this month's on-time rate with volumes: a department with two cases is listed apart, not on top", async () => {
    const r = (await get('/api/v1/public/ranking')).json()
    expect(r).toMatchObject({ basis: 'statistics', jurisdictionCode: '440204', minVolume: 5 })
    expect(r.ranked).toEqual([expect.objectContaining({ departmentCode: SCJG, rank: 1, volume: 7, onTime: 7, onTimeRate: 1 })])
    expect(r.insufficient.map((x: { departmentCode: string; volume: number; rank: null }) => [x.departmentCode, x.volume, x.rank])).toEqual([
      [ZJJ, 2, null],
      ['440204-GA', 0, null],
    ])
    expect((await get('/api/v1/public/ranking?jurisdiction=44')).statusCode).toBe(400)
  })

  it('is a page readable before any JavaScript, with the figures of the API', async () => {
    const api = (await get('/api/v1/public/ranking')).json()
    const page = await get('/public/ranking')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('data-prerendered')
    expect(page.body).toContain(`<p>${api.period} 按时办结率（本月实时统计，绩效考核结果尚未发布）</p>`)
    // the ranked department with its rate and volume, then the ones listed apart
    expect(page.body).toMatch(new RegExp(`<td class="num">1</td><td>${api.ranked[0].name}</td><td class="num">100\\.0%</td><td class="num">7</td>`))
    const apart = page.body.slice(page.body.indexOf('<h2>样本不足（不排名）</h2>'))
    for (const d of api.insufficient) expect(apart).toContain(`<td>${d.name}</td>`)
  })
})

describe('complaints (投诉受理)', () => {
  let code = ''

  it('refuses a missing, wrong or replayed challenge, and an unknown department', async () => {
    const noChallenge = await post('/api/v1/public/complaints', { ...(await complaint()), altcha: undefined })
    expect(noChallenge.statusCode).toBe(400)
    const wrong = await post('/api/v1/public/complaints', await complaint({ altcha: Buffer.from(JSON.stringify({ algorithm: 'SHA-256', challenge: 'x', number: 1, salt: 's', signature: 'y' })).toString('base64') }))
    expect(wrong.json()).toMatchObject({ code: 'CHALLENGE_FAILED' })
    const body = await complaint()
    const first = await post('/api/v1/public/complaints', body)
    expect(first.statusCode).toBe(201)
    code = first.json().trackingCode
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    const replay = await post('/api/v1/public/complaints', body)
    expect(replay.statusCode).toBe(400)
    expect(replay.json()).toMatchObject({ code: 'CHALLENGE_FAILED', detail: 'used already' })
    const unknownDept = await post('/api/v1/public/complaints', await complaint({ departmentCode: 'NOPE' }))
    expect(unknownDept.json()).toMatchObject({ code: 'UNKNOWN_DEPARTMENT' })
  })

  it('enters as a petition through ingest: clock, level and department like every petition', async () => {
    await h.waitProjected()
    const { rows } = await h.db.pool.query(
      `SELECT p.petition_kind, p.channel, p.status, p.level, p.deadline_date, p.citizen, e.source FROM petitions p JOIN events e USING (petition_no) WHERE e.source = 'public-site'`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ petition_kind: 'complaint', channel: 'publicSite', status: 'received', level: 'normal', citizen: { name: COMPLAINANT.name, phone: COMPLAINANT.phone } })
    expect(rows[0].deadline_date).not.toBeNull()
  })

  it('follows it by code; rating waits for the answer; the answer is masked; a rating counts once', async () => {
    const before = (await post('/api/v1/public/complaints/track', { code: code.toLowerCase() })).json()
    expect(before).toMatchObject({ kind: 'complaint', departmentName: '市场监管局', status: 'received', answer: null, mayRate: false })
    const early = await post('/api/v1/public/complaints/rate', { code, rating: 5, altcha: await solvedChallenge(h.app) })
    expect(early.json()).toMatchObject({ code: 'RATING_NOT_ALLOWED' })

    // the department answers through the source API, as its own system would
    const { rows } = await h.db.pool.query<{ petition_no: string }>(`SELECT petition_no FROM public_complaints`)
    const petitionNo = rows[0]!.petition_no
    const replied = await h.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'x-api-key': h.key },
      payload: [{ eventId: `${petitionNo}-r`, kind: 'petition.replied', occurredAt: new Date().toISOString(), petitionNo, departmentCode: SCJG, body: { handler: '王科长', reply: `已核实，${COMPLAINANT.name}（${COMPLAINANT.phone}）反映属实，已整改并当面致歉。` } }],
    })
    expect(replied.statusCode).toBe(202)
    await h.waitProjected()

    const after = (await post('/api/v1/public/complaints/track', { code })).json()
    expect(after).toMatchObject({ status: 'replied', mayRate: true, rating: null })
    expect(after.deadlineDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(after.answer).toContain('已整改')
    expect(after.answer).not.toContain(COMPLAINANT.phone)
    expect(after.answer).not.toContain(COMPLAINANT.name)

    const rated = await post('/api/v1/public/complaints/rate', { code, rating: 5, altcha: await solvedChallenge(h.app) })
    expect(rated.statusCode).toBe(200)
    expect(rated.json()).toMatchObject({ rating: 5, mayRate: false })
    const again = await post('/api/v1/public/complaints/rate', { code, rating: 1, altcha: await solvedChallenge(h.app) })
    expect(again.statusCode).toBe(409)
    await h.waitProjected()
    const p = await h.db.pool.query(`SELECT rating FROM petitions WHERE petition_no = $1`, [petitionNo])
    expect(p.rows[0].rating).toBe(5)
  })

  it('another code, or a malformed one, finds nothing', async () => {
    expect((await post('/api/v1/public/complaints/track', { code: 'ABCD-EFGH-JKMN' })).json()).toMatchObject({ code: 'TRACKING_CODE_UNKNOWN' })
    expect((await post('/api/v1/public/complaints/track', { code: '0000-0000-0000' })).statusCode).toBe(404)
    expect((await post('/api/v1/public/complaints/track', { code: '<script>' })).statusCode).toBe(400)
  })

  it('limits complaints per IP and hour (5)', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post('/api/v1/public/complaints', await complaint())).statusCode)
    // 4 counted above (wrong, first, replay, unknown department) + 1 allowed here, then 429
    expect(statuses[0]).toBe(201)
    expect(statuses.slice(1)).toEqual([429, 429, 429])
    expect(responses.at(-1)).toContain('RATE_LIMITED')
  })
})

describe('case progress (办件进度公开)', () => {
  it('answers by receipt number and the last six characters of the certificate number, applicant masked', async () => {
    const person = SEEDED_PEOPLE[0]
    const res = await post('/api/v1/public/cases/lookup', { caseNo: 'PUBC-S-0', queryCode: person.idNumber.slice(-6) })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ caseNo: 'PUBC-S-0', itemName: GUIDE_ITEMS.food.name, departmentName: '市场监管局', status: 'concluded' })
    expect(body.applicantMasked).toContain('*')
    expect(body.deadlineDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(res.body).not.toContain(person.name)
    expect(res.body).not.toContain(person.idNumber)
    // a lower-case X in a company or ID code is the same code
    expect((await post('/api/v1/public/cases/lookup', { caseNo: 'PUBC-S-1', queryCode: SEEDED_PEOPLE[1].idNumber.slice(-6).toLowerCase() })).statusCode).toBe(200)
    const wrongCode = await post('/api/v1/public/cases/lookup', { caseNo: 'PUBC-S-0', queryCode: '000000' })
    const wrongCase = await post('/api/v1/public/cases/lookup', { caseNo: 'NO-SUCH', queryCode: person.idNumber.slice(-6) })
    expect(wrongCode.statusCode).toBe(404)
    expect(wrongCase.body).toBe(wrongCode.body)
    expect((await post('/api/v1/public/cases/lookup', { caseNo: 'PUBC-S-0', queryCode: '12' })).statusCode).toBe(400)
  })
})

describe('no personal data on the public API', () => {
  it('crawls every public GET route and finds no seeded name, ID number or mobile number in any answer', async () => {
    const gets = h.app.routePolicies.filter((r) => r.url.startsWith('/api/v1/public/') && r.method === 'GET')
    expect(gets.length).toBeGreaterThanOrEqual(5)
    // published answers are crawled with one published in public-content.test.ts
    for (const r of gets.filter((x) => x.url !== '/api/v1/public/answers/:id')) {
      const url = r.url.replace('scorecards/:code', `scorecards/${SCJG}`).replace(':code', GUIDE_ITEMS.food.code).replace(':id', announcementId).replace(':file', 'cards.json') + (r.url.endsWith('/search') ? `?q=${encodeURIComponent('食品')}` : '')
      const res = await get(url)
      expect(res.statusCode, url).toBe(200)
    }
    // the pre-rendered pages (routes/public-pages.ts): the home page's figures, ranking and announcements among them
    const pages = h.app.routePolicies.filter((r) => r.method === 'GET' && r.url.startsWith('/public') && r.url !== '/public/letters/:id').map((r) => r.url)
    expect(pages).toEqual(expect.arrayContaining(['/public', '/public/ranking', '/public/complaint', '/public/guide/:code', '/public/notices/:id']))
    for (const url of pages) {
      const res = await get(url.replace(':code', GUIDE_ITEMS.food.code).replace(':id', announcementId))
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).toContain('data-prerendered')
    }
    // the published cards (one names the applicant in its reason) and every open-data file
    const cards = (await get('/api/v1/public/cards')).json()
    expect(cards.items.map((c: { rule: string }) => c.rule)).toEqual(['manual'])
    const open = (await get('/api/v1/public/open')).json()
    for (const t of open.tables) for (const file of [t.csv, t.json]) expect((await get(file)).statusCode, file).toBe(200)
    const all = responses.join('\n')
    expect(all.length).toBeGreaterThan(1000)
    for (const p of [...SEEDED_PEOPLE, COMPLAINANT]) {
      expect(all).not.toContain(p.name)
      expect(all).not.toContain(p.phone)
      if ('idNumber' in p) expect(all).not.toContain(p.idNumber)
    }
    expect(withoutHexTokens(all)).not.toMatch(ID_NUMBER)
    expect(withoutHexTokens(all)).not.toMatch(MOBILE_NUMBER)
  })
})

/**
 * The public site's disclosure and open data against the real PostgreSQL: published cards only
 * (a confirmed automatic card and a manual one; not the unconfirmed ones), without subject number,
 * reason or applicant; published scorecards by month and quarter with 样本不足 apart and a
 * correction shown as such; a department's scorecard and trend; the statistics equal to the cases;
 * every public table as CSV and JSON with the licence line and the audit chain's daily head; and
 * ETag revalidation (304) on the public GET API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { seedWorkedExample } from '../../test/performance-fixtures.ts'
import { GUIDE_ITEMS, SEEDED_PEOPLE, seedGuideItems } from './public-fixtures.ts'

let h: Harness
let sup: TestSession
let sup2: TestSession
let leader: TestSession
let confirmed = ''
const PERSON = SEEDED_PEOPLE[0]
const REASON = `申请人${PERSON.name}（${PERSON.phone}）反映办理拖延`

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  const mk = async (login: string, roles: Parameters<typeof createUser>[1]['roles']) =>
    openSession(h.db.pool, await createUser(h.db.pool, { login, roles, jurisdictionCode: JURISDICTION, displayName: login }))
  sup = await mk('pd.sup', ['supervisor'])
  sup2 = await mk('pd.sup2', ['supervisor'])
  leader = await mk('pd.leader', ['leader'])
  await seedWorkedExample(h.db.pool)
  await seedGuideItems(h.db.pool)
  await h.db.pool.query(`UPDATE cases SET item_code = $1, applicant = $2 WHERE case_no IN ('Z1', 'Z2')`, [GUIDE_ITEMS.building.code, { ...PERSON }])
}, 60_000)
afterAll(async () => {
  await h?.close()
})

const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers })
const post = async (s: TestSession, url: string, payload: object = {}) => {
  const res = await h.app.inject({ method: 'POST', url, headers: s.headers, payload })
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function publish(runId: string) {
  await post(sup, `/api/v1/performance/runs/${runId}/submit`)
  await post(leader, `/api/v1/performance/runs/${runId}/approve`)
  await post(sup2, `/api/v1/performance/runs/${runId}/publish`)
}

describe('red and yellow cards (公开警示)', () => {
  it('shows confirmed and manual cards only, with department, item, day and rule — no case number, reason or person', async () => {
    expect((await get('/api/v1/public/cards')).json().items).toEqual([])
    confirmed = (await h.db.pool.query<{ id: string }>(`SELECT id::text FROM cards WHERE subject_no = 'Z2' AND rule = 'overdue' ORDER BY id LIMIT 1`)).rows[0]!.id
    await post(sup, `/api/v1/cards/${confirmed}/confirm`, { note: `已核实 ${PERSON.name}` })
    await post(sup, '/api/v1/cards', { subject: 'case', subjectNo: 'Z1', color: 'yellow', reason: REASON })

    const res = await get('/api/v1/public/cards')
    const body = res.json()
    expect(body.items).toHaveLength(2)
    const red = body.items.find((c: { id: string }) => c.id === confirmed)
    expect(red).toEqual({ id: confirmed, color: 'red', rule: 'overdue', subject: 'case', departmentCode: '440204-ZJJ', departmentName: expect.any(String), itemName: GUIDE_ITEMS.building.name, date: expect.stringMatching(/^2026-11-0\d$/), publishedAt: expect.any(String) })
    expect(body.items.find((c: { color: string }) => c.color === 'yellow')).toMatchObject({ rule: 'manual', departmentCode: '440204-ZJJ' })
    expect(body.byDepartment).toEqual([{ departmentCode: '440204-ZJJ', name: expect.any(String), yellow: 1, red: 1 }])
    for (const secret of [PERSON.name, PERSON.phone, PERSON.idNumber, 'Z1', 'Z2', '反映办理拖延', '已核实', 'pd.sup']) expect(res.body).not.toContain(secret)

    expect((await get('/api/v1/public/cards?color=red')).json().items.map((c: { id: string }) => c.id)).toEqual([confirmed])
    expect((await get('/api/v1/public/cards?department=440204-SCJG')).json().items).toEqual([])
    expect((await get('/api/v1/public/cards?year=2025')).json().items).toEqual([])
    expect((await get('/api/v1/public/cards?color=green')).statusCode).toBe(400)
  })
})

describe('published scorecards (绩效考核成绩)', () => {
  let runId = ''

  it('shows nothing before publication, then the month by peer group with 样本不足 apart, and the quarter as the mean', async () => {
    runId = (await post(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-11' })).id
    expect((await get('/api/v1/public/scorecards')).json()).toMatchObject({ period: null, publishedMonths: [], groups: [] })
    await publish(runId)

    const res = await get('/api/v1/public/scorecards')
    const s = res.json()
    expect(s).toMatchObject({ period: '2026-11', kind: 'month', publishedMonths: ['2026-11'], runs: [{ period: '2026-11', version: 1, corrected: false }] })
    const ranked = s.groups.flatMap((g: { ranked: { departmentCode: string; rank: number; score: number }[] }) => g.ranked.map((x) => [x.departmentCode, x.rank, x.score]))
    expect(ranked).toEqual([['440204-SCJG', 1, 71.33], ['440204-ZJJ', 2, 30]])
    const apart = s.groups.flatMap((g: { insufficient: { departmentCode: string; rank: null }[] }) => g.insufficient.map((x) => [x.departmentCode, x.rank]))
    expect(apart).toEqual([['440204-GA', null]])
    expect(s.groups[0].ranked[0].lines.length).toBeGreaterThan(2)
    for (const secret of ['张三', '李四', '王五', 'trace', 'handlers']) expect(res.body).not.toContain(secret)

    const q = (await get('/api/v1/public/scorecards?period=2026-Q4')).json()
    expect(q).toMatchObject({ period: '2026-Q4', kind: 'quarter', groups: [] })
    expect(q.departments.find((d: { departmentCode: string }) => d.departmentCode === '440204-SCJG')).toMatchObject({ score: 71.33, months: ['2026-11'] })
    expect((await get('/api/v1/public/scorecards?period=2026-13')).statusCode).toBe(400)
  })

  it('shows a correction as such: version 2, flagged, its points a line of their own, its reason not public', async () => {
    const revision = (await post(sup, `/api/v1/performance/runs/${runId}/revisions`, { reason: `复核更正：${PERSON.name}来电核实` })).id
    await post(sup, `/api/v1/performance/runs/${revision}/corrections`, { departmentCode: '440204-ZJJ', points: 5, reason: `经复核 ${PERSON.name} 一件不应计入` })
    await publish(revision)

    const res = await get('/api/v1/public/scorecards?period=2026-11')
    const s = res.json()
    expect(s.runs).toEqual([{ period: '2026-11', version: 2, publishedAt: expect.any(String), corrected: true }])
    const zjj = s.groups.flatMap((g: { ranked: { departmentCode: string }[] }) => g.ranked).find((x: { departmentCode: string }) => x.departmentCode === '440204-ZJJ')
    expect(zjj.score).toBe(35)
    expect(zjj.lines).toContainEqual(expect.objectContaining({ indicatorId: 'correction', points: 5 }))
    expect(res.body).not.toContain(PERSON.name)

    const one = await get('/api/v1/public/scorecards/440204-ZJJ')
    expect(one.json()).toMatchObject({ departmentCode: '440204-ZJJ', period: '2026-11', run: { version: 2, corrected: true }, scorecard: { score: 35, rank: 2 } })
    expect(one.json().trend).toEqual([{ period: '2026-11', score: 35, grade: 'fail', rank: 2, volume: expect.any(Number), insufficient: false, corrected: true }])
    expect((await get('/api/v1/public/scorecards/440204-GA')).json()).toMatchObject({ scorecard: { insufficient: true, rank: null } })
    expect((await get('/api/v1/public/scorecards/NOPE')).statusCode).toBe(404)
  })
})

describe('statistics (业务统计)', () => {
  it('gives the 12 closed months and the running one, each equal to the cases received in it, and one month per department', async () => {
    const s = (await get('/api/v1/public/statistics')).json()
    expect(s.months).toHaveLength(13)
    expect(s.months.at(-1).key).toBe(s.openMonth)
    expect(s.month).toBe(s.openMonth)
    const counted = (await h.db.pool.query<{ m: string; n: number }>(`SELECT to_char(received_day, 'YYYY-MM') AS m, count(*)::int AS n FROM stat_case_facts GROUP BY 1`)).rows
    for (const row of s.months) expect(row.received, row.key).toBe(counted.find((c) => c.m === row.key)?.n ?? 0)
    const busy = counted.find((c) => s.months.some((m: { key: string }) => m.key === c.m))
    if (busy) {
      const one = (await get(`/api/v1/public/statistics?month=${busy.m}`)).json()
      expect(one.departments.reduce((n: number, d: { received: number }) => n + d.received, 0)).toBe(busy.n)
      expect(one.departments.every((d: { onTimeRate: number | null }) => d.onTimeRate === null || (d.onTimeRate >= 0 && d.onTimeRate <= 1))).toBe(true)
    }
    expect((await get('/api/v1/public/statistics?month=2001-01')).statusCode).toBe(400)
  })
})

describe('open data', () => {
  it('lists every public table; each is CSV and JSON with the licence line; the audit chain head of the day is anchored', async () => {
    const cat = (await get('/api/v1/public/open')).json()
    expect(cat.licence).toContain('CC BY 4.0')
    expect(cat.tables.map((t: { name: string }) => t.name)).toEqual(['departments', 'items', 'ranking', 'scorecards', 'cards', 'statistics', 'audit-anchors'])
    for (const t of cat.tables) {
      const csv = await get(t.csv)
      expect(csv.statusCode, t.csv).toBe(200)
      expect(csv.headers['content-type']).toContain('text/csv')
      const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n')
      expect(lines[0]).toBe(`# ${cat.licence}`)
      expect(lines[1]).toBe(t.columns.join(','))
      const json = (await get(t.json)).json()
      expect(json).toMatchObject({ licence: cat.licence, table: t.name, columns: t.columns })
      expect(json.rows.length, t.name).toBe(lines.length - 3) // licence, header, trailing CRLF
      for (const secret of [PERSON.name, PERSON.phone, PERSON.idNumber, '张三']) expect(csv.body + JSON.stringify(json)).not.toContain(secret)
    }
    const cards = (await get('/api/v1/public/open/cards.json')).json()
    expect(cards.rows.map((r: { id: string }) => r.id)).toContain(confirmed)
    const head = (await h.db.pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_chain_head')).rows[0]!
    const today = cat.anchors[0]
    expect(today).toMatchObject({ seq: Number(head.seq), hash: head.hash, final: false })
    expect((await get('/api/v1/public/open/nope.csv')).statusCode).toBe(404)
    expect((await get('/api/v1/public/open/cards.xml')).statusCode).toBe(400)
  })
})

describe('caching: ETag and 304', () => {
  it('tags every public GET answer and answers 304 with no body to a matching If-None-Match', async () => {
    for (const url of ['/api/v1/public/cards', '/api/v1/public/scorecards', '/api/v1/public/items', '/api/v1/public/open/cards.csv']) {
      const first = await get(url)
      expect(first.headers.etag, url).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
      expect(first.headers['cache-control']).toBe('public, max-age=60')
      const again = await get(url, { 'if-none-match': String(first.headers.etag) })
      expect(again.statusCode, url).toBe(304)
      expect(again.body).toBe('')
      expect((await get(url, { 'if-none-match': `W/${first.headers.etag}, "other"` })).statusCode).toBe(304)
      expect((await get(url, { 'if-none-match': '"stale"' })).statusCode).toBe(200)
    }
  })

  it('a new publication changes the answer and its tag', async () => {
    const before = await get('/api/v1/public/cards')
    await post(sup, '/api/v1/cards', { subject: 'case', subjectNo: 'Z2', color: 'red', reason: '再次超期' })
    const after = await get('/api/v1/public/cards', { 'if-none-match': String(before.headers.etag) })
    expect(after.statusCode).toBe(200)
    expect(after.json().items).toHaveLength(3)
  })
})

/**
 * Preview of a petition limit change (issue 19), on the real PostgreSQL: 60 open complaints
 * received over the last weeks (some acknowledged, a few replied) are projected; an administrator
 * previews a shorter conclude limit for complaints, the answer names the petitions with old and
 * new deadline and level (numbers only, no citizen), counts them by level move; the limit is then
 * saved through the existing PUT and the open petitions re-projected at the preview's instant:
 * every stored clock equals the preview's "after", and the overdue cards raised are the ones
 * announced. Other roles are refused. A limit saved only for the petitions received from a date
 * (migration 320) moves exactly the petitions its preview named; retracting the versions restores
 * every clock and the jurisdiction's limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PreviewResponse } from '../../domain/contracts/api/ruleChanges.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { projectPetitions } from '../../workers/project.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession
let supervisor: TestSession
const DAY = 86_400_000
const nos: string[] = []

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'pl-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'pl-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'pl-admin')
  supervisor = await login(h.app, 'pl-sup')
  const now = Date.now()
  const events: Record<string, unknown>[] = []
  for (let i = 0; i < 60; i++) {
    const petitionNo = `PLP-${String(i).padStart(3, '0')}`
    nos.push(petitionNo)
    const t = now - (1 + (i % 20)) * DAY
    const dept = DEPTS[i % 2]!
    const ev = (kind: string, at: number, body: Record<string, unknown>) => events.push({ eventId: `${petitionNo}-${kind}`, kind, occurredAt: new Date(at).toISOString(), petitionNo, departmentCode: dept, body })
    ev('petition.received', t, { petitionKind: i % 10 === 9 ? 'consultation' : 'complaint', channel: '12345', citizen: { name: '周投诉', phone: '13800000000' } })
    if (i % 7 === 3) ev('petition.replied', t + DAY / 2, { handler: '王科长', reply: '已答复' })
  }
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as never })
  expect(res.statusCode).toBe(202)
  await projectPetitions(h.db.pool, nos, { context: createContextProvider(h.db.pool) })
})
afterAll(async () => {
  await h?.close()
})

const post = (s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url: '/api/v1/rules/petition-limits/preview', headers: s.headers, payload: payload as never })

interface Stored { petition_no: string; deadline_date: string | null; warning_from: string | null; yellow_from: string | null; red_from: string | null; level: string }
async function stored(): Promise<Map<string, Stored>> {
  const { rows } = await h.db.pool.query<Stored>(`SELECT petition_no, deadline_date::text, warning_from::text, yellow_from::text, red_from::text, level FROM petitions WHERE petition_no LIKE 'PLP-%'`)
  return new Map(rows.map((r) => [r.petition_no, r]))
}
const pick = (o: { deadlineDate: string | null; warningFrom: string | null; yellowFrom: string | null; redFrom: string | null; level: string | null }) =>
  ({ deadlineDate: o.deadlineDate, warningFrom: o.warningFrom, yellowFrom: o.yellowFrom, redFrom: o.redFrom, level: o.level })
const outcomeOf = (s: Stored) => ({ deadlineDate: s.deadline_date, warningFrom: s.warning_from, yellowFrom: s.yellow_from, redFrom: s.red_from, level: s.level })

describe('preview of a petition limit change', () => {
  const body = { jurisdictionCode: JURISDICTION, petitionKind: 'complaint', stage: 'conclude', limit: { value: 3, unit: 'workday' }, max: 1000 }

  it('is for administrators only and refuses bad input with 4xx', async () => {
    expect((await post(supervisor, body)).statusCode).toBe(403)
    expect((await post(admin, { ...body, jurisdictionCode: '999999' })).statusCode).toBe(404)
    expect((await post(admin, { ...body, petitionKind: 'gossip' })).statusCode).toBe(400)
    expect((await post(admin, { ...body, limit: { value: 400, unit: 'day' } })).statusCode).toBe(400)
  })

  it('names the open complaints that move; after the save and the re-projection every stored clock is the preview\'s', async () => {
    const before = await stored()
    const res = await post(admin, body)
    expect(res.statusCode).toBe(200)
    const preview = res.json() as PreviewResponse
    const open = nos.filter((_, i) => i % 10 !== 9 && i % 7 !== 3)
    expect(preview.summary.scanned).toBe(open.length)
    expect(preview.summary.moved).toBe(open.length) // 15 → 3 working days moves every open one
    expect(preview.summary.levelChanged).toBeGreaterThan(10)
    expect(preview.summary.cards.redIssued).toBeGreaterThan(0)
    expect(JSON.stringify(preview)).not.toContain('周投诉')
    for (const m of preview.cases) expect(pick(m.before)).toEqual(outcomeOf(before.get(m.caseNo)!))

    const cardsBefore = (await h.db.pool.query(`SELECT count(*)::int AS n FROM cards WHERE subject = 'petition' AND color IS NOT NULL`)).rows[0].n
    const put = await h.app.inject({ method: 'PUT', url: `/api/v1/petition-limits/${JURISDICTION}/complaint/conclude`, headers: admin.headers, payload: { value: 3, unit: 'workday' } })
    expect(put.statusCode).toBe(200)
    // the recompute job's re-projection, at the preview's instant
    await projectPetitions(h.db.pool, open, { context: createContextProvider(h.db.pool), nowMs: Date.parse(preview.at) })
    const after = await stored()
    const moved = new Map(preview.cases.map((m) => [m.caseNo, m]))
    for (const no of nos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
    }
    const cardsAfter = (await h.db.pool.query(`SELECT count(*)::int AS n FROM cards WHERE subject = 'petition' AND color IS NOT NULL`)).rows[0].n
    expect(cardsAfter - cardsBefore).toBe(preview.summary.cards.yellowIssued + preview.summary.cards.redIssued)
  })
})

describe('a petition limit effective from a date (versioned limits, migration 320)', () => {
  const received = async () => new Map((await h.db.pool.query<{ petition_no: string; d: string }>(
    `SELECT p.petition_no, to_char(((p.state ->> 'receivedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d FROM petitions p WHERE p.petition_no LIKE 'PLP-%'`)).rows.map((r) => [r.petition_no, r.d]))
  const openNos = () => nos.filter((_, i) => i % 10 !== 9 && i % 7 !== 3)
  const body = { jurisdictionCode: JURISDICTION, petitionKind: 'complaint', stage: 'conclude', limit: { value: 20, unit: 'workday' }, max: 1000 }
  const put = (payload: unknown) => h.app.inject({ method: 'PUT', url: `/api/v1/petition-limits/${JURISDICTION}/complaint/conclude`, headers: admin.headers, payload: payload as never })
  const del = (id: string) => h.app.inject({ method: 'DELETE', url: `/api/v1/petition-limits/${JURISDICTION}/versions/${id}`, headers: admin.headers })
  const reproject = (nowMs?: number) => projectPetitions(h.db.pool, openNos(), { context: createContextProvider(h.db.pool), ...(nowMs ? { nowMs } : {}) })

  it('previews and saves a limit for the petitions received from a date only: the stored clocks are the preview\'s, older petitions keep their limit; retracting the versions restores them', async () => {
    const rec = await received()
    const from = [...new Set(openNos().map((no) => rec.get(no)!))].sort()[8]!
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect((await post(admin, { ...body, acceptedFrom: '2027-13-01' })).statusCode).toBe(400)
    const all = (await post(admin, body)).json() as PreviewResponse
    const res = await post(admin, { ...body, acceptedFrom: from })
    expect(res.statusCode).toBe(200)
    const dated = res.json() as PreviewResponse
    // the dated preview: the "now" preview restricted to the petitions received from the date
    expect(dated.cases.map((m) => m.caseNo)).toEqual(all.cases.filter((m) => rec.get(m.caseNo)! >= from).map((m) => m.caseNo))
    expect(dated.summary.moved).toBeGreaterThan(3)
    expect(dated.summary.moved).toBeLessThan(all.summary.moved)

    const before = await stored()
    const saved = await put({ value: 20, unit: 'workday', acceptedFrom: from })
    expect(saved.statusCode).toBe(200)
    const version = saved.json().version as { id: string; accepted_from: string }
    expect(version.accepted_from).toBe(from)
    await reproject(Date.parse(dated.at))
    const after = await stored()
    const moved = new Map(dated.cases.map((m) => [m.caseNo, m]))
    for (const no of nos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
    }
    // the jurisdiction's own limit (the base) is the one saved for every petition before: 3 working days
    expect((await h.db.pool.query(`SELECT limit_value FROM petition_limits WHERE jurisdiction_code = $1 AND petition_kind = 'complaint' AND stage = 'conclude'`, [JURISDICTION])).rows[0].limit_value).toBe(3)
    const versions = (await h.app.inject({ method: 'GET', url: `/api/v1/petition-limits/${JURISDICTION}/versions`, headers: supervisor.headers })).json().items as { id: string; limit_value: number; accepted_from: string | null }[]
    expect(versions.map((v) => [v.limit_value, v.accepted_from])).toEqual([[3, null], [20, from]])
    expect((await del(version.id)).statusCode).toBe(200)
    expect((await del(version.id)).statusCode).toBe(404)
    expect((await h.app.inject({ method: 'DELETE', url: `/api/v1/petition-limits/${JURISDICTION}/versions/${versions[0]!.id}`, headers: supervisor.headers })).statusCode).toBe(403)
    await reproject(Date.parse(dated.at))
    const back = await stored()
    for (const no of nos) expect({ no, ...outcomeOf(back.get(no)!) }).toEqual({ no, ...outcomeOf(before.get(no)!) })
    // retracting the version for every petition restores the jurisdiction's limit before it: none of its own, the default 15
    expect((await del(versions[0]!.id)).statusCode).toBe(200)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM petition_limits WHERE jurisdiction_code = $1`, [JURISDICTION])).rows[0].n).toBe(0)
    expect((await createContextProvider(h.db.pool).forPetition(DEPTS[0])).limits.complaint.conclude).toEqual({ value: 15, unit: 'workday' })
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'petition_limit.retract'`)).rows[0].n).toBe(2)
  })
})

describe('the preview of a petition limit retraction (the undo)', () => {
  const openNos = () => nos.filter((_, i) => i % 10 !== 9 && i % 7 !== 3)
  const put = (payload: unknown) => h.app.inject({ method: 'PUT', url: `/api/v1/petition-limits/${JURISDICTION}/complaint/conclude`, headers: admin.headers, payload: payload as never })
  const del = (id: string) => h.app.inject({ method: 'DELETE', url: `/api/v1/petition-limits/${JURISDICTION}/versions/${id}`, headers: admin.headers })
  const previewRetract = (s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url: '/api/v1/rules/petition-limits/retract/preview', headers: s.headers, payload: payload as never })
  // the recompute job re-projects the open petitions (workers/recompute.ts)
  const reproject = (nowMs?: number) => projectPetitions(h.db.pool, openNos(), { context: createContextProvider(h.db.pool), ...(nowMs ? { nowMs } : {}) })
  /** Previews the retraction, retracts, re-projects at the preview's instant: every stored clock is the preview's. */
  async function retractAsPreviewed(versionId: string): Promise<PreviewResponse> {
    const res = await previewRetract(admin, { jurisdictionCode: JURISDICTION, versionId, max: 1000 })
    expect(res.statusCode).toBe(200)
    const preview = res.json() as PreviewResponse
    // the preview wrote nothing: the version is still there
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM petition_limit_versions WHERE id = $1`, [versionId])).rows[0].n).toBe(1)
    for (const m of preview.cases) expect(m.caseNo).toMatch(/^PLP-/)
    const before = await stored()
    for (const m of preview.cases) expect(pick(m.before)).toEqual(outcomeOf(before.get(m.caseNo)!))
    expect((await del(versionId)).statusCode).toBe(200)
    await reproject(Date.parse(preview.at))
    const after = await stored()
    const moved = new Map(preview.cases.map((m) => [m.caseNo, m]))
    for (const no of nos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
    }
    return preview
  }

  it('names exactly the petitions the retraction moves: a dated version, then the version for every petition; the stored clocks after it are the preview\'s', async () => {
    await reproject()
    const rec = new Map((await h.db.pool.query<{ petition_no: string; d: string }>(
      `SELECT p.petition_no, to_char(((p.state ->> 'receivedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d FROM petitions p WHERE p.petition_no LIKE 'PLP-%'`)).rows.map((r) => [r.petition_no, r.d]))
    const from = [...new Set(openNos().map((no) => rec.get(no)!))].sort()[10]!
    const all = (await put({ value: 6, unit: 'workday' })).json().version as { id: string }
    const dated = (await put({ value: 30, unit: 'workday', acceptedFrom: from })).json().version as { id: string }
    await reproject()

    expect((await previewRetract(supervisor, { jurisdictionCode: JURISDICTION, versionId: dated.id })).statusCode).toBe(403)
    expect((await previewRetract(admin, { jurisdictionCode: JURISDICTION, versionId: '999999' })).statusCode).toBe(404)
    expect((await previewRetract(admin, { jurisdictionCode: '999999', versionId: dated.id })).statusCode).toBe(404)
    expect((await previewRetract(admin, { jurisdictionCode: JURISDICTION, versionId: 'x' })).statusCode).toBe(400)

    // the dated version's retraction moves the open complaints received from its date (30 → 6 working days), no other
    const p1 = await retractAsPreviewed(dated.id)
    expect(p1.cases.filter((m) => m.moved).map((m) => m.caseNo).sort()).toEqual(openNos().filter((no) => rec.get(no)! >= from).sort())
    expect(p1.summary.moved).toBeLessThan(openNos().length)
    // the version for every petition: 6 working days → the shipped 15 for every open complaint
    const p2 = await retractAsPreviewed(all.id)
    expect(p2.summary.moved).toBe(openNos().length)
    expect(p2.summary.cards.revoked).toBeGreaterThan(0)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM petition_limits WHERE jurisdiction_code = $1`, [JURISDICTION])).rows[0].n).toBe(0)
  })
})

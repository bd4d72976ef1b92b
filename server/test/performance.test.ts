/**
 * Performance evaluation against the real PostgreSQL: a scoring run over stored facts gives the
 * hand-checked scores; the workflow's role checks (supervisor reviews, leader approves, not the
 * same person); a published run is frozen (later events, recomputes, corrections and direct SQL
 * change nothing published; a correction is a new version and both stay visible); every step is
 * audited; the draft 监察建议书 is a DOCX naming the department, period, score and deductions; the
 * public shape carries no personal data; a scheme is edited through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { insertCard, insertConcludedCase, seedWorkedExample } from '../../test/performance-fixtures.ts'
import { readZipEntry } from '../../test/unzip.ts'
import { DEFAULT_PERFORMANCE_SCHEME } from '../../domain/performance/DEFAULT_PERFORMANCE_SCHEME.ts'

let h: Harness
let sup: TestSession
let sup2: TestSession
let leader: TestSession
let both: TestSession
let admin: TestSession
let staff: TestSession
let cardIds: string[]

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  const mk = async (login: string, roles: Parameters<typeof createUser>[1]['roles'], extra: { departmentCode?: string } = {}) =>
    openSession(h.db.pool, await createUser(h.db.pool, { login, roles, jurisdictionCode: extra.departmentCode ? null : JURISDICTION, departmentCode: extra.departmentCode ?? null, displayName: login }))
  sup = await mk('perf.sup', ['supervisor'])
  sup2 = await mk('perf.sup2', ['supervisor'])
  leader = await mk('perf.leader', ['leader'])
  both = await mk('perf.both', ['supervisor', 'leader'])
  admin = await mk('perf.admin', ['admin'])
  staff = await mk('perf.staff', ['department_staff'], { departmentCode: '440204-SCJG' })
  ;({ cardIds } = await seedWorkedExample(h.db.pool))
}, 60_000)
afterAll(async () => {
  await h?.close()
})

interface Line { indicatorId: string; points: number; trace?: { kind: string; ref: string }[]; count?: number }
interface Card { departmentCode: string; score: number; grade: string; rank: number | null; volume: number; insufficient: boolean; lines: Line[]; handlers?: { handler: string; pointsDeducted: number }[] }
interface RunView { run: { state: string; version: number; supersededBy: string | null }; groups: { peerGroup: string; ranked: Card[]; insufficient: Card[] }[]; steps: { action: string; actorRole: string }[]; corrections: unknown[]; comments: unknown[] }

const post = (s: TestSession | null, url: string, payload: object = {}) => h.app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload })
const get = (s: TestSession | null, url: string) => h.app.inject({ method: 'GET', url, headers: s?.headers ?? {} })
const view = async (id: string) => (await get(sup, `/api/v1/performance/runs/${id}`)).json() as RunView
const scoreOf = (v: RunView, code: string) => v.groups.flatMap((g) => [...g.ranked, ...g.insufficient]).find((c) => c.departmentCode === code)!

let runId: string

describe('a scoring run over the stored facts', () => {
  it('computes the hand-checked scores: 市场监管局 71.33, 住建局 30 (不合格), 公安分局 样本不足', async () => {
    const res = await post(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-11' })
    expect(res.statusCode, res.body).toBe(201)
    runId = (res.json() as { id: string }).id
    const v = await view(runId)
    expect(v.run.state).toBe('draft')
    const scjg = scoreOf(v, '440204-SCJG')
    expect([scjg.score, scjg.grade, scjg.volume, scjg.rank]).toEqual([71.33, 'pass', 10, 1])
    expect(scjg.lines.map((l) => [l.indicatorId, l.points])).toEqual([
      ['onTime', 53.33], ['oneTime', 9], ['petitions', 7.5], ['satisfaction', 7.5], ['orders', 10], ['early', 4], ['cards', -15], ['warnings', -3], ['procedure', -2], ['supplements', 0],
    ])
    const zjj = scoreOf(v, '440204-ZJJ')
    expect([zjj.score, zjj.grade, zjj.rank]).toEqual([30, 'fail', 2])
    const vertical = v.groups.find((g) => g.peerGroup === 'vertical')!
    expect(vertical.ranked).toEqual([])
    expect(vertical.insufficient.map((c) => [c.departmentCode, c.score, c.volume, c.rank])).toEqual([['440204-GA', 110, 2, null]])
  })

  it("the scorecard traces each deduction to its cards and cases, and each handler's share", async () => {
    const res = await get(leader, `/api/v1/performance/runs/${runId}/departments/440204-SCJG`)
    expect(res.statusCode).toBe(200)
    const { scorecard } = res.json() as { scorecard: Card }
    const line = (id: string) => scorecard.lines.find((l) => l.indicatorId === id)!
    expect(line('cards').trace!.map((t) => t.ref)).toEqual([cardIds[0], cardIds[1]])
    expect(line('procedure').trace!.map((t) => t.ref)).toEqual([cardIds[3]])
    expect(line('onTime').trace!.map((t) => t.ref)).toEqual(['C5'])
    expect(line('warnings').trace!.map((t) => t.ref)).toEqual(['C5', 'C6', 'C7'])
    expect(line('petitions').trace!.map((t) => t.ref)).toEqual(['P2'])
    expect(scorecard.handlers!.map((x) => [x.handler, x.pointsDeducted])).toEqual([['张三', 5], ['李四', 2], ['（未记录）', 10]])
  })

  it('refuses a second open run for the month and bad input with coded 4xx', async () => {
    expect((await post(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-11' })).json()).toMatchObject({ code: 'PERFORMANCE_RUN_EXISTS' })
    expect((await post(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-13' })).statusCode).toBe(400)
    expect((await post(sup, '/api/v1/performance/runs', { jurisdictionCode: '999999', period: '2026-11' })).json()).toMatchObject({ code: 'UNKNOWN_JURISDICTION' })
    expect((await get(sup, '/api/v1/performance/runs/999999')).statusCode).toBe(404)
  })
})

describe('the review chain and its role checks', () => {
  it('who may do what', async () => {
    expect((await post(leader, `/api/v1/performance/runs/${runId}/submit`)).statusCode).toBe(403)
    expect((await post(leader, `/api/v1/performance/runs/${runId}/corrections`, { departmentCode: '440204-SCJG', points: 5, reason: 'x' })).statusCode).toBe(403)
    expect((await post(staff, `/api/v1/performance/runs/${runId}/comments`, { body: 'hi' })).statusCode).toBe(403)
    expect((await get(staff, `/api/v1/performance/runs/${runId}`)).statusCode).toBe(403)
    expect((await post(admin, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-10' })).statusCode).toBe(403)
    expect((await post(sup, `/api/v1/performance/runs/${runId}/approve`)).statusCode).toBe(403)
    // a draft cannot be approved or published
    expect((await post(leader, `/api/v1/performance/runs/${runId}/approve`)).json()).toMatchObject({ code: 'PERFORMANCE_RUN_STATE' })
    expect((await post(leader, `/api/v1/performance/runs/${runId}/publish`)).json()).toMatchObject({ code: 'PERFORMANCE_RUN_STATE' })
  })

  it('comment, correct with a reason (a line of its own), submit, return with a reason, submit again', async () => {
    expect((await post(sup, `/api/v1/performance/runs/${runId}/comments`, { departmentCode: '440204-ZJJ', body: '红牌集中在两件，请核实' })).statusCode).toBe(201)
    const blank = await post(sup, `/api/v1/performance/runs/${runId}/corrections`, { departmentCode: '440204-SCJG', points: 10, reason: '   ' })
    expect(blank.json()).toMatchObject({ code: 'BLANK_TEXT' })
    const corr = await post(sup, `/api/v1/performance/runs/${runId}/corrections`, { departmentCode: '440204-SCJG', points: 10, reason: '红牌经申诉认定不成立' })
    expect(corr.statusCode, corr.body).toBe(201)
    expect(corr.json()).toMatchObject({ score: 81.33, grade: 'good', rank: 1 })
    const card = ((await get(sup, `/api/v1/performance/runs/${runId}/departments/440204-SCJG`)).json() as { scorecard: Card; computed: Card })
    expect(card.scorecard.lines.at(-1)).toMatchObject({ kind: 'correction', points: 10 })
    expect(card.computed.score).toBe(71.33)
    expect((await post(sup, `/api/v1/performance/runs/${runId}/submit`, { note: '已复核' })).json()).toEqual({ id: runId, state: 'submitted' })
    expect((await post(sup, `/api/v1/performance/runs/${runId}/corrections`, { departmentCode: '440204-SCJG', points: 1, reason: '再改' })).json()).toMatchObject({ code: 'PERFORMANCE_RUN_STATE' })
    expect((await post(leader, `/api/v1/performance/runs/${runId}/return`, { reason: 'x' })).statusCode).toBe(400)
    expect((await post(leader, `/api/v1/performance/runs/${runId}/return`, { reason: '住建局红牌请再核实' })).json()).toEqual({ id: runId, state: 'draft' })
    expect((await post(both, `/api/v1/performance/runs/${runId}/submit`)).json()).toEqual({ id: runId, state: 'submitted' })
  })

  it('the one who submitted cannot approve; a leader approves, a supervisor publishes', async () => {
    expect((await post(both, `/api/v1/performance/runs/${runId}/approve`)).json()).toMatchObject({ code: 'PERFORMANCE_SAME_PERSON' })
    expect((await post(leader, `/api/v1/performance/runs/${runId}/approve`, { note: '同意' })).json()).toEqual({ id: runId, state: 'approved' })
    expect((await post(sup2, `/api/v1/performance/runs/${runId}/publish`)).json()).toEqual({ id: runId, state: 'published' })
    const v = await view(runId)
    expect(v.steps.map((s) => `${s.action}:${s.actorRole}`)).toEqual(['compute:supervisor', 'submit:supervisor', 'return:leader', 'submit:supervisor', 'approve:leader', 'publish:supervisor'])
  })

  it('every step is in the audit log, and the hash chain still verifies', async () => {
    const verify = await get(admin, '/api/v1/admin/audit/verify')
    expect(verify.statusCode).toBe(200)
    expect(verify.json()).toMatchObject({ ok: true })
    const { rows } = await h.db.pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'performance_run' AND entity_id = $1 ORDER BY seq`, [runId])
    expect(rows.map((r) => r.action)).toEqual([
      'performance.run.compute', 'performance.run.comment', 'performance.run.correct', 'performance.run.submit', 'performance.run.return',
      'performance.run.submit', 'performance.run.approve', 'performance.run.publish',
    ])
  })
})

describe('a published run is frozen', () => {
  let before: RunView
  let publishedBefore: string

  it('later events change nothing published', async () => {
    before = await view(runId)
    publishedBefore = (await get(leader, `/api/v1/performance/published/${JURISDICTION}?period=2026-11`)).body
    // a new red card and a late case for 市场监管局 in November, a revoked card, and a scheme change
    await insertCard(h.db.pool, { subject: 'case', subjectNo: 'C1', departmentCode: '440204-SCJG', color: 'red', rule: 'manual', issuedAt: '2026-11-30T09:00:00+08:00' })
    await insertConcludedCase(h.db.pool, { caseNo: 'LATE', departmentCode: '440204-SCJG', handler: '张三', concludedAt: '2026-11-28T10:00:00+08:00', deadlineDate: '2026-11-02' })
    await h.db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, rule, reason, issued_by, revokes) VALUES ('case', 'Z1', '440204-ZJJ', 'revocation', '申诉成立', 'test', $1)`, [cardIds[0]])
    const scheme = { ...DEFAULT_PERFORMANCE_SCHEME, indicators: DEFAULT_PERFORMANCE_SCHEME.indicators.map((i) => (i.kind === 'cards' ? { ...i, red: 50 } : i)) }
    expect((await post(admin, `/api/v1/performance/schemes/${JURISDICTION}`, { validFrom: '2026-01', definition: scheme, note: '红牌加重' })).statusCode).toBe(201)

    expect(await view(runId)).toEqual(before)
    expect((await get(leader, `/api/v1/performance/published/${JURISDICTION}?period=2026-11`)).body).toBe(publishedBefore)
  })

  it('no recompute, correction or comment through the API; no UPDATE or DELETE in SQL', async () => {
    expect((await post(sup, `/api/v1/performance/runs/${runId}/recompute`)).json()).toMatchObject({ code: 'PERFORMANCE_RUN_STATE' })
    expect((await post(sup, `/api/v1/performance/runs/${runId}/corrections`, { departmentCode: '440204-SCJG', points: 3, reason: '发布后更改' })).json()).toMatchObject({ code: 'PERFORMANCE_RUN_STATE' })
    expect((await post(leader, `/api/v1/performance/runs/${runId}/comments`, { body: '发布后评论' })).json()).toMatchObject({ code: 'PERFORMANCE_RUN_STATE' })
    await expect(h.db.pool.query(`UPDATE performance_scores SET score = 99 WHERE run_id = $1`, [runId])).rejects.toThrow(/frozen/)
    await expect(h.db.pool.query(`DELETE FROM performance_scores WHERE run_id = $1`, [runId])).rejects.toThrow(/frozen/)
    await expect(h.db.pool.query(`UPDATE performance_runs SET scheme = '{}' WHERE id = $1`, [runId])).rejects.toThrow(/frozen/)
    await expect(h.db.pool.query(`UPDATE performance_runs SET state = 'draft', published_at = NULL WHERE id = $1`, [runId])).rejects.toThrow(/frozen/)
    await expect(h.db.pool.query(`DELETE FROM performance_runs WHERE id = $1`, [runId])).rejects.toThrow(/cannot be deleted/)
    expect(await view(runId)).toEqual(before)
  })

  it('a correction is a new version with its reason; both stay visible; the old one is unchanged', async () => {
    expect((await post(sup, `/api/v1/performance/runs/${runId}/revisions`, { reason: 'x' })).statusCode).toBe(400)
    const rev = await post(sup, `/api/v1/performance/runs/${runId}/revisions`, { reason: '11 月 30 日补录人工红牌' })
    expect(rev.statusCode, rev.body).toBe(201)
    const v2 = (rev.json() as { id: string; version: number }).id
    expect((rev.json() as { version: number }).version).toBe(2)
    const draft = await view(v2)
    // recomputed from the facts now with the published run's own scheme (red −10, not v1's −50): the new red
    // card (−10) and the late case count, the revoked yellow card 101 (−5) no longer does
    const cardsLine = scoreOf(draft, '440204-SCJG').lines.find((l) => l.indicatorId === 'cards')!
    expect(cardsLine.points).toBe(-20)
    expect(scoreOf(draft, '440204-SCJG').score).not.toBe(scoreOf(before, '440204-SCJG').score)
    expect(scoreOf(draft, '440204-SCJG').volume).toBe(11)
    // still the published one until v2 is published
    expect((await get(leader, `/api/v1/performance/published/${JURISDICTION}?period=2026-11`)).body).toBe(publishedBefore)
    await post(sup, `/api/v1/performance/runs/${v2}/submit`)
    await post(leader, `/api/v1/performance/runs/${v2}/approve`)
    expect((await post(leader, `/api/v1/performance/runs/${v2}/publish`)).json()).toEqual({ id: v2, state: 'published' })
    const old = await view(runId)
    expect(old.run.supersededBy).toBe(v2)
    expect(old.groups).toEqual(before.groups)
    const pub = (await get(leader, `/api/v1/performance/published/${JURISDICTION}?period=2026-11`)).json() as { runs: { runId: string; version: number; revisionReason: string }[] }
    expect(pub.runs).toEqual([expect.objectContaining({ runId: v2, version: 2, revisionReason: '11 月 30 日补录人工红牌' })])
    const list = (await get(leader, `/api/v1/performance/runs?period=2026-11`)).json() as { id: string; version: number; state: string }[]
    expect(list.map((r) => [r.version, r.state])).toEqual([[2, 'published'], [1, 'published']])
  })
})

describe('the draft 监察建议书 (DOCX)', () => {
  it('for a department graded 不合格: a Word file naming the department, period, score and deductions', async () => {
    const res = await get(sup, `/api/v1/performance/runs/${runId}/departments/440204-ZJJ/recommendation.docx`)
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    expect(res.headers['content-type']).toContain('wordprocessingml')
    const xml = readZipEntry(res.rawPayload, 'word/document.xml')!.toString('utf8')
    expect(xml).toContain('监察建议书')
    expect(xml).toContain('住建局')
    expect(xml).toContain('2026 年 11 月')
    expect(xml).toContain('30.00')
    expect(xml).toContain('不合格')
    expect(xml).toContain('红牌 5 张 × 10')
    expect(xml).toContain('Z1')
  })
  it('refused for a department that passed, and for a leader', async () => {
    expect((await get(sup, `/api/v1/performance/runs/${runId}/departments/440204-SCJG/recommendation.docx`)).json()).toMatchObject({ code: 'PERFORMANCE_NOT_FAILING' })
    expect((await get(leader, `/api/v1/performance/runs/${runId}/departments/440204-ZJJ/recommendation.docx`)).statusCode).toBe(403)
  })
})

describe('published scores for the public and for a quarter', () => {
  it('the public shape has the figures and no personal data, no case or card numbers', async () => {
    const res = await get(null, `/api/v1/performance/public/${JURISDICTION}?period=2026-11`)
    expect(res.statusCode).toBe(200)
    for (const secret of ['张三', '李四', '王五', '赵六', 'C5', '"P2"', 'perf.sup', '红牌经申诉认定不成立', 'handlers', 'trace']) expect(res.body).not.toContain(secret)
    const body = res.json() as { groups: { peerGroup: string; ranked: { departmentCode: string; rank: number; volume: number; score: number }[] }[] }
    expect(body.groups[0]!.ranked.map((r) => r.departmentCode)).toContain('440204-SCJG')
  })
  it('a quarter is the mean of its published months', async () => {
    const q = (await get(leader, `/api/v1/performance/published/${JURISDICTION}?period=2026-Q4`)).json() as { departments: { departmentCode: string; months: string[] }[] }
    expect(q.departments.find((d) => d.departmentCode === '440204-ZJJ')!.months).toEqual(['2026-11'])
    expect((await get(leader, `/api/v1/performance/published/${JURISDICTION}?period=2026-Q5`)).json()).toMatchObject({ code: 'PERFORMANCE_PERIOD_INVALID' })
  })
})

describe('the scheme editor API', () => {
  it('admin writes versions; invalid schemes are refused with their problems; others may not write', async () => {
    const bad = await post(admin, `/api/v1/performance/schemes/${JURISDICTION}`, { validFrom: '2026-12', definition: { ...DEFAULT_PERFORMANCE_SCHEME, grades: { excellent: 50, good: 80, pass: 60 } } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'PERFORMANCE_SCHEME_INVALID' })
    expect((bad.json() as { detail: string }).detail).toContain('/grades')
    expect((await post(sup, `/api/v1/performance/schemes/${JURISDICTION}`, { validFrom: '2026-12', definition: DEFAULT_PERFORMANCE_SCHEME })).statusCode).toBe(403)
    const list = (await get(leader, `/api/v1/performance/schemes/${JURISDICTION}?period=2026-12`)).json() as { versions: { version: number }[]; applies: { version: number; scheme: { indicators: { id: string; red?: number }[] } } }
    expect(list.versions.map((v) => v.version)).toEqual([1])
    expect(list.applies.version).toBe(1)
    expect(list.applies.scheme.indicators.find((i) => i.id === 'cards')!.red).toBe(50)
    const { rows } = await h.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'performance.scheme.create'`)
    expect(rows.length).toBe(1)
  })
  it('a new month is scored with the scheme that applies to it (red −50 from v1)', async () => {
    await insertCard(h.db.pool, { subject: 'case', subjectNo: 'X', departmentCode: '440204-ZJJ', color: 'red', rule: 'manual', issuedAt: '2026-12-02T09:00:00+08:00' })
    const res = await post(sup, '/api/v1/performance/runs', { jurisdictionCode: JURISDICTION, period: '2026-12' })
    const v = await view((res.json() as { id: string }).id)
    expect(scoreOf(v, '440204-ZJJ').lines.find((l) => l.indicatorId === 'cards')!.points).toBe(-50)
  })
})

/**
 * Preview before save of an item's limits (issue 19), on the real PostgreSQL: 120 open cases of
 * one catalogue item — a third state no limit of their own (the item's promised limit counts),
 * a third state only a legal limit (the item's promised limit still wins), a third their own
 * promised limit (nothing moves) — plus cases of another item. The administrator previews a
 * shorter promised limit, saves it, and every case's stored clock after the set-based recompute
 * is exactly the preview's "after"; the recompute's counts are the preview's; the item and the
 * clocks' limits are updated; undo restores them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseMove, PreviewResponse, SaveResponse } from '../../domain/contracts/api/ruleChanges.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { projectCases } from '../../workers/project.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession
let supervisor: TestSession
const N = 120
const DAY = 86_400_000
const caseNos: string[] = []
const ITEM = 'LIM-1'

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'ri-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'ri-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'ri-admin')
  supervisor = await login(h.app, 'ri-sup')
  await h.db.pool.query(`INSERT INTO items (code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit)
    VALUES ($1, '食品经营许可', $2, 'promised', 20, 'workday', 12, 'workday'), ('LIM-2', '其他事项', $2, 'promised', 20, 'workday', 12, 'workday')`, [ITEM, DEPTS[0]])
  let seed = 4242
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const now = Date.now()
  const events: Record<string, unknown>[] = []
  for (let i = 0; i < N; i++) {
    const caseNo = `RIL-${String(i).padStart(4, '0')}`
    caseNos.push(caseNo)
    const t = now - (1 + Math.floor(rnd() * 25)) * DAY - Math.floor(rnd() * 6) * 3600_000
    const own = i % 3 === 0 ? {} : i % 3 === 1 ? { legalLimit: { value: 30, unit: 'workday' } } : { promisedLimit: { value: 8, unit: 'day' } }
    const itemCode = i % 10 === 9 ? 'LIM-2' : ITEM
    const ev = (n: number, kind: string, at: number, body: Record<string, unknown>) => events.push({ eventId: `${caseNo}-${n}`, kind, occurredAt: new Date(at).toISOString(), caseNo, departmentCode: DEPTS[0], body })
    ev(1, 'accepted', t, { itemCode, caseType: 'promised', applicant: { name: '李四', idNumber: '440204199001011234' }, ...own })
    if (rnd() < 0.3) {
      const from = t + (1 + Math.floor(rnd() * 3)) * DAY
      if (from + 4 * DAY < now) {
        ev(2, 'suspended', from, { procedure: 'expertReview', expectedDays: 3, approver: '赵' })
        ev(3, 'resumed', from + (1 + Math.floor(rnd() * 3)) * DAY, {})
      }
    }
  }
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as never })
  expect(res.statusCode).toBe(202)
  await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
})
afterAll(async () => {
  await h?.close()
})

const post = (url: string, s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as never })

interface Stored { case_no: string; deadline_date: string | null; warning_from: string | null; yellow_from: string | null; red_from: string | null; level: string; next: string | null; limit_value: number; limit_unit: string }
async function stored(): Promise<Map<string, Stored>> {
  const { rows } = await h.db.pool.query<Stored>(`SELECT case_no, deadline_date::text, warning_from::text, yellow_from::text, red_from::text, level, limit_value, limit_unit,
    to_char(next_transition_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS next FROM case_clocks WHERE case_no LIKE 'RIL-%'`)
  return new Map(rows.map((r) => [r.case_no, r]))
}
const outcomeOf = (s: Stored) => ({ deadlineDate: s.deadline_date, warningFrom: s.warning_from, yellowFrom: s.yellow_from, redFrom: s.red_from, level: s.level, nextTransitionAt: s.next })
const pick = (m: CaseMove['after']) => ({ deadlineDate: m.deadlineDate, warningFrom: m.warningFrom, yellowFrom: m.yellowFrom, redFrom: m.redFrom, level: m.level, nextTransitionAt: m.nextTransitionAt })

describe('preview and save of an item\'s limits', () => {
  const change = { kind: 'itemLimits', code: ITEM, promised: { value: 3, unit: 'workday' }, legal: { value: 20, unit: 'workday' } }

  it('is for administrators only and refuses bad input with 4xx', async () => {
    expect((await post('/api/v1/rules/preview', supervisor, { change })).statusCode).toBe(403)
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, code: 'NOPE' } })).statusCode).toBe(404)
    const longer = await post('/api/v1/rules/preview', admin, { change: { ...change, promised: { value: 25, unit: 'workday' } } })
    expect(longer.statusCode).toBe(400)
    expect(longer.json().code).toBe('VALIDATION_FAILED')
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, promised: { value: -1, unit: 'workday' } } })).statusCode).toBe(400)
  })

  it('saves exactly what the preview showed: only the cases counting the item\'s limit move, every stored clock equals the preview', async () => {
    const before = await stored()
    const res = await post('/api/v1/rules/preview', admin, { change, limit: 1000 })
    expect(res.statusCode).toBe(200)
    const preview = res.json() as PreviewResponse
    const ofItem = caseNos.filter((_, i) => i % 10 !== 9)
    expect(preview.summary.scanned).toBe(ofItem.length)
    const inheriting = new Set(ofItem.filter((no) => Number(no.slice(4)) % 3 !== 2))
    expect(preview.summary.moved).toBeGreaterThan(20)
    for (const m of preview.cases) expect(inheriting.has(m.caseNo)).toBe(true)
    expect(Object.keys(preview.summary.transitions).length).toBeGreaterThan(0)
    expect(JSON.stringify(preview)).not.toContain('李四')
    for (const m of preview.cases) expect(pick(m.before)).toEqual(outcomeOf(before.get(m.caseNo)!))

    const saveRes = await post('/api/v1/rules/changes', admin, { change, reason: '承诺时限压缩为3个工作日', baseChangeId: preview.baseChangeId })
    expect(saveRes.statusCode).toBe(201)
    const saved = saveRes.json() as SaveResponse
    expect(saved.change.summary).toEqual(preview.summary)
    expect(saved.recompute).toMatchObject({ scanned: ofItem.length, moved: preview.summary.moved, levelChanges: preview.summary.levelChanged, cardsIssued: preview.summary.cards.yellowIssued + preview.summary.cards.redIssued })
    // the inverse retracts the version the change added (migration 320)
    expect(saved.change.inverse).toMatchObject({ kind: 'itemLimitsRetract', code: ITEM })
    expect((await h.db.pool.query(`SELECT accepted_from, base_before FROM item_limit_versions WHERE item_code = $1`, [ITEM])).rows).toEqual([
      { accepted_from: null, base_before: { promised_limit: 12, promised_unit: 'workday', legal_limit: 20, legal_unit: 'workday' } },
    ])

    const after = await stored()
    const moved = new Map(preview.cases.map((m) => [m.caseNo, m]))
    for (const no of caseNos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
      const i = Number(no.slice(4))
      const expected = i % 3 === 2 ? [8, 'day'] : i % 10 === 9 ? [12, 'workday'] : [3, 'workday']
      expect([no, after.get(no)!.limit_value, after.get(no)!.limit_unit]).toEqual([no, ...expected])
    }
    const item = (await h.db.pool.query(`SELECT promised_limit, legal_limit FROM items WHERE code = $1`, [ITEM])).rows[0]
    expect(item).toEqual({ promised_limit: 3, legal_limit: 20 })
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rule_change.save'`)).rows[0].n).toBe(1)
  })

  it('undoes it: the item\'s limit and every clock are back', async () => {
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/rules/changes?jurisdiction=${JURISDICTION}`, headers: admin.headers })).json()
    const last = list.items[0]
    const undoPreview = (await post('/api/v1/rules/preview', admin, { change: last.inverse, limit: 1000 })).json() as PreviewResponse
    expect(undoPreview.summary.moved).toBe(last.summary.moved)
    const res = await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: last.id, reason: '恢复原时限' })
    expect(res.statusCode).toBe(201)
    const after = await stored()
    for (const m of undoPreview.cases) expect(pick(m.after)).toEqual(outcomeOf(after.get(m.caseNo)!))
    expect((await h.db.pool.query(`SELECT promised_limit FROM items WHERE code = $1`, [ITEM])).rows[0].promised_limit).toBe(12)
    expect(after.get('RIL-0000')!.limit_value).toBe(12)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM item_limit_versions WHERE item_code = $1`, [ITEM])).rows[0].n).toBe(0)
  })
})

describe('an item\'s limits effective from a date (versioned limits, migration 320)', () => {
  const base = { kind: 'itemLimits', code: ITEM, promised: { value: 3, unit: 'workday' }, legal: { value: 20, unit: 'workday' } }
  const accepted = async () => new Map((await h.db.pool.query<{ case_no: string; a: string }>(`SELECT case_no, clock_accepted::text AS a FROM case_clocks WHERE case_no LIKE 'RIL-%'`)).rows.map((r) => [r.case_no, r.a]))

  it('refuses a bad date and a retraction of a version the item does not have', async () => {
    const bad = await post('/api/v1/rules/preview', admin, { change: { ...base, acceptedFrom: '2027-02-30' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('INVALID_DATE')
    const latestId = (await h.app.inject({ method: 'GET', url: `/api/v1/rules/changes?jurisdiction=${JURISDICTION}`, headers: admin.headers })).json().latestId
    const missing = await post('/api/v1/rules/changes', admin, { change: { kind: 'itemLimitsRetract', code: ITEM, versionId: '999999' }, reason: '撤回不存在的版本', baseChangeId: latestId })
    expect(missing.statusCode).toBe(404)
  })

  it('previews both choices, saves the dated one exactly as previewed: only cases accepted from the date move, the catalogue keeps its limits; projection, recompute and the "why" agree; undo retracts it', async () => {
    const acc = await accepted()
    const dates = [...new Set([...acc.values()])].sort()
    const from = dates[Math.floor(dates.length / 2)]!
    const nowRes = (await post('/api/v1/rules/preview', admin, { change: base, limit: 1000 })).json() as PreviewResponse
    const datedRes = await post('/api/v1/rules/preview', admin, { change: { ...base, acceptedFrom: from }, limit: 1000 })
    expect(datedRes.statusCode).toBe(200)
    const dated = datedRes.json() as PreviewResponse
    // the dated preview is the "now" preview restricted to the cases accepted from the date
    expect(dated.cases.map((m) => m.caseNo)).toEqual(nowRes.cases.filter((m) => acc.get(m.caseNo)! >= from).map((m) => m.caseNo))
    expect(dated.summary.moved).toBeGreaterThan(5)
    expect(dated.summary.moved).toBeLessThan(nowRes.summary.moved)
    for (const m of dated.cases) expect(acc.get(m.caseNo)! >= from).toBe(true)

    const before = await stored()
    const saveRes = await post('/api/v1/rules/changes', admin, { change: { ...base, acceptedFrom: from }, reason: '新受理件承诺时限3个工作日', baseChangeId: dated.baseChangeId })
    expect(saveRes.statusCode).toBe(201)
    const saved = saveRes.json() as SaveResponse
    expect(saved.change.summary).toEqual(dated.summary)
    expect(saved.change.change).toMatchObject({ acceptedFrom: from })
    expect(saved.recompute.moved).toBe(dated.summary.moved)
    const after = await stored()
    const moved = new Map(dated.cases.map((m) => [m.caseNo, m]))
    for (const no of caseNos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
      const i = Number(no.slice(4))
      const expected = i % 3 === 2 ? [8, 'day'] : i % 10 === 9 || acc.get(no)! < from ? [12, 'workday'] : [3, 'workday']
      expect([no, after.get(no)!.limit_value, after.get(no)!.limit_unit]).toEqual([no, ...expected])
    }
    // the catalogue's limits (the base) are unchanged: they govern the cases accepted before the date
    expect((await h.db.pool.query(`SELECT promised_limit FROM items WHERE code = $1`, [ITEM])).rows[0].promised_limit).toBe(12)

    // the projection picks the same version for every case: re-projecting changes nothing
    await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
    const reprojected = await stored()
    for (const no of caseNos) expect({ no, ...reprojected.get(no)! }).toEqual({ no, ...after.get(no)! })

    // the "why" names the version for a case accepted from the date, none for an older one
    const newer = caseNos.find((no) => Number(no.slice(4)) % 3 === 0 && Number(no.slice(4)) % 10 !== 9 && acc.get(no)! >= from)!
    const older = caseNos.find((no) => Number(no.slice(4)) % 3 === 0 && Number(no.slice(4)) % 10 !== 9 && acc.get(no)! < from)!
    const why = async (no: string) => (await h.app.inject({ method: 'GET', url: `/api/v1/cases/${no}/explain`, headers: admin.headers })).json()
    expect((await why(newer)).limitsVersion).toEqual({ id: (saved.change.inverse as { versionId: string }).versionId, acceptedFrom: from })
    expect((await why(older)).limitsVersion).toBeNull()

    // the history shows the version's date; undo retracts it and every clock is back
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/rules/changes?jurisdiction=${JURISDICTION}`, headers: admin.headers })).json()
    expect(list.items[0].change.acceptedFrom).toBe(from)
    expect(list.items[0].inverse).toEqual({ kind: 'itemLimitsRetract', code: ITEM, versionId: (saved.change.inverse as { versionId: string }).versionId })
    const undoPreview = (await post('/api/v1/rules/preview', admin, { change: list.items[0].inverse, limit: 1000 })).json() as PreviewResponse
    expect(undoPreview.cases.map((m) => m.caseNo)).toEqual(dated.cases.map((m) => m.caseNo))
    const undo = await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: list.items[0].id, reason: '撤回' })
    expect(undo.statusCode).toBe(201)
    expect((undo.json() as SaveResponse).change.inverse).toEqual({ kind: 'itemLimits', code: ITEM, promised: base.promised, legal: base.legal, acceptedFrom: from })
    const back = await stored()
    for (const no of caseNos) expect({ no, ...back.get(no)! }).toEqual({ no, ...before.get(no)! })
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM item_limit_versions`)).rows[0].n).toBe(0)
  })

  it('a later change for every case overrides a dated one; retracting it brings the dated one back', async () => {
    const acc = await accepted()
    const from = [...new Set([...acc.values()])].sort().at(-3)!
    const save = async (change: unknown) => {
      const p = (await post('/api/v1/rules/preview', admin, { change })).json() as PreviewResponse
      const r = await post('/api/v1/rules/changes', admin, { change, reason: '调整时限', baseChangeId: p.baseChangeId })
      expect(r.statusCode).toBe(201)
      return r.json() as SaveResponse
    }
    await save({ ...base, promised: { value: 5, unit: 'workday' }, acceptedFrom: from })
    const limitOf = async (no: string) => (await stored()).get(no)!.limit_value
    const newer = caseNos.find((no) => Number(no.slice(4)) % 3 === 0 && Number(no.slice(4)) % 10 !== 9 && acc.get(no)! >= from)!
    const older = caseNos.find((no) => Number(no.slice(4)) % 3 === 0 && Number(no.slice(4)) % 10 !== 9 && acc.get(no)! < from)!
    expect([await limitOf(newer), await limitOf(older)]).toEqual([5, 12])
    const all = await save({ ...base, promised: { value: 10, unit: 'workday' } })
    expect([await limitOf(newer), await limitOf(older)]).toEqual([10, 10])
    expect((await h.db.pool.query(`SELECT promised_limit FROM items WHERE code = $1`, [ITEM])).rows[0].promised_limit).toBe(10)
    const undo = await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: all.change.id, reason: '撤回' })
    expect(undo.statusCode).toBe(201)
    expect([await limitOf(newer), await limitOf(older)]).toEqual([5, 12])
    expect((await h.db.pool.query(`SELECT promised_limit FROM items WHERE code = $1`, [ITEM])).rows[0].promised_limit).toBe(12)
  })
})

/**
 * Preview before save (issue 19) through the API, on the real PostgreSQL: 240 open cases accepted
 * over the last months (working- and calendar-day limits, closed suspensions, supplements) are
 * projected; an administrator previews a day off, saves it, and every case's stored clock after
 * the recompute is exactly the preview's "after" (deadline, thresholds, level, next transition);
 * the counts agree with the recompute's; a stale preview is refused with 409; undo restores the
 * deadlines; a department scheme's red cards are the ones the preview announced; a scheme effective
 * only for cases accepted from a date moves exactly the cases its preview named (the older ones keep
 * the version they started under, also when the projection recomputes them), and its undo retracts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../../domain/calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import type { CaseMove, PreviewResponse, SaveResponse } from '../../domain/contracts/api/ruleChanges.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { projectCases } from '../../workers/project.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession
let supervisor: TestSession
const N = 240
const DAY = 86_400_000
const caseNos: string[] = []

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'rc-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  await createUser(h.db.pool, { login: 'rc-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'rc-admin')
  supervisor = await login(h.app, 'rc-sup')
  let seed = 1919
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const now = Date.now()
  const events: Record<string, unknown>[] = []
  for (let i = 0; i < N; i++) {
    const caseNo = `RCH-${String(i).padStart(4, '0')}`
    caseNos.push(caseNo)
    const dept = DEPTS[i % DEPTS.length]!
    const t = now - (1 + Math.floor(rnd() * 60)) * DAY - Math.floor(rnd() * 6) * 3600_000
    const limit = 1 + Math.floor(rnd() * 40)
    const unit = rnd() < 0.75 ? 'workday' : 'day'
    const ev = (n: number, kind: string, at: number, body: Record<string, unknown>) => events.push({ eventId: `${caseNo}-${n}`, kind, occurredAt: new Date(at).toISOString(), caseNo, departmentCode: dept, body })
    ev(1, 'accepted', t, { itemCode: `ITEM-${i % 3}`, caseType: 'promised', applicant: { name: '张三', idNumber: '440204199001011234' }, promisedLimit: { value: limit, unit } })
    if (rnd() < 0.25) {
      const from = t + (1 + Math.floor(rnd() * 5)) * DAY
      if (from + 4 * DAY < now) {
        ev(2, 'suspended', from, { procedure: 'expertReview', expectedDays: 3, approver: '赵' })
        ev(3, 'resumed', from + (1 + Math.floor(rnd() * 3)) * DAY, {})
      }
    }
  }
  for (let i = 0; i < events.length; i += 100) {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events.slice(i, i + 100) as never })
    expect(res.statusCode).toBe(202)
  }
  await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
})
afterAll(async () => {
  await h?.close()
})

const post = (url: string, s: TestSession, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as never })

interface Stored { case_no: string; deadline_date: string | null; warning_from: string | null; yellow_from: string | null; red_from: string | null; level: string; next: string | null }
async function stored(): Promise<Map<string, Stored>> {
  const { rows } = await h.db.pool.query<Stored>(`SELECT case_no, deadline_date::text, warning_from::text, yellow_from::text, red_from::text, level,
    to_char(next_transition_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS next FROM case_clocks WHERE case_no LIKE 'RCH-%'`)
  return new Map(rows.map((r) => [r.case_no, r]))
}
const outcomeOf = (s: Stored) => ({ deadlineDate: s.deadline_date, warningFrom: s.warning_from, yellowFrom: s.yellow_from, redFrom: s.red_from, level: s.level, nextTransitionAt: s.next })
const pick = (m: CaseMove['after']) => ({ deadlineDate: m.deadlineDate, warningFrom: m.warningFrom, yellowFrom: m.yellowFrom, redFrom: m.redFrom, level: m.level, nextTransitionAt: m.nextTransitionAt })

/** The first working day at least 3 days ahead (a day the open deadlines are likely to span). */
function nextWorkday(): string {
  const cal = cnWorkCalendar()
  let d = localDayOf(Date.now(), 'Asia/Shanghai') + 3
  while (!cal.isWorkday(d)) d++
  return fromEpochDay(d)
}

describe('preview, save and undo of a calendar change', () => {
  const date = nextWorkday()
  const change = { kind: 'calendarOverride', jurisdictionCode: JURISDICTION, date, isWorkday: false }

  it('is for administrators only, and refuses bad input with 4xx', async () => {
    expect((await post('/api/v1/rules/preview', supervisor, { change })).statusCode).toBe(403)
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, date: '2026-02-30' } })).json().code).toBe('INVALID_DATE')
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, jurisdictionCode: '999999' } })).statusCode).toBe(404)
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, date: '1900-01-01' } })).json().code).toBe('VALIDATION_FAILED')
    expect((await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: '1', reason: '撤销' })).statusCode).toBe(404)
    expect((await post('/api/v1/rules/preview', admin, { change: { kind: 'scheme', scope: 'department', code: DEPTS[0], scheme: { warning: { offset: 0 }, yellow: 4, red: 2 } } })).statusCode).toBe(400)
  })

  it('saves exactly what the preview showed: every stored clock equals the preview, counts agree with the recompute', async () => {
    const before = await stored()
    const res = await post('/api/v1/rules/preview', admin, { change, limit: 1000 })
    expect(res.statusCode).toBe(200)
    const preview = res.json() as PreviewResponse
    expect(preview.summary.scanned).toBe(N)
    expect(preview.summary.moved).toBeGreaterThan(20)
    expect(JSON.stringify(preview)).not.toContain('张三')
    expect(JSON.stringify(preview)).not.toContain('440204199001011234')
    // the preview's "before" is what is stored now
    for (const m of preview.cases) expect(pick(m.before)).toEqual(outcomeOf(before.get(m.caseNo)!))

    const saveRes = await post('/api/v1/rules/changes', admin, { change, reason: '防汛停工一天', baseChangeId: preview.baseChangeId })
    expect(saveRes.statusCode).toBe(201)
    const saved = saveRes.json() as SaveResponse
    expect(saved.change.summary).toEqual(preview.summary)
    expect(saved.recompute).toMatchObject({ scanned: N, moved: preview.summary.moved, levelChanges: preview.summary.levelChanged })

    const after = await stored()
    const moved = new Map(preview.cases.map((m) => [m.caseNo, m]))
    for (const no of caseNos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
    }
    const rec = await h.db.pool.query(`SELECT requested_by, reason, jsonb_array_length(moves) AS n FROM rule_changes`)
    expect(rec.rows).toEqual([{ requested_by: 'rc-admin', reason: '防汛停工一天', n: preview.summary.moved + preview.summary.levelChanged - preview.cases.filter((c) => c.moved && c.levelChanged).length }])
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rule_change.save'`)).rows[0].n).toBe(1)

    // a second save based on the old preview is refused, nothing applied
    const stale = await post('/api/v1/rules/changes', admin, { change: { ...change, isWorkday: true }, reason: '重复保存', baseChangeId: preview.baseChangeId })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining('by rc-admin (防汛停工一天)') })
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM rule_changes`)).rows[0].n).toBe(1)
  })

  it('undoes the latest change as a new change whose preview is the way back', async () => {
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/rules/changes?jurisdiction=${JURISDICTION}`, headers: admin.headers })).json()
    expect(list.items).toHaveLength(1)
    const last = list.items[0]
    expect(last.inverse).toEqual({ ...change, isWorkday: null })
    const undoPreview = (await post('/api/v1/rules/preview', admin, { change: last.inverse })).json() as PreviewResponse
    expect(undoPreview.summary.moved).toBe(last.summary.moved)
    const res = await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: last.id, reason: '误操作撤销' })
    expect(res.statusCode).toBe(201)
    expect((res.json() as SaveResponse).change.undoes).toBe(last.id)
    const again = await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: last.id, reason: '再撤销' })
    expect(again.statusCode).toBe(409)
    const after = await stored()
    for (const m of undoPreview.cases) expect(pick(m.after)).toEqual(outcomeOf(after.get(m.caseNo)!))
    const history = (await h.app.inject({ method: 'GET', url: `/api/v1/rules/changes?jurisdiction=${JURISDICTION}`, headers: admin.headers })).json()
    expect(history.items.map((i: { id: string; undoes: string | null; undoneBy: string | null }) => [i.undoes, i.undoneBy])).toEqual([[last.id, null], [null, history.items[0].id]])
  })
})

describe('preview and save of a department scheme', () => {
  it('raises the red cards the preview announced', async () => {
    const change = { kind: 'scheme', scope: 'department', code: DEPTS[1], scheme: { warning: { offset: 0 }, yellow: 1, red: 1 } }
    const preview = (await post('/api/v1/rules/preview', admin, { change })).json() as PreviewResponse
    expect(preview.summary.cards.redIssued).toBeGreaterThan(0)
    expect(preview.summary.byDepartment.map((d) => d.departmentCode)).toEqual([DEPTS[1]])
    const cardsBefore = (await h.db.pool.query(`SELECT count(*)::int AS n FROM cards WHERE color = 'red' AND rule = 'overdue'`)).rows[0].n
    const res = await post('/api/v1/rules/changes', admin, { change, reason: '红牌提前', baseChangeId: preview.baseChangeId })
    expect(res.statusCode).toBe(201)
    expect((res.json() as SaveResponse).recompute.cardsIssued).toBe(preview.summary.cards.redIssued + preview.summary.cards.yellowIssued)
    const cardsAfter = (await h.db.pool.query(`SELECT count(*)::int AS n FROM cards WHERE color = 'red' AND rule = 'overdue'`)).rows[0].n
    expect(cardsAfter - cardsBefore).toBe(preview.summary.cards.redIssued)
  })
})

describe('a scheme effective from a date (versioned schemes)', () => {
  /** The acceptance dates of the department's open cases, sorted: the date splits them in two. */
  async function splitDate(dept: string): Promise<{ date: string; older: string[]; newer: string[] }> {
    const { rows } = await h.db.pool.query<{ case_no: string; a: string }>(
      `SELECT case_no, clock_accepted::text AS a FROM case_clocks WHERE case_no LIKE 'RCH-%' AND department_code = $1 AND clock_status = 'running' ORDER BY clock_accepted, case_no`, [dept])
    const date = rows[Math.floor(rows.length / 2)]!.a
    return { date, older: rows.filter((r) => r.a < date).map((r) => r.case_no), newer: rows.filter((r) => r.a >= date).map((r) => r.case_no) }
  }

  it('previews both variants; saving the dated one moves exactly the cases its preview named, all accepted from the date', async () => {
    const dept = DEPTS[2]!
    const { date, older, newer } = await splitDate(dept)
    expect(older.length).toBeGreaterThan(3)
    expect(newer.length).toBeGreaterThan(3)
    const scheme = { warning: { offset: -3 }, yellow: 1, red: 2 }
    const all = (await post('/api/v1/rules/preview', admin, { change: { kind: 'scheme', scope: 'department', code: dept, scheme }, limit: 1000 })).json() as PreviewResponse
    const change = { kind: 'scheme', scope: 'department', code: dept, scheme, acceptedFrom: date }
    const res = await post('/api/v1/rules/preview', admin, { change, limit: 1000 })
    expect(res.statusCode).toBe(200)
    const dated = res.json() as PreviewResponse
    const datedNos = dated.cases.map((c) => c.caseNo)
    expect(datedNos.length).toBeGreaterThan(0)
    // the dated variant names only cases accepted from the date, and fewer than the all-cases variant
    for (const no of datedNos) expect(newer).toContain(no)
    expect(all.cases.some((c) => older.includes(c.caseNo))).toBe(true)
    expect(dated.summary.levelChanged + dated.summary.moved).toBeLessThan(all.summary.levelChanged + all.summary.moved)

    const before = await stored()
    const saveRes = await post('/api/v1/rules/changes', admin, { change, reason: '新规自某日起受理的办件适用', baseChangeId: dated.baseChangeId })
    expect(saveRes.statusCode).toBe(201)
    const saved = saveRes.json() as SaveResponse
    expect(saved.change.change).toEqual(change)
    expect(saved.change.summary).toEqual(dated.summary)
    expect(saved.recompute).toMatchObject({ moved: dated.summary.moved, levelChanges: dated.summary.levelChanged })
    const after = await stored()
    const moved = new Map(dated.cases.map((m) => [m.caseNo, m]))
    for (const no of caseNos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
    }

    // the projection (worker) keeps each case under its version: re-projecting changes nothing
    await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
    const reprojected = await stored()
    for (const no of caseNos) expect({ no, ...outcomeOf(reprojected.get(no)!) }).toEqual({ no, ...outcomeOf(after.get(no)!) })

    // the "why" of an older case still explains the version it started under, a newer one the new version
    type Why = { clock: { redFrom: string | null }; schemeVersion: { scope: string; code: string; acceptedFrom: string | null } | null }
    const why = async (no: string) => (await h.app.inject({ method: 'GET', url: `/api/v1/cases/${no}/explain`, headers: admin.headers })).json() as Why
    const newOne = datedNos[0]!
    const newWhy = await why(newOne)
    expect(newWhy.clock.redFrom).toBe(after.get(newOne)!.red_from)
    expect(newWhy.schemeVersion).toMatchObject({ scope: 'department', code: dept, acceptedFrom: date })
    const oldOne = older.find((no) => before.get(no)!.red_from !== null)!
    const oldWhy = await why(oldOne)
    expect(oldWhy.clock.redFrom).toBe(before.get(oldOne)!.red_from)
    expect(oldWhy.schemeVersion?.acceptedFrom ?? null).toBeNull()

    // the history shows the effective-from; the undo retracts the version and moves the same cases back
    const list = (await h.app.inject({ method: 'GET', url: `/api/v1/rules/changes?jurisdiction=${JURISDICTION}`, headers: admin.headers })).json()
    expect(list.items[0].change.acceptedFrom).toBe(date)
    expect(list.items[0].inverse).toMatchObject({ kind: 'schemeRetract', scope: 'department', code: dept })
    const undoPreview = (await post('/api/v1/rules/preview', admin, { change: list.items[0].inverse, limit: 1000 })).json() as PreviewResponse
    expect(undoPreview.cases.map((c) => c.caseNo).sort()).toEqual(datedNos.slice().sort())
    const undo = await post('/api/v1/rules/changes/undo', admin, { jurisdictionCode: JURISDICTION, changeId: list.items[0].id, reason: '撤回新规' })
    expect(undo.statusCode).toBe(201)
    const back = await stored()
    for (const no of caseNos) expect({ no, ...outcomeOf(back.get(no)!) }).toEqual({ no, ...outcomeOf(before.get(no)!) })
    // a retraction of a version that is gone is refused
    const gone = await post('/api/v1/rules/changes', admin, { change: list.items[0].inverse, reason: '再撤回', baseChangeId: undo.json().change.id })
    expect(gone.statusCode).toBe(404)
  })

  it('refuses a bad effective-from date', async () => {
    const change = { kind: 'scheme', scope: 'department', code: DEPTS[2], scheme: { warning: { offset: 0 }, yellow: 1, red: 2 } }
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, acceptedFrom: '2026-02-30' } })).json().code).toBe('INVALID_DATE')
    expect((await post('/api/v1/rules/preview', admin, { change: { ...change, acceptedFrom: '26-1-1' } })).statusCode).toBe(400)
  })
})

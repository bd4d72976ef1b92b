/**
 * A catalogue (XLSX) import effective from a date moves the open clocks at once (issue 19), on
 * the real PostgreSQL: 60 open cases of one item, accepted over the last weeks — a third with a
 * promised limit of their own (the item's change does not move them). The import preview with a
 * date names the cases the new limit would move (those accepted from the date, without their own
 * limit); the import itself recomputes them in its transaction: the answer names the same cases,
 * every stored clock is the answer's "after" (the others are untouched), the clocks count the new
 * limit, and a re-projection afterwards changes nothing. An import without a date leaves the
 * clocks to their next projection, as before.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { columnHeader, ITEM_COLUMNS } from '../../domain/admin/itemImport.ts'
import type { ItemImportReport } from '../../domain/contracts/api/admin.ts'
import type { CaseMove } from '../../domain/contracts/api/ruleChanges.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { projectCases } from '../../workers/project.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession
const DAY = 86_400_000
const ITEM = 'IMPC-1'
const caseNos: string[] = []

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'ic-admin', roles: ['admin'], jurisdictionCode: JURISDICTION })
  admin = await login(h.app, 'ic-admin')
  await h.db.pool.query(`INSERT INTO items (code, name, department_code, case_type, legal_limit, legal_unit, promised_limit, promised_unit, fee_standard)
    VALUES ($1, '食品经营许可', $2, 'promised', 20, 'workday', 12, 'workday', 0)`, [ITEM, DEPTS[0]])
  const now = Date.now()
  const events: Record<string, unknown>[] = []
  for (let i = 0; i < 60; i++) {
    const caseNo = `IMC-${String(i).padStart(3, '0')}`
    caseNos.push(caseNo)
    const t = now - (1 + (i % 24)) * DAY - (i % 5) * 3600_000
    const own = i % 3 === 2 ? { promisedLimit: { value: 8, unit: 'day' } } : {}
    events.push({ eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date(t).toISOString(), caseNo, departmentCode: DEPTS[0], body: { itemCode: ITEM, caseType: 'promised', applicant: { name: '李四', idNumber: '440204199001011234' }, ...own } })
  }
  expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events as never })).statusCode).toBe(202)
  await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool) })
})
afterAll(async () => {
  await h?.close()
})

async function workbook(promised: number): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('事项目录')
  ws.addRow(ITEM_COLUMNS.map(columnHeader))
  ws.addRow([ITEM, '食品经营许可', DEPTS[0], '承诺件', 20, '工作日', promised, '工作日', 0, '是'])
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}
const post = (url: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: admin.headers, payload: payload as never })

interface Stored { case_no: string; deadline_date: string | null; warning_from: string | null; yellow_from: string | null; red_from: string | null; level: string; next: string | null; limit_value: number; accepted: string }
async function stored(): Promise<Map<string, Stored>> {
  const { rows } = await h.db.pool.query<Stored>(`SELECT case_no, deadline_date::text, warning_from::text, yellow_from::text, red_from::text, level, limit_value, clock_accepted::text AS accepted,
    to_char(next_transition_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS next FROM case_clocks WHERE case_no LIKE 'IMC-%'`)
  return new Map(rows.map((r) => [r.case_no, r]))
}
const outcomeOf = (s: Stored) => ({ deadlineDate: s.deadline_date, warningFrom: s.warning_from, yellowFrom: s.yellow_from, redFrom: s.red_from, level: s.level, nextTransitionAt: s.next })
const pick = (m: CaseMove['after']) => ({ deadlineDate: m.deadlineDate, warningFrom: m.warningFrom, yellowFrom: m.yellowFrom, redFrom: m.redFrom, level: m.level, nextTransitionAt: m.nextTransitionAt })

describe('a dated catalogue import moves the open clocks at once', () => {
  it('previews the cases its new limits move, recomputes exactly those in its transaction, and the stored clocks are its answer\'s', async () => {
    const before = await stored()
    const from = [...new Set([...before.values()].map((s) => s.accepted))].sort()[10]!
    const expected = caseNos.filter((no, i) => i % 3 !== 2 && before.get(no)!.accepted >= from).sort()
    expect(expected.length).toBeGreaterThan(5)
    const file = await workbook(3)

    const preview = (await post('/api/v1/admin/items/import/preview', { file, acceptedFrom: from })).json() as ItemImportReport
    expect(preview).toMatchObject({ applied: false, updated: [ITEM] })
    expect(preview.clocks!.cases.map((m) => m.caseNo)).toEqual(expected)
    expect(preview.clocks!.summary.moved).toBe(expected.length)
    for (const m of preview.clocks!.cases) expect(pick(m.before)).toEqual(outcomeOf(before.get(m.caseNo)!))
    expect(await stored()).toEqual(before) // the preview wrote nothing

    const res = await post('/api/v1/admin/items/import', { file, acceptedFrom: from })
    expect(res.statusCode).toBe(200)
    const applied = res.json() as ItemImportReport
    expect(applied.applied).toBe(true)
    expect(applied.clocks!.cases.map((m) => m.caseNo)).toEqual(expected)
    expect(applied.clocks!.cases.map((m) => m.after.deadlineDate)).toEqual(preview.clocks!.cases.map((m) => m.after.deadlineDate))
    const after = await stored()
    const moved = new Map(applied.clocks!.cases.map((m) => [m.caseNo, m]))
    for (const no of caseNos) {
      const m = moved.get(no)
      expect({ no, ...outcomeOf(after.get(no)!) }).toEqual({ no, ...(m ? pick(m.after) : outcomeOf(before.get(no)!)) })
      expect({ no, limit: after.get(no)!.limit_value }).toEqual({ no, limit: m ? 3 : before.get(no)!.limit_value })
    }
    // the level changes are recorded as a recompute's
    const recorded = (await h.db.pool.query(`SELECT count(*)::int AS n FROM level_changes WHERE source = 'recompute' AND subject_no LIKE 'IMC-%'`)).rows[0].n
    expect(recorded).toBe(applied.clocks!.summary.levelChanged)
    // the projection computes the same clocks: nothing left for it to move
    await projectCases(h.db.pool, caseNos, { context: createContextProvider(h.db.pool), nowMs: Date.parse(applied.clocks!.at) })
    expect(await stored()).toEqual(after)
  })

  it('an import without a date says nothing of clocks and leaves them to the next projection', async () => {
    const before = await stored()
    const file = await workbook(5)
    const preview = (await post('/api/v1/admin/items/import/preview', { file })).json() as ItemImportReport
    expect(preview.clocks).toBeUndefined()
    const applied = (await post('/api/v1/admin/items/import', { file })).json() as ItemImportReport
    expect(applied).toMatchObject({ applied: true, updated: [ITEM] })
    expect(applied.clocks).toBeUndefined()
    expect(await stored()).toEqual(before)
  })
})

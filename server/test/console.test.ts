/**
 * The console's reads and card confirmation against real PostgreSQL/Redis: filters, views, paging
 * and sorting of GET /api/v1/cases; CSV/XLSX export (same rows and order as the list, BOM, masking
 * by role, audit of unmasked exports, scope); the filter choices; the process query of a case
 * ingested through the API; confirming automatic cards (immutable, audited, published view).
 */
import ExcelJS from 'exceljs'
import { cursorOver, sql } from '../../sql/queries.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle } from '../../domain/events/fixtures.ts'
import { cnWorkCalendar } from '../../domain/calendar/cnWorkCalendar.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import { daysLeft } from '../../domain/clock/daysLeft.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'

const [SCJG, ZJJ, GA] = DEPTS
const SCJG_01 = '440204-SCJG-01'
const APPLICANT = { name: '张小三', idNumber: '440204199001011234', phone: '13800005678' }

interface Seed { dept: string; item: string | null; type: string; status: string; level: string; at: string; deadline: string | null; fee?: number; supplements?: number; suspended?: boolean; anomalies?: number }
// at: received (submitted) instant; times in UTC (Shanghai = +8)
const CASES: Record<string, Seed> = {
  'ZJ-2026-0001': { dept: SCJG, item: 'SCJG-001', type: 'promised', status: 'accepted', level: 'normal', at: '2026-11-02T01:00:00Z', deadline: '2026-11-20' },
  'ZJ-2026-0002': { dept: SCJG_01, item: 'SCJG-001', type: 'promised', status: 'concluded', level: 'yellow', at: '2026-11-03T01:00:00Z', deadline: '2026-11-10', fee: 120 },
  'ZJ-2026-0003': { dept: ZJJ, item: 'ZJJ-001', type: 'joint', status: 'undertaken', level: 'red', at: '2026-11-04T01:00:00Z', deadline: '2026-11-05', supplements: 1 },
  'ZJ-2026-0004': { dept: ZJJ, item: 'ZJJ-001', type: 'promised', status: 'submitted', level: 'normal', at: '2026-11-05T01:00:00Z', deadline: null },
  'ZJ-2026-0005': { dept: GA, item: 'GA-001', type: 'immediate', status: 'returned', level: 'normal', at: '2026-11-06T01:00:00Z', deadline: null, anomalies: 1 },
  'ZJ-2026-0006': { dept: GA, item: 'GA-001', type: 'immediate', status: 'reviewed', level: 'warning', at: '2026-11-30T17:00:00Z', deadline: '2026-12-02', suspended: true, fee: 5 },
}

let h: Harness
const s: Record<string, TestSession> = {}

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  const q = (text: string, params: unknown[] = []) => h.db.pool.query(text, params)
  await q(`INSERT INTO departments (code, jurisdiction_code, parent_code, name, kind) VALUES ($1, $2, $3, '市场监管所', 'town')`, [SCJG_01, JURISDICTION, SCJG])
  await q(`INSERT INTO items (code, department_code, name, case_type, fee_standard) VALUES
           ('SCJG-001', $1, '食品经营许可', 'promised', 100), ('ZJJ-001', $2, '施工许可', 'joint', 0), ('GA-001', $3, '户籍证明', 'immediate', 0)`, [SCJG, ZJJ, GA])
  for (const [no, c] of Object.entries(CASES)) {
    const state = { caseNo: no, applicant: APPLICANT, suspensions: c.suspended ? [{ from: c.at, to: null }] : [], anomalies: Array.from({ length: c.anomalies ?? 0 }, () => ({ rule: 'returnedWithoutReason' })) }
    await q(
      `WITH c AS (
         INSERT INTO cases (case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at, concluded_at, returned_at, state, event_count, last_occurred_at,
                            fee_charged, supplement_count, suspended, jurisdiction_code)
         VALUES ($1, $2, $3, $4, $5, $7, $8, CASE WHEN $5 <> 'submitted' THEN $8::timestamptz + interval '1 hour' END,
                 CASE WHEN $5 = 'concluded' THEN $8::timestamptz + interval '5 days' END, CASE WHEN $5 = 'returned' THEN $8::timestamptz + interval '2 hours' END,
                 $9, 3, $8, $11, $12, $13, '440204')
         RETURNING case_no, department_code, item_code)
       INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, item_code, level, deadline_date, limit_value, limit_unit)
       SELECT case_no, '440204', department_code, item_code, $6, $10::date, 10, 'workday' FROM c`,
      [no, c.dept, c.item, c.type, c.status, c.level, APPLICANT, c.at, state, c.deadline, c.fee ?? null, c.supplements ?? 0, c.suspended ?? false],
    )
  }
  const users = {
    supervisor: await createUser(h.db.pool, { login: 'sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }),
    leader: await createUser(h.db.pool, { login: 'lead', roles: ['leader'], jurisdictionCode: JURISDICTION }),
    staff: await createUser(h.db.pool, { login: 'staff.zjj', roles: ['department_staff'], departmentCode: ZJJ }),
  }
  for (const [k, u] of Object.entries(users)) s[k] = await openSession(h.db.pool, u)
})
afterAll(async () => {
  await h?.close()
})

const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s[who]!.cookie } })
const post = (who: string, url: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s[who]!.headers, payload: payload as Record<string, unknown> })
const list = async (who: string, qs: string) => {
  const res = await get(who, `/api/v1/cases?${qs}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { total: number; items: Record<string, unknown>[] }
}
const nos = (b: { items: Record<string, unknown>[] }) => b.items.map((i) => i.caseNo)

describe('GET /api/v1/cases: filters, views, paging, sorting', () => {
  it('filters by part of the receipt number, item, case type, level and status', async () => {
    expect(nos(await list('supervisor', 'q=2026-0003'))).toEqual(['ZJ-2026-0003'])
    expect(nos(await list('supervisor', 'q=zj-2026-000&limit=2')).length).toBe(2)
    expect(nos(await list('supervisor', 'item=SCJG-001'))).toEqual(['ZJ-2026-0002', 'ZJ-2026-0001'])
    expect(nos(await list('supervisor', 'caseType=immediate'))).toEqual(['ZJ-2026-0006', 'ZJ-2026-0005'])
    expect(nos(await list('supervisor', 'level=red'))).toEqual(['ZJ-2026-0003'])
    expect(nos(await list('supervisor', 'status=submitted'))).toEqual(['ZJ-2026-0004'])
  })

  it('filters by department subtree (towns below an agency) and by local dates (inclusive)', async () => {
    expect(nos(await list('supervisor', `department=${SCJG}`))).toEqual(['ZJ-2026-0002', 'ZJ-2026-0001'])
    expect(nos(await list('supervisor', `department=${SCJG_01}`))).toEqual(['ZJ-2026-0002'])
    expect(nos(await list('supervisor', 'from=2026-11-03&to=2026-11-05'))).toEqual(['ZJ-2026-0004', 'ZJ-2026-0003', 'ZJ-2026-0002'])
    // 2026-11-30T17:00Z is 2026-12-01 01:00 in Shanghai: it belongs to 1 December, not 30 November
    expect(nos(await list('supervisor', 'from=2026-12-01&to=2026-12-01'))).toEqual(['ZJ-2026-0006'])
    expect(nos(await list('supervisor', 'from=2026-11-30&to=2026-11-30'))).toEqual([])
  })

  it('combines a department subtree with a level (the facts\' index) and matches wildcard characters of a number search literally', async () => {
    expect(await list('supervisor', `department=${SCJG}&level=yellow`)).toMatchObject({ total: 1, items: [{ caseNo: 'ZJ-2026-0002' }] })
    expect(nos(await list('supervisor', `department=${SCJG_01}&level=yellow`))).toEqual(['ZJ-2026-0002'])
    expect(await list('supervisor', `department=${SCJG}&level=red`)).toMatchObject({ total: 0, items: [] })
    expect(nos(await list('supervisor', `department=${ZJJ}&level=red`))).toEqual(['ZJ-2026-0003'])
    expect(nos(await list('supervisor', `department=${SCJG}&level=normal`))).toEqual(['ZJ-2026-0001'])
    // a level change reaches the list at once (the facts are kept in the writer's transaction)
    await h.db.pool.query(`UPDATE case_clocks SET level = 'red' WHERE case_no = 'ZJ-2026-0001'`)
    try {
      expect(nos(await list('supervisor', `department=${SCJG}&level=red`))).toEqual(['ZJ-2026-0001'])
      expect(nos(await list('supervisor', `department=${SCJG}&level=normal`))).toEqual([])
    } finally {
      await h.db.pool.query(`UPDATE case_clocks SET level = 'normal' WHERE case_no = 'ZJ-2026-0001'`)
    }
    // % and _ are characters of the number, not patterns: no case number holds them
    for (const q of ['%25', '_', '2026_0003', 'ZJ%252026', '%5C']) expect((await list('supervisor', `q=${q}`)).total).toBe(0)
    expect(nos(await list('supervisor', 'q=-0003'))).toEqual(['ZJ-2026-0003'])
  })

  it('has the comprehensive tabs and monitoring views', async () => {
    const view = async (v: string) => nos(await list('supervisor', `view=${v}&sort=caseNo&order=asc`))
    expect(await view('inProgress')).toEqual(['ZJ-2026-0001', 'ZJ-2026-0003', 'ZJ-2026-0006'])
    expect(await view('pending')).toEqual(['ZJ-2026-0004'])
    expect(await view('concluded')).toEqual(['ZJ-2026-0002'])
    expect(await view('alert')).toEqual(['ZJ-2026-0002', 'ZJ-2026-0003', 'ZJ-2026-0006'])
    expect(await view('exceptions')).toEqual(['ZJ-2026-0003', 'ZJ-2026-0005', 'ZJ-2026-0006'])
    expect(await view('fee')).toEqual(['ZJ-2026-0001', 'ZJ-2026-0002', 'ZJ-2026-0006'])
    expect(await view('procedure')).toEqual(['ZJ-2026-0005'])
  })

  it('pages with a total over all pages', async () => {
    const p1 = await list('supervisor', 'limit=4&offset=0')
    const p2 = await list('supervisor', 'limit=4&offset=4')
    expect(p1.total).toBe(6)
    expect(p2.total).toBe(6)
    expect(p1.items).toHaveLength(4)
    expect([...nos(p1), ...nos(p2)]).toEqual(['ZJ-2026-0006', 'ZJ-2026-0005', 'ZJ-2026-0004', 'ZJ-2026-0003', 'ZJ-2026-0002', 'ZJ-2026-0001'])
    expect((await list('supervisor', 'view=alert&limit=1')).total).toBe(3)
  })

  it('sorts by deadline, level and fee in both directions (nulls last)', async () => {
    expect(nos(await list('supervisor', 'sort=deadlineDate&order=asc'))).toEqual(['ZJ-2026-0003', 'ZJ-2026-0002', 'ZJ-2026-0001', 'ZJ-2026-0006', 'ZJ-2026-0005', 'ZJ-2026-0004'])
    expect(nos(await list('supervisor', 'sort=deadlineDate&order=desc')).slice(0, 4)).toEqual(['ZJ-2026-0006', 'ZJ-2026-0001', 'ZJ-2026-0002', 'ZJ-2026-0003'])
    expect(nos(await list('supervisor', 'sort=level&order=desc')).slice(0, 3)).toEqual(['ZJ-2026-0003', 'ZJ-2026-0002', 'ZJ-2026-0006'])
    expect(nos(await list('supervisor', 'sort=feeCharged&order=desc')).slice(0, 2)).toEqual(['ZJ-2026-0002', 'ZJ-2026-0006'])
    expect(nos(await list('supervisor', 'sort=caseNo&order=asc'))[0]).toBe('ZJ-2026-0001')
  })

  it('returns the monitoring columns: names, fee standard and flag, limit', async () => {
    const items = (await list('supervisor', 'view=fee&sort=caseNo&order=asc')).items
    const byNo = Object.fromEntries(items.map((i) => [i.caseNo, i]))
    expect(byNo['ZJ-2026-0002']).toMatchObject({ departmentName: '市场监管所', itemName: '食品经营许可', feeCharged: 120, feeStandard: 100, feeFlag: 'overcharged', limit: { value: 10, unit: 'workday' } })
    expect(byNo['ZJ-2026-0006']).toMatchObject({ feeStandard: 0, feeFlag: 'chargedForFreeItem', suspensionCount: 1 })
    expect(byNo['ZJ-2026-0001']).toMatchObject({ feeCharged: null, feeFlag: null })
    // days left with the jurisdiction's calendar, at the server's "now"; none once concluded
    const today = localDayOf(Date.now(), 'Asia/Shanghai')
    expect(byNo['ZJ-2026-0006']!.daysLeft).toBe(daysLeft(cnWorkCalendar(), '2026-12-02', 'workday', today))
    expect(byNo['ZJ-2026-0002']!.daysLeft).toBeNull()
  })

  it('keeps department scope: staff see their department only, whatever the filters', async () => {
    expect(nos(await list('staff', 'sort=caseNo&order=asc'))).toEqual(['ZJ-2026-0003', 'ZJ-2026-0004'])
    expect(nos(await list('staff', `department=${SCJG}`))).toEqual([])
    expect((await list('staff', 'q=2026-0001')).total).toBe(0)
  })

  it('refuses bad input with a code', async () => {
    for (const qs of ['sort=bogus', 'view=everything', 'order=up', 'from=2026-13-01', 'from=2026-02-30', 'from=2026-11-05&to=2026-11-01', 'caseType=weird']) {
      const res = await get('supervisor', `/api/v1/cases?${qs}`)
      expect(res.statusCode, qs).toBe(400)
      expect(res.json().code, qs).toBe('VALIDATION_FAILED')
    }
  })
})

/** Parses the CSV the export writes (RFC 4180, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let f = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i++ } else if (ch === '"') quoted = false
      else f += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(f); f = '' }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++ }
    else f += ch
  }
  return rows
}

describe('GET /api/v1/cases/export', () => {
  it('declares its cursor over exactly the list statement', () => {
    expect(cursorOver('case_export', 'case_list')).toBe(`DECLARE case_export NO SCROLL CURSOR FOR\n${sql('case_list')}`)
    expect(() => cursorOver('case_export; DROP TABLE cases', 'case_list')).toThrow(/not a plain identifier/)
  })

  it('writes CSV with a BOM, Chinese headers and exactly the list\'s rows in its order, masked', async () => {
    const qs = 'view=alert&sort=deadlineDate&order=asc'
    const res = await get('supervisor', `/api/v1/cases/export?format=csv&${qs}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/)
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cases-\d{8}\.csv"/)
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1))
    expect(rows[0]!.slice(0, 3)).toEqual(['受理编号', '部门', '部门编码'])
    const col = (name: string) => rows[0]!.indexOf(name)
    expect(rows.slice(1).map((r) => r[0])).toEqual(nos(await list('supervisor', qs)))
    const red = rows.find((r) => r[0] === 'ZJ-2026-0003')!
    expect(red[col('监察级别')]).toBe('红牌')
    expect(red[col('申请人')]).toBe('张*三')
    expect(red[col('证件号码')]).toBe('440204********1234')
    expect(red[col('联系电话')]).toBe('138****5678')
    expect(res.rawPayload.toString('utf8')).not.toContain(APPLICANT.idNumber)
  })

  it('writes XLSX with the same rows (English headers on request)', async () => {
    const res = await get('supervisor', '/api/v1/cases/export?format=xlsx&lang=en&sort=caseNo&order=asc')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    const values = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1))
    expect(values[0]!.slice(0, 2)).toEqual(['Receipt number', 'Department'])
    expect(values.slice(1).map((r) => r[0])).toEqual(Object.keys(CASES).sort())
    const header = values[0] as string[]
    const two = values.find((r) => r[0] === 'ZJ-2026-0002')!
    expect(two[header.indexOf('Fee charged (yuan)')]).toBe(120)
    expect(two[header.indexOf('Fee check')]).toBe('Above the standard')
    expect(two[header.indexOf('Applicant')]).toBe('张*三')
  })

  it('keeps scope in exports', async () => {
    const res = await get('staff', '/api/v1/cases/export?format=csv')
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1))
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(['ZJ-2026-0003', 'ZJ-2026-0004'])
  })

  it('exports clear personal data only to a supervisor asking for it, audited; refuses other roles', async () => {
    const before = (await h.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'pii.view'`)).rows[0].n
    const res = await get('supervisor', '/api/v1/cases/export?format=csv&unmask=1&q=0003')
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.toString('utf8')).toContain(APPLICANT.idNumber)
    const audits = (await h.db.pool.query(`SELECT actor, after FROM audit_log WHERE action = 'pii.view' ORDER BY seq`)).rows
    expect(audits.length).toBe(before + 1)
    expect(audits.at(-1).after).toMatchObject({ export: 'csv', fields: ['applicant'], filters: { q: '0003' } })
    const leader = await get('leader', '/api/v1/cases/export?format=csv&unmask=1')
    expect(leader.statusCode).toBe(403)
    expect(leader.json().code).toBe('UNMASK_FORBIDDEN')
  })
})

describe('GET /api/v1/console/filters', () => {
  it('lists the departments in scope as a tree and their items', async () => {
    const body = (await get('supervisor', '/api/v1/console/filters')).json()
    const town = body.departments.find((d: { code: string }) => d.code === SCJG_01)
    expect(town).toMatchObject({ parentCode: SCJG, kind: 'town', name: '市场监管所' })
    expect(body.items.map((i: { code: string }) => i.code).sort()).toEqual(['GA-001', 'SCJG-001', 'ZJJ-001'])
    const staff = (await get('staff', '/api/v1/console/filters')).json()
    expect(staff.departments.map((d: { code: string }) => d.code)).toEqual([ZJJ])
    expect(staff.items.map((i: { code: string }) => i.code)).toEqual(['ZJJ-001'])
  })
})

describe('GET /api/v1/cases/:caseNo/process', () => {
  it('lists every step with handler, opinion, limit and working days used, within scope', async () => {
    const events = caseLifecycle('ZJ-2026-PROC', SCJG, Date.parse('2026-11-02T01:00:00Z'), { supplement: true, fee: 80 })
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
    expect(res.statusCode).toBe(202)
    await h.waitProjected()
    const body = (await get('supervisor', '/api/v1/cases/ZJ-2026-PROC/process')).json()
    expect(body.steps.map((x: { kind: string; stage: string | null }) => x.stage ?? x.kind)).toEqual(
      ['submitted', 'accepted', 'supplementRequested', 'supplementSupplied', 'undertaken', 'reviewed', 'approved', 'feeCharged', 'concluded'])
    const accepted = body.steps[1]
    expect(accepted).toMatchObject({ handler: '李四', limit: { value: 10, unit: 'workday' }, workdaysSinceAccepted: 0 })
    expect(JSON.stringify(body)).not.toContain(APPLICANT.idNumber.slice(0, 10) + '01') // no applicant data in steps
    expect(JSON.stringify(body)).not.toContain('440204199001011234')
    const undertaken = body.steps[4]
    expect(undertaken).toMatchObject({ handler: '王五', opinion: '材料齐全，同意承办' })
    expect(body.steps[2].materials).toEqual(['营业执照副本', '法定代表人身份证明'])
    expect(body.steps.find((x: { kind: string }) => x.kind === 'feeCharged').amount).toBe(80)
    const total = body.steps.reduce((n: number, x: { workdaysSincePrevious: number | null }) => n + (x.workdaysSincePrevious ?? 0), 0)
    expect(total).toBe(body.steps.at(-1).workdaysSinceAccepted + body.steps[1].workdaysSincePrevious)
    expect(total).toBeGreaterThan(3)
    expect((await get('staff', '/api/v1/cases/ZJ-2026-PROC/process')).statusCode).toBe(404)
    expect((await get('supervisor', '/api/v1/cases/NOPE/process')).statusCode).toBe(404)
  })
})

describe('confirming automatic cards for publication', () => {
  let auto: string
  let manual: string
  beforeAll(async () => {
    const ins = `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, rule_key, auto_key) VALUES ('case', $1, $2, $3, $4, $5, $6, $6 || '#0') RETURNING id`
    auto = (await h.db.pool.query(ins, ['ZJ-2026-0003', ZJJ, 'red', 'overdue', '严重超期', 'case:ZJ-2026-0003:overdue:red'])).rows[0].id
    const m = await post('supervisor', '/api/v1/cards', { subject: 'case', subjectNo: 'ZJ-2026-0001', color: 'yellow', reason: '群众反映办理拖延' })
    expect(m.statusCode).toBe(201)
    manual = String(m.json().id)
  })

  it('lists the automatic card as unconfirmed, confirms it once (audited), then publishes it', async () => {
    const unconfirmed = (await get('supervisor', '/api/v1/cards?state=unconfirmed')).json()
    expect(unconfirmed.map((c: { id: string }) => String(c.id))).toEqual([auto])
    const published0 = (await h.db.pool.query('SELECT id::text FROM cards_published ORDER BY id')).rows.map((r) => r.id)
    expect(published0).toEqual([manual])

    const res = await post('supervisor', `/api/v1/cards/${auto}/confirm`, { note: '核实无误' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ cardId: auto, confirmedBy: 'sup', note: '核实无误' })
    const again = await post('supervisor', `/api/v1/cards/${auto}/confirm`, {})
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('CARD_ALREADY_CONFIRMED')

    const audit = (await h.db.pool.query(`SELECT actor, entity_id, after FROM audit_log WHERE action = 'card.confirm'`)).rows
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ entity_id: auto, after: { note: '核实无误' } })
    const listed = (await get('supervisor', '/api/v1/cards?state=published')).json()
    expect(listed.map((c: { id: string }) => String(c.id)).sort()).toEqual([auto, manual].sort())
    expect(listed.find((c: { id: string }) => String(c.id) === auto)).toMatchObject({ confirmed_by: 'sup', published: true })
    expect((await get('supervisor', '/api/v1/cards?state=unconfirmed')).json()).toEqual([])
  })

  it('keeps confirmations immutable', async () => {
    await expect(h.db.pool.query(`UPDATE card_confirmations SET note = 'x'`)).rejects.toThrow(/immutable/)
    await expect(h.db.pool.query(`DELETE FROM card_confirmations`)).rejects.toThrow(/immutable/)
  })

  it('refuses manual cards, revoked cards, other roles and cards out of scope', async () => {
    const m = await post('supervisor', `/api/v1/cards/${manual}/confirm`, {})
    expect(m.statusCode).toBe(400)
    expect(m.json().code).toBe('CARD_NOT_AUTOMATIC')
    const ins = `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, rule_key, auto_key) VALUES ('case', 'ZJ-2026-0002', $1, 'yellow', 'overdue', '超期', 'k2', 'k2#0') RETURNING id`
    const id = (await h.db.pool.query(ins, [SCJG_01])).rows[0].id
    expect((await post('supervisor', `/api/v1/cards/${id}/revoke`, { reason: '误判，已核实按时办结' })).statusCode).toBe(201)
    const r = await post('supervisor', `/api/v1/cards/${id}/confirm`, {})
    expect(r.statusCode).toBe(409)
    expect(r.json().code).toBe('CARD_REVOKED')
    expect((await post('leader', `/api/v1/cards/${auto}/confirm`, {})).statusCode).toBe(403)
    expect((await post('staff', `/api/v1/cards/${auto}/confirm`, {})).statusCode).toBe(403)
    expect((await post('supervisor', `/api/v1/cards/999999/confirm`, {})).statusCode).toBe(404)
    const published = (await h.db.pool.query('SELECT id::text FROM cards_published')).rows.map((x) => x.id)
    expect(published).not.toContain(String(id))
  })
})

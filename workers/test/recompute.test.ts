/**
 * The SQL recompute (sql/queries/recompute_deadlines.sql, migrations 025 and 026) against the TypeScript
 * engine. 1,500 seeded random cases (both units, limits 0–60, suspensions open and closed, paused
 * and restart supplements pending and supplied, accepted across 2015–2026 and late in the UTC day)
 * are projected by TypeScript at T0; then:
 *   - a recompute with nothing changed writes nothing;
 *   - local overrides, a new 2027 notice and a corrected 2020 notice each move deadlines: after
 *     each recompute every case's row (deadline, legal deadline, thresholds, level, next transition,
 *     status, provisional flag, stop) in case_clocks is exactly what caseClock gives with the new calendar, level changes are
 *     recorded, overdue cards follow the levels and clock_recomputes says how many moved and which;
 *   - department, item and jurisdiction scheme edits recompute exactly the cases they govern.
 * Written against the database directly (events inserted, projectCases called), not the HTTP API.
 */
import type pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'
import { foldCase } from '../../domain/case/foldCase.ts'
import { foldPetition } from '../../domain/case/foldPetition.ts'
import { CN_CALENDAR_DATA } from '../../domain/calendar/cnCalendarData.ts'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { petitionClock } from '../../domain/clock/petitionClock.ts'
import { petitionLifecycle, rng, type RawEvent } from '../../domain/events/fixtures.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { cardDecisions } from '../../domain/rules/cardDecisions.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { sql } from '../../sql/queries.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { DEPTS, JURISDICTION, seedReference } from '../../test/harness.ts'
import { caseClockRow, projectCases, projectPetitions } from '../project.ts'
import { UnrecoverableError } from 'bullmq'
import { processRecomputeJob, recomputeDeadlines, type RecomputeJob, type RecomputeResult } from '../recompute.ts'

const N = 1500
const T0 = Date.parse('2026-12-10T10:00:00+08:00')
const DAY = 86_400_000
const ITEMS = [
  { code: 'ITEM-R', dept: DEPTS[0], mode: 'restart', legal: 20, legalUnit: 'workday', promised: 10 },
  { code: 'ITEM-P', dept: DEPTS[1], mode: 'pause', legal: 60, legalUnit: 'day', promised: null },
  { code: 'ITEM-Q', dept: DEPTS[2], mode: 'restart', legal: null, legalUnit: 'workday', promised: 5 },
] as const

let db: TestDatabase
const events = new Map<string, RawEvent[]>()
const petitions = new Map<string, RawEvent[]>()

/** Seeded random cases: 60% accepted in the 120 days before T0, 40% anywhere in 2015–2026. */
function generate(): void {
  const r = rng(20261210)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const start2015 = Date.parse('2015-01-05T00:00:00Z')
  for (let i = 0; i < N; i++) {
    const caseNo = `RC-${String(i).padStart(5, '0')}`
    const item = pick(ITEMS)
    const dept = r() < 0.9 ? item.dept : pick(DEPTS)
    // acceptance: whole days back from T0, at an hour that is sometimes the next local day (23:xx UTC)
    const acceptedDay = r() < 0.6 ? T0 - (1 + Math.floor(r() * 120)) * DAY : start2015 + Math.floor(r() * ((T0 - 30 * DAY - start2015) / DAY)) * DAY
    const hour = r() < 0.15 ? 23 + r() * 0.9 : r() * 10
    let t = Math.floor(acceptedDay / DAY) * DAY + Math.floor(hour * 3600_000)
    if (t >= T0 - 3600_000) t = T0 - 2 * 3600_000
    let n = 0
    const list: RawEvent[] = []
    const ev = (kind: RawEvent['kind'], at: number, body: Record<string, unknown>) => {
      if (at < T0 - 3600_000) list.push({ eventId: `${caseNo}-${++n}`, kind, occurredAt: new Date(at).toISOString(), caseNo, departmentCode: dept, body })
    }
    const unit = r() < 0.7 ? 'workday' : 'day'
    const limit = r() < 0.1 ? 0 : Math.floor(r() * 61)
    const body: Record<string, unknown> = { itemCode: item.code, caseType: limit === 0 ? 'immediate' : 'promised', applicant: { name: '张三' } }
    if (r() < 0.85) body.promisedLimit = { value: limit, unit }
    if (r() < 0.5) body.legalLimit = { value: Math.min(60, limit + Math.floor(r() * 20)), unit: r() < 0.5 ? 'workday' : 'day' }
    ev('accepted', t, body)
    const later = (maxDays: number) => t + Math.floor(r() * maxDays * DAY) + Math.floor(r() * 8 * 3600_000)
    const supplements = r() < 0.3 ? 1 + Math.floor(r() * 2) : 0
    for (let k = 0; k < supplements; k++) {
      const req = later(limit + 5)
      ev('supplementRequested', req, { materials: ['补充材料'] })
      if (r() < 0.8) ev('supplementSupplied', req + Math.floor(r() * 12 * DAY) + 3600_000, {})
    }
    const suspensions = r() < 0.3 ? 1 + Math.floor(r() * 2) : 0
    let cursor = t
    for (let k = 0; k < suspensions; k++) {
      const from = Math.max(cursor, later(limit + 5)) + 3600_000
      ev('suspended', from, { procedure: 'expertReview', expectedDays: 1 + Math.floor(r() * 10), approver: '赵' })
      if (r() < 0.85) {
        cursor = from + Math.floor(r() * 15 * DAY) + 3600_000
        ev('resumed', cursor, {})
      } else break
    }
    if (r() < 0.1) ev('concluded', later(limit + 20) + DAY, { result: 'approved', certificateNo: `Z${i}` })
    events.set(caseNo, list.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0)))
  }
  // A clock that a day off stops: an open suspension from the old N-th counted day (ignored: the
  // limit was used up) lies before the new one. And one that a worked Saturday restarts.
  const fixed = (caseNo: string, accepted: string, suspended: string) =>
    events.set(caseNo, [
      { eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date(accepted).toISOString(), caseNo, departmentCode: DEPTS[0], body: { itemCode: 'ITEM-R', caseType: 'promised', applicant: { name: '李' }, promisedLimit: { value: 5, unit: 'workday' } } },
      { eventId: `${caseNo}-2`, kind: 'suspended', occurredAt: new Date(suspended).toISOString(), caseNo, departmentCode: DEPTS[0], body: { procedure: 'hearing', expectedDays: 5, approver: '赵' } },
    ])
  fixed('RC-FLIP', '2026-11-02T10:00:00+08:00', '2026-11-09T10:00:00+08:00') // counted 3, 4, 5, 6, 9 Nov; 4 Nov off → 10 Nov
  fixed('RC-UNFLIP', '2026-10-12T10:00:00+08:00', '2026-10-17T10:00:00+08:00') // counted 13–16, 19 Oct; Sat 17 Oct worked → 17 Oct
  for (let i = 0; i < 40; i++) {
    const no = `RP-${i}`
    const all = petitionLifecycle(no, DEPTS[i % DEPTS.length]!, T0 - (1 + Math.floor(r() * 70)) * DAY)
    petitions.set(no, all.slice(0, 1 + Math.floor(r() * 3)).filter((e) => Date.parse(e.occurredAt) < T0))
  }
}

const stored = (list: RawEvent[], subject: 'case' | 'petition'): StoredEvent[] =>
  list.map((e, i) => ({ ...e, source: 'test-source', subject, subjectNo: (e.caseNo ?? e.petitionNo)!, seq: i, receivedAt: '' }) as unknown as StoredEvent)

async function insertEvents(pool: pg.Pool, list: RawEvent[]): Promise<void> {
  for (let i = 0; i < list.length; i += 2000) {
    const rows = list.slice(i, i + 2000).map((e, ord) => ({
      ord, source: 'test-source', event_id: e.eventId, occurred_at: e.occurredAt, case_no: e.caseNo ?? null,
      petition_no: e.petitionNo ?? null, department_code: e.departmentCode, kind: e.kind, body: e.body,
    }))
    await pool.query(sql('insert_events'), [JSON.stringify(rows)])
  }
}

/** What the clock columns of a case row should be: caseRow of the TypeScript clock at T0. */
interface ClockColumns {
  clock_status: string | null
  clock_start: string | null
  deadline_date: string | null
  legal_deadline_date: string | null
  warning_from: string | null
  yellow_from: string | null
  red_from: string | null
  level: string
  next_transition_at: string | null
  overdue_cards: boolean
  warning_offset: number | null
  warning_share: number | null
  yellow_offset: number | null
  red_offset: number | null
  limit_unit: string | null
  provisional: boolean
  stop: unknown
}

interface Expected {
  rows: Map<string, ClockColumns>
  /** active overdue card keys of open cases */
  overdue: Set<string>
}

async function expected(): Promise<Expected> {
  const context = createContextProvider(db.pool)
  const rows = new Map<string, ClockColumns>()
  const overdue = new Set<string>()
  for (const [caseNo, list] of events) {
    const state = foldCase(stored(list, 'case'))!
    const ctx = await context.forCase(state.departmentCode, state.itemCode)
    const clock = caseClock(state, { ...ctx, nowMs: T0 })
    const row = caseClockRow(state, clock, ctx)
    rows.set(caseNo, {
      clock_status: row.clock_status, clock_start: row.clock_start, deadline_date: row.deadline_date,
      legal_deadline_date: row.legal_deadline_date, warning_from: row.warning_from, yellow_from: row.yellow_from,
      red_from: row.red_from, level: row.level, next_transition_at: row.next_transition_at, overdue_cards: row.overdue_cards,
      warning_offset: row.warning_offset, warning_share: row.warning_share, yellow_offset: row.yellow_offset,
      red_offset: row.red_offset, limit_unit: row.limit_unit, provisional: row.provisional, stop: JSON.parse(JSON.stringify(row.stop)),
    })
    if (clock.status !== 'closed') {
      for (const d of cardDecisions(state, clock, { feeStandard: ctx.feeStandard }, ctx.cardRules)) if (d.rule === 'overdue') overdue.add(d.key)
    }
  }
  return { rows, overdue }
}

interface Actual extends Expected {
  versions: Map<string, number>
}

async function actual(): Promise<Actual> {
  const d = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`
  const { rows } = await db.pool.query<ClockColumns & { case_no: string; version: string; next: Date | null; share: string | null }>(
    `SELECT case_no, clock_status, ${d('clock_start')}, ${d('deadline_date')}, ${d('legal_deadline_date')}, ${d('warning_from')},
            ${d('yellow_from')}, ${d('red_from')}, level, next_transition_at AS next, overdue_cards, warning_offset,
            warning_share::text AS share, yellow_offset, red_offset, limit_unit, provisional, stop, version
     FROM case_clocks WHERE case_no LIKE 'RC-%'`,
  )
  const out = new Map<string, ClockColumns>()
  const versions = new Map<string, number>()
  for (const r of rows) {
    const { case_no, version, next, share, ...rest } = r
    out.set(case_no, { ...rest, next_transition_at: next === null ? null : next.toISOString(), warning_share: share === null ? null : Number(share) })
    versions.set(case_no, Number(version))
  }
  const { rows: cards } = await db.pool.query<{ rule_key: string }>(
    `SELECT c.rule_key FROM cards c JOIN case_clocks k ON k.case_no = c.subject_no
     WHERE c.rule = 'overdue' AND c.subject = 'case' AND c.color IS NOT NULL AND k.clock_status <> 'closed'
       AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id)`,
  )
  return { rows: out, overdue: new Set(cards.map((c) => c.rule_key)), versions }
}

/** JSON with object keys sorted at every depth (jsonb from the database orders keys its own way). */
function canon(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x !== null && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x
  return JSON.stringify(sort(v))
}

/** Open cases whose clock runs before and after: the ones the statement itself recomputes. */
function sqlMoved(before: Expected, after: Expected): string[] {
  const out: string[] = []
  for (const [no, b] of before.rows) {
    const a = after.rows.get(no)!
    if (b.clock_status !== 'running' || a.clock_status !== 'running') continue
    const key = (x: ClockColumns) => [x.deadline_date, x.legal_deadline_date, x.warning_from, x.yellow_from, x.red_from].join()
    if (key(a) !== key(b)) out.push(no)
  }
  return out.sort()
}

/** The rows of closed cases never change; open ones are exactly what TypeScript computes now. */
function expectAgreement(got: Actual, want: Expected, closedBefore: Map<string, ClockColumns>): void {
  const mismatches: unknown[] = []
  for (const [no, w] of want.rows) {
    const g = got.rows.get(no)
    const ref = closedBefore.get(no) ?? w
    if (canon(g) !== canon(ref)) mismatches.push({ no, got: g, want: ref })
  }
  expect(mismatches.slice(0, 3)).toEqual([])
  expect(got.overdue).toEqual(want.overdue)
}

async function recordedChanges(id: string): Promise<Map<string, string>> {
  const { rows } = await db.pool.query<{ subject_no: string; to_level: string }>(
    `SELECT subject_no, to_level FROM level_changes WHERE source = 'recompute' AND (explanation ->> 'recomputeId')::bigint = $1`,
    [id],
  )
  return new Map(rows.map((r) => [r.subject_no, r.to_level]))
}

let initial: Expected
let closed: Map<string, ClockColumns>

beforeAll(async () => {
  db = await createTestDatabase('recompute')
  await seedReference(db.pool)
  for (const it of ITEMS) {
    await db.pool.query(
      `INSERT INTO items (code, department_code, name, case_type, legal_limit, legal_unit, promised_limit, promised_unit, supplement_mode)
       VALUES ($1, $2, $1, 'promised', $3, $4, $5, 'workday', $6)`,
      [it.code, it.dept, it.legal, it.legalUnit, it.promised, it.mode],
    )
  }
  generate()
  await insertEvents(db.pool, [...events.values()].flat())
  await insertEvents(db.pool, [...petitions.values()].flat())
  const context = createContextProvider(db.pool)
  const nos = [...events.keys()]
  for (let i = 0; i < nos.length; i += 300) await projectCases(db.pool, nos.slice(i, i + 300), { context, nowMs: T0 })
  await projectPetitions(db.pool, [...petitions.keys()], { context, nowMs: T0 })
  initial = await expected()
  closed = new Map([...initial.rows].filter(([, r]) => r.clock_status === 'closed'))
}, 180_000)

// the wall's incremental open-case counts (migration 090) follow the projection, the sweep and the recompute
afterEach(async () => {
  expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
})
afterAll(async () => {
  await db?.drop()
})

async function recompute(extra: Partial<Parameters<typeof recomputeDeadlines>[1]> = {}): Promise<RecomputeResult> {
  return recomputeDeadlines(db.pool, { jurisdictionCode: JURISDICTION, reason: 'test', requestedBy: 'tester', nowMs: T0, ...extra })
}

/** A calendar or scheme change, the recompute, and every check against the engine. */
async function changeAndCheck(change: () => Promise<void>, scope: { departmentCode?: string; itemCode?: string } = {}) {
  const before = await actual()
  const beforeExpected = await expected()
  await change()
  const want = await expected()
  const result = await recompute(scope)
  const got = await actual()
  expectAgreement(got, want, closed)
  // how many moved, and which (the statement's own share; stopped clocks go through the projection)
  const moved = sqlMoved(beforeExpected, want)
  expect(result.moved).toBe(moved.length)
  expect(result.caseNos).toEqual(moved.slice(0, 1000))
  const { rows } = await db.pool.query(`SELECT cases_moved, case_nos, level_changes, detail FROM clock_recomputes WHERE id = $1`, [result.id])
  expect(rows[0]).toMatchObject({ cases_moved: moved.length, case_nos: moved.slice(0, 1000), level_changes: result.levelChanges })
  // every level change of a case the statement recomputed is recorded with source 'recompute'
  const levelMoves = new Map<string, string>()
  for (const [no, w] of want.rows) {
    const b = before.rows.get(no)!
    if (b.clock_status === 'running' && w.clock_status === 'running' && b.level !== w.level) levelMoves.set(no, w.level)
  }
  expect(await recordedChanges(result.id)).toEqual(levelMoves)
  // rows that do not change are not written
  const untouched = [...want.rows.keys()].filter((no) => canon(before.rows.get(no)) === canon(got.rows.get(no)))
  expect(untouched.filter((no) => got.versions.get(no) !== before.versions.get(no))).toEqual([])
  return { result, moved, levelMoves, before: beforeExpected, want }
}

describe('recompute_deadlines agrees with the TypeScript engine', () => {
  it('projects a varied set: both units, stopped and running clocks, every level', () => {
    const rows = [...initial.rows.values()]
    const count = (f: (r: ClockColumns) => boolean) => rows.filter(f).length
    expect(count((r) => r.clock_status === 'running')).toBeGreaterThan(800)
    expect(count((r) => r.clock_status === 'stopped')).toBeGreaterThan(30)
    expect(count((r) => r.clock_status === 'closed')).toBeGreaterThan(30)
    // warning lasts one day under the default scheme: fewer
    for (const [level, min] of [['normal', 100], ['warning', 5], ['yellow', 20], ['red', 100]] as const) {
      expect(count((r) => r.clock_status === 'running' && r.level === level), level).toBeGreaterThan(min)
    }
    expect(count((r) => r.limit_unit === 'day')).toBeGreaterThan(200)
    expect(count((r) => r.provisional === true)).toBeGreaterThan(50)
  })

  it('changes nothing when nothing changed', async () => {
    const before = await actual()
    const result = await recompute({ reason: 'no-op' })
    expect(result).toMatchObject({ moved: 0, updated: 0, levelChanges: 0, cardsIssued: 0, cardsRevoked: 0, caseNos: [] })
    expect(result.scanned).toBe([...initial.rows.values()].filter((r) => r.clock_status === 'running').length)
    expect(result.reprojected.written).toBe(0)
    expect(result.reprojected.petitionsWritten).toBe(0)
    const after = await actual()
    expect(after.versions).toEqual(before.versions)
    expectAgreement(after, initial, closed)
  })

  it('moves deadlines after local days off and on, exactly as the engine, and records what moved', async () => {
    const overrides: [string, boolean][] = [
      ['2016-06-15', false], ['2019-03-13', false], ['2022-08-10', false], ['2024-05-22', false], ['2026-10-17', true], ['2026-11-04', false],
      ['2026-09-05', true], ['2026-11-20', false], ['2026-11-28', true], ['2026-11-29', true], ['2026-12-03', false], ['2026-12-05', true],
      ['2026-12-06', true], ['2026-12-24', false],
    ]
    const { result, moved, levelMoves, before, want } = await changeAndCheck(async () => {
      for (const [day, on] of overrides) {
        await db.pool.query(`INSERT INTO calendar_overrides (jurisdiction_code, day, is_workday, reason, created_by) VALUES ($1, $2, $3, '防汛停工', 'admin')`, [JURISDICTION, day, on])
      }
    })
    expect(moved.length).toBeGreaterThan(100)
    expect(levelMoves.size).toBeGreaterThan(10)
    expect(result.levelChanges).toBe(levelMoves.size)
    // the clocks that stop or run again under the new calendar went through the projection
    expect([before.rows.get('RC-FLIP')!.clock_status, want.rows.get('RC-FLIP')!.clock_status]).toEqual(['running', 'stopped'])
    expect([before.rows.get('RC-UNFLIP')!.clock_status, want.rows.get('RC-UNFLIP')!.clock_status]).toEqual(['stopped', 'running'])
    const { rows } = await db.pool.query(`SELECT detail -> 'reprojectCaseNos' AS nos FROM clock_recomputes WHERE id = $1`, [result.id])
    expect(rows[0].nos).toEqual(expect.arrayContaining(['RC-FLIP', 'RC-UNFLIP']))
  })

  it('moves deadlines into 2027 when its notice is entered, and clears the provisional flag', async () => {
    const { moved, want } = await changeAndCheck(async () => {
      const day = (date: string, name: string) => ({ date, name, nameEn: name })
      const notice = {
        year: 2027,
        status: 'official',
        holidays: [
          day('2027-01-01', '元旦'), day('2027-01-02', '元旦'), day('2027-01-03', '元旦'),
          ...['05', '06', '07', '08', '09', '10', '11', '12'].map((d) => day(`2027-02-${d}`, '春节')),
        ],
        adjustedWorkdays: [day('2027-02-14', '春节')],
      }
      await db.pool.query(`INSERT INTO calendar_notices (year, data, entered_by) VALUES (2027, $1, 'admin')`, [notice])
    })
    expect(moved.length).toBeGreaterThan(20)
    const provisional = [...want.rows.values()].filter((r) => r.clock_status === 'running' && r.provisional)
    expect(provisional.length).toBeLessThan([...initial.rows.values()].filter((r) => r.clock_status === 'running' && r.provisional).length)
  })

  it('follows a corrected notice for a past year', async () => {
    const y2020 = CN_CALENDAR_DATA.years.find((y) => y.year === 2020)!
    const { moved } = await changeAndCheck(async () => {
      // the 2020 Spring Festival extension (31 Jan – 2 Feb) withdrawn: working days again
      const corrected = { ...y2020, holidays: y2020.holidays.filter((h) => !['2020-01-31', '2020-02-01', '2020-02-02'].includes(h.date)) }
      await db.pool.query(`INSERT INTO calendar_notices (year, data, entered_by) VALUES (2020, $1, 'admin')`, [corrected])
    })
    expect(moved.length).toBeGreaterThan(0)
  })

  it('recomputes exactly the cases a department scheme governs when its yellow day moves from 1 to 2', async () => {
    const dept = DEPTS[1]
    const { moved, result, before } = await changeAndCheck(async () => {
      await db.pool.query(`INSERT INTO level_schemes (scope, scope_code, warning_offset, yellow_offset, red_offset) VALUES ('department', $1, 0, 2, 5)`, [dept])
    }, { departmentCode: dept })
    const { rows } = await db.pool.query<{ case_no: string; department_code: string }>(`SELECT case_no, department_code FROM cases WHERE case_no = ANY($1)`, [moved])
    expect(rows.length).toBeGreaterThan(50)
    expect(rows.every((r) => r.department_code === dept)).toBe(true)
    expect(result.scanned).toBe([...before.rows].filter(([no, r]) => r.clock_status === 'running' && events.get(no)![0]!.departmentCode === dept).length)
  })

  it('recomputes an item scheme (warning at 80% of the limit, overdue cards off) and revokes its overdue cards', async () => {
    const { moved, result } = await changeAndCheck(async () => {
      await db.pool.query(
        `INSERT INTO level_schemes (scope, scope_code, warning_share, yellow_offset, red_offset, card_rules) VALUES ('item', 'ITEM-Q', 0.8, 3, 6, '{"overdue": false}')`,
      )
    }, { itemCode: 'ITEM-Q' })
    expect(moved.length).toBeGreaterThan(50)
    expect(result.cardsRevoked).toBeGreaterThan(0)
    const { rows } = await db.pool.query(`SELECT DISTINCT item_code FROM cases WHERE case_no = ANY($1)`, [moved])
    expect(rows).toEqual([{ item_code: 'ITEM-Q' }])
  })

  it('recomputes the whole jurisdiction for a jurisdiction scheme (warning two counted days early, red on the 3rd day)', async () => {
    const { moved, result } = await changeAndCheck(async () => {
      await db.pool.query(`INSERT INTO level_schemes (scope, scope_code, warning_offset, yellow_offset, red_offset) VALUES ('jurisdiction', $1, -2, 1, 3)`, [JURISDICTION])
    })
    expect(result.cardsIssued).toBeGreaterThan(0) // yellow → red two working days earlier
    // the department and item schemes above still win for their cases
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM cases WHERE case_no = ANY($1) AND (department_code = $2 OR item_code = 'ITEM-Q')`, [moved, DEPTS[1]])
    expect(moved.length).toBeGreaterThan(100)
    expect(rows[0].n).toBe(0)
  })

  it('recomputes open petitions through the projection', async () => {
    const context = createContextProvider(db.pool)
    const { rows } = await db.pool.query<{ petition_no: string; deadline: string | null; level: string }>(
      `SELECT petition_no, to_char(deadline_date, 'YYYY-MM-DD') AS deadline, level FROM petitions`,
    )
    expect(rows.length).toBe(petitions.size)
    for (const r of rows) {
      const p = foldPetition(stored(petitions.get(r.petition_no)!, 'petition'))!
      const ctx = await context.forPetition(p.departmentCode)
      const c = petitionClock(p, { ...ctx, nowMs: T0 })
      expect({ no: r.petition_no, deadline: r.deadline, level: r.level }).toEqual({ no: r.petition_no, deadline: c.deadlineDate, level: c.level })
    }
  })

  it('runs the maintenance job for every jurisdiction (national notice, jurisdictionCode *) and refuses a job without its fields', async () => {
    const results = await processRecomputeJob(db.pool, { jurisdictionCode: '*', reason: 'notice 2027', requestedBy: 'admin' }, T0)
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ moved: 0, updated: 0, levelChanges: 0 })
    await expect(processRecomputeJob(db.pool, { jurisdictionCode: JURISDICTION } as RecomputeJob, T0)).rejects.toBeInstanceOf(UnrecoverableError)
  })
})

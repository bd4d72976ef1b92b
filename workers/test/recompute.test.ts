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
 *   - department, item and jurisdiction scheme edits recompute exactly the cases they govern;
 *   - random scheme versions effective from random dates (some withdrawn), and a retraction: every
 *     case gets the version its acceptance date selects, as domain/rules/schemeVersions.ts picks it.
 * Written against the database directly (events inserted, projectCases called), not the HTTP API.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'
import { foldPetition } from '../../domain/case/foldPetition.ts'
import { CN_CALENDAR_DATA } from '../../domain/calendar/cnCalendarData.ts'
import { petitionClock } from '../../domain/clock/petitionClock.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { DEPTS, JURISDICTION, seedReference } from '../../test/harness.ts'
import { projectCases, projectPetitions } from '../project.ts'
import { UnrecoverableError } from 'bullmq'
import { processRecomputeJob, recomputeDeadlines, type RecomputeJob, type RecomputeResult } from '../recompute.ts'
import { T0, ITEMS, events, petitions, generate, stored, insertEvents, type ClockColumns, type Expected, expected, actual, canon, sqlMoved, expectAgreement, recordedChanges } from './recompute.fixtures.ts'

let db: TestDatabase

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
  initial = await expected(db.pool)
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
  const before = await actual(db.pool)
  const beforeExpected = await expected(db.pool)
  await change()
  const want = await expected(db.pool)
  const result = await recompute(scope)
  const got = await actual(db.pool)
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
  expect(await recordedChanges(db.pool, result.id)).toEqual(levelMoves)
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
    const before = await actual(db.pool)
    const result = await recompute({ reason: 'no-op' })
    expect(result).toMatchObject({ moved: 0, updated: 0, levelChanges: 0, cardsIssued: 0, cardsRevoked: 0, caseNos: [] })
    expect(result.scanned).toBe([...initial.rows.values()].filter((r) => r.clock_status === 'running').length)
    expect(result.reprojected.written).toBe(0)
    expect(result.reprojected.petitionsWritten).toBe(0)
    const after = await actual(db.pool)
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

  it('picks each case\'s scheme version by its acceptance date exactly as the TypeScript resolver (random dated and withdrawn versions, then a retraction)', async () => {
    let seed = 270
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const scopes: [string, string][] = [['jurisdiction', JURISDICTION], ...DEPTS.map((d): [string, string] => ['department', d]), ...ITEMS.map((i): [string, string] => ['item', i.code])]
    const day = () => new Date(Date.UTC(2015, 0, 1) + Math.floor(rnd() * 4380) * 86_400_000).toISOString().slice(0, 10)
    const ids: string[] = []
    // three rounds of versions (ids past 9: the version order is numeric), each recomputed and checked case by case
    for (let round = 0; round < 3; round++) {
      const { moved } = await changeAndCheck(async () => {
        for (let i = 0; i < 6; i++) {
          const [scope, code] = scopes[Math.floor(rnd() * scopes.length)]!
          const yellow = 1 + Math.floor(rnd() * 3)
          const r = await db.pool.query<{ id: string }>(
            `INSERT INTO level_schemes (scope, scope_code, warning_offset, yellow_offset, red_offset, card_rules, accepted_from, withdrawn)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
            [scope, code, -Math.floor(rnd() * 3), yellow, yellow + Math.floor(rnd() * 6), JSON.stringify({ overdue: rnd() < 0.8 }), rnd() < 0.75 ? day() : null, rnd() < 0.2],
          )
          ids.push(r.rows[0]!.id)
        }
      })
      expect(moved.length).toBeGreaterThan(0)
    }
    // the undo of a scheme change retracts its version: checked case by case again
    await changeAndCheck(async () => {
      await db.pool.query(`DELETE FROM level_schemes WHERE id = $1`, [ids.at(-1)])
    })
  })

  it('recomputes open petitions through the projection', async () => {
    const context = createContextProvider(db.pool)
    const { rows } = await db.pool.query<{ petition_no: string; deadline: string | null; level: string }>(
      `SELECT petition_no, to_char(deadline_date, 'YYYY-MM-DD') AS deadline, level FROM petitions`,
    )
    expect(rows.length).toBe(petitions.size)
    for (const r of rows) {
      const p = foldPetition(stored(petitions.get(r.petition_no)!, 'petition'))!
      const ctx = await context.forPetition(p.departmentCode, p.receivedAt)
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

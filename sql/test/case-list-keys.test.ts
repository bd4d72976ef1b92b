/**
 * Migration 330: the case list's narrow keys (department, joint departments, status, received time,
 * the clock's level and deadline), kept by triggers on `cases` and `case_clocks` — always equal to a
 * recount of cases ⋈ case_clocks after random writes (new cases with and without clocks, status,
 * receipt and department moves, joint departments, level and deadline moves, clock deletes, case
 * deletes, batches, a rollback, a TRUNCATE of the clocks, a rebuild, a TRUNCATE of the cases); and
 * the console's first pages and capped totals read through them (case_list.sql,
 * case_list_count_capped.sql) equal to the plain statements (every row of case_list.sql, which never
 * takes the keys, sliced; case_list_count.sql's exact count) for users of different scopes and every
 * view, status, level, department, date range and sort the console offers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../../domain/events/fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { createUser, seedReference, DEPTS, JURISDICTION } from '../../test/harness.ts'
import { sql } from '../queries.ts'

const [SCJG, ZJJ, GA] = DEPTS
const SCJG_01 = '440204-SCJG-01' // below SCJG
const OTHER_COUNTY = '440203'
const OTHER_DEPT = '440203-ZJJ'
const ALL_DEPTS = [SCJG, ZJJ, GA, SCJG_01, OTHER_DEPT]
const STATUSES = ['submitted', 'accepted', 'undertaken', 'reviewed', 'approved', 'concluded', 'returned']
const LEVELS = ['normal', 'warning', 'yellow', 'red']

let db: TestDatabase
const users: Record<string, string> = {}
beforeAll(async () => {
  db = await createTestDatabase('sql_listkeys')
  await seedReference(db.pool)
  await db.pool.query(`INSERT INTO jurisdictions (code, name, level) VALUES ($1, '武江区', 'county')`, [OTHER_COUNTY])
  await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, parent_code, name) VALUES ($1, $2, $3, '市场监管所'), ($4, $5, NULL, '武江区住建局')`, [
    SCJG_01, JURISDICTION, SCJG, OTHER_DEPT, OTHER_COUNTY,
  ])
  users.supervisor = (await createUser(db.pool, { login: 'k.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })).id
  users.headScjg = (await createUser(db.pool, { login: 'k.head', roles: ['department_head'], departmentCode: SCJG })).id
  users.staffZjj = (await createUser(db.pool, { login: 'k.staff', roles: ['department_staff'], departmentCode: ZJJ })).id
  users.otherCounty = (await createUser(db.pool, { login: 'k.other', roles: ['supervisor'], jurisdictionCode: OTHER_COUNTY })).id
})
afterAll(async () => {
  await db?.drop()
})

type KeyRow = Record<string, unknown>
const KEY_COLUMNS = `case_no, department_code, joint_departments, status, received_at, level, deadline_date::text AS deadline_date`

const kept = async (): Promise<KeyRow[]> => (await db.pool.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM case_list_keys ORDER BY case_no`)).rows

const recount = async (): Promise<KeyRow[]> =>
  (await db.pool.query<KeyRow>(
    `SELECT ${KEY_COLUMNS} FROM (
       SELECT c.case_no, c.department_code, c.joint_departments, c.status, coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) AS received_at,
              coalesce(k.level, 'normal') AS level, k.deadline_date
       FROM cases c LEFT JOIN case_clocks k USING (case_no)) x ORDER BY case_no`,
  )).rows

const check = async () => expect(await kept()).toEqual(await recount())

describe('case_list_keys (migration 330)', () => {
  const r = rng(330)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const at = () => new Date(Date.UTC(2026, 10, 1 + Math.floor(r() * 30), Math.floor(r() * 24), Math.floor(r() * 4) * 15))
  const date = () => new Date(Date.UTC(2026, 10, 10 + Math.floor(r() * 40))).toISOString().slice(0, 10)
  const joint = () => (r() < 0.2 ? [pick(ALL_DEPTS)] : [])
  const nos: string[] = []
  let next = 0

  const newCase = async () => {
    const no = `LK-${String(next++).padStart(4, '0')}`
    nos.push(no)
    const dept = pick(ALL_DEPTS)
    const submitted = r() < 0.7 ? at() : null
    const accepted = r() < 0.6 ? at() : null
    await db.pool.query(
      `INSERT INTO cases (case_no, department_code, joint_departments, status, item_code, case_type, submitted_at, accepted_at, supplement_count, suspended, state, event_count, last_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)`,
      [no, dept, joint(), pick(STATUSES), pick(['I-1', 'I-2', null]), pick(['instant', 'commitment', null]), submitted, accepted,
        r() < 0.2 ? 1 : 0, r() < 0.1, JSON.stringify({ suspensions: r() < 0.15 ? [{ from: '2026-11-02' }] : [], anomalies: [] }), at()],
    )
    if (r() < 0.8) {
      await db.pool.query(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) VALUES ($1, $2, $3, $4)`, [no, dept, pick(LEVELS), r() < 0.85 ? date() : null])
    }
  }

  it('stay equal to a recount of cases ⋈ case_clocks through random writes, a rollback, truncates and a rebuild', async () => {
    for (let i = 0; i < 40; i++) await newCase()
    await check()
    for (let step = 0; step < 400; step++) {
      const x = r()
      const no = pick(nos)
      if (x < 0.2) await newCase()
      else if (x < 0.35) await db.pool.query(`UPDATE cases SET status = $2, last_occurred_at = $3 WHERE case_no = $1`, [no, pick(STATUSES), at()])
      else if (x < 0.42) await db.pool.query(`UPDATE cases SET submitted_at = $2, accepted_at = $3 WHERE case_no = $1`, [no, r() < 0.5 ? at() : null, r() < 0.5 ? at() : null])
      else if (x < 0.47) await db.pool.query(`UPDATE cases SET department_code = $2, joint_departments = $3 WHERE case_no = $1`, [no, pick(ALL_DEPTS), joint()])
      else if (x < 0.6) {
        await db.pool.query(
          `INSERT INTO case_clocks (case_no, department_code, level, deadline_date) SELECT case_no, department_code, $2, $3::date FROM cases WHERE case_no = $1
           ON CONFLICT (case_no) DO UPDATE SET level = EXCLUDED.level, deadline_date = EXCLUDED.deadline_date`,
          [no, pick(LEVELS), r() < 0.85 ? date() : null],
        )
      } else if (x < 0.66) await db.pool.query(`UPDATE case_clocks SET level = $2 WHERE case_no = ANY ($1)`, [[pick(nos), pick(nos), pick(nos)], pick(LEVELS)]) // a sweep's batch
      else if (x < 0.7) await db.pool.query(`DELETE FROM case_clocks WHERE case_no = $1`, [no])
      else if (x < 0.73 && nos.length > 30) {
        await db.pool.query(`DELETE FROM cases WHERE case_no = $1`, [no])
        nos.splice(nos.indexOf(no), 1)
      } else if (x < 0.8) {
        // a projection batch: several cases rewritten in one statement, the same case's clock after
        await db.pool.query(`UPDATE cases SET status = $2, last_occurred_at = now() WHERE case_no = ANY ($1)`, [[pick(nos), pick(nos), pick(nos), pick(nos)], pick(STATUSES)])
      } else if (x < 0.85) {
        const c = await db.pool.connect()
        try {
          await c.query('BEGIN')
          await c.query(`UPDATE cases SET status = 'concluded', submitted_at = now() WHERE case_no = $1`, [no])
          await c.query(`UPDATE case_clocks SET level = 'red', deadline_date = '2027-01-01' WHERE case_no = $1`, [no])
          await c.query('ROLLBACK')
        } finally {
          c.release()
        }
      } else if (x < 0.87) {
        // a rewrite that changes nothing the keys hold (the row is not rewritten, and stays equal)
        await db.pool.query(`UPDATE cases SET handler = 'h', event_count = event_count + 1 WHERE case_no = $1`, [no])
      } else await db.pool.query(`UPDATE cases SET suspended = NOT suspended, supplement_count = supplement_count + 1 WHERE case_no = $1`, [no])
      if (step % 50 === 49) await check()
    }
    await check()
    const levels = new Set((await kept()).map((k) => k.level))
    expect(levels.size).toBe(4)

    // a rebuild after a load with triggers off (bench/cityData.ts) fills the keys of the cases loaded
    const c = await db.pool.connect()
    try {
      await c.query(`SET session_replication_role = replica`)
      await c.query(`INSERT INTO cases (case_no, department_code, status, submitted_at, state, event_count, last_occurred_at) VALUES ('LK-LOADED', $1, 'accepted', now(), '{}', 1, now())`, [GA])
      await c.query(`SET session_replication_role = origin`)
    } finally {
      c.release()
    }
    expect((await kept()).some((k) => k.case_no === 'LK-LOADED')).toBe(false)
    await db.pool.query('SELECT case_list_keys_rebuild()')
    await check()
    await db.pool.query(`DELETE FROM cases WHERE case_no = 'LK-LOADED'`)
    await check()
  })

  describe('the console’s pages and totals through the keys equal the plain statements', () => {
    const from = new Date(Date.UTC(2026, 10, 8))
    const to = new Date(Date.UTC(2026, 10, 22))
    interface Req { dept: string | null; status: string | null; level: string | null; q: string | null; item: string | null; caseType: string | null; from: Date | null; to: Date | null; view: string | null; sort: string | null; desc: boolean | null }
    const base: Req = { dept: null, status: null, level: null, q: null, item: null, caseType: null, from: null, to: null, view: null, sort: null, desc: null }
    const requests: Req[] = []
    const views = [null, 'inProgress', 'pending', 'concluded', 'alert', 'exceptions', 'fee', 'procedure']
    const sorts: [string | null, boolean | null][] = [[null, null], ['receivedAt', false], ['deadlineDate', false], ['deadlineDate', true], ['level', true], ['level', false], ['caseNo', false], ['caseNo', true], ['acceptedAt', true]]
    for (const view of views) for (const [sort, desc] of sorts) requests.push({ ...base, view, sort, desc })
    for (const status of STATUSES) requests.push({ ...base, status, from, sort: 'deadlineDate', desc: false }, { ...base, status })
    for (const level of LEVELS) requests.push({ ...base, level }, { ...base, level, dept: SCJG }, { ...base, level, view: 'alert', sort: 'deadlineDate', desc: false })
    for (const dept of [SCJG, ZJJ, OTHER_DEPT]) requests.push({ ...base, dept }, { ...base, dept, view: 'alert', from, to }, { ...base, dept, status: 'undertaken', sort: 'deadlineDate', desc: true })
    requests.push({ ...base, from, to }, { ...base, from, to, view: 'inProgress', sort: 'receivedAt', desc: false }, { ...base, to, view: 'alert' })
    // filters the keys do not hold: the plain walk
    requests.push({ ...base, q: 'lk-00' }, { ...base, item: 'I-1', view: 'alert' }, { ...base, caseType: 'instant', status: 'accepted' })

    const listParams = (u: string, f: Req, limit: number | null, offset: number) => [u, f.dept, f.status, f.level, limit, offset, f.q, f.item, f.caseType, f.from, f.to, f.view, f.sort, f.desc]
    const countParams = (u: string, f: Req) => [u, f.dept, f.status, f.level, f.q, f.item, f.caseType, f.from, f.to, f.view]
    const covered = (f: Req) => f.q === null && f.item === null && f.caseType === null && ['all', 'inProgress', 'pending', 'concluded', 'alert'].includes(f.view ?? 'all')
      && !(f.dept !== null && f.level !== null && f.level !== 'normal') // a department's level above normal: the facts (migration 281)

    it('for every scope, filter and sort: the same rows in the same order, the same capped totals', async () => {
      let nonEmpty = 0
      for (const [who, u] of Object.entries(users)) {
        for (const f of requests) {
          const label = `${who} ${JSON.stringify(f)}`
          const all = (await db.pool.query<{ case_no: string }>(sql('case_list'), listParams(u, f, null, 0))).rows.map((x) => x.case_no)
          for (const [limit, offset] of [[5, 0], [5, 5], [50, 0]] as const) {
            const page = (await db.pool.query<Record<string, unknown>>(sql('case_list'), listParams(u, f, limit, offset))).rows
            expect(page.map((x) => x.case_no), label).toEqual(all.slice(offset, offset + limit))
          }
          const exact = Number((await db.pool.query<{ total: string }>(sql('case_list_count'), countParams(u, f))).rows[0]!.total)
          expect(exact, label).toBe(all.length)
          for (const cap of [10_000, 3]) {
            const capped = Number((await db.pool.query<{ total: string }>(sql('case_list_count_capped'), [...countParams(u, f), cap])).rows[0]!.total)
            expect(capped, `${label} cap ${cap}`).toBe(Math.min(exact, cap + 1))
          }
          if (all.length > 0) nonEmpty++
        }
      }
      expect(nonEmpty).toBeGreaterThan(requests.length * 2)
    }, 300_000)

    it('the page and the total take the keys exactly when every filter is one they hold (and the export never)', async () => {
      const u = users.supervisor!
      const plan = async (text: string, params: unknown[]) => (await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).rows.map((x) => x['QUERY PLAN']).join('\n')
      for (const f of requests) {
        const keysSort = ['receivedAt', 'deadlineDate', 'level', 'caseNo'].includes(f.sort ?? 'receivedAt')
        expect(await plan(sql('case_list'), listParams(u, f, 50, 0)), JSON.stringify(f)).toSatisfy((p: string) => p.includes('case_list_keys') === (covered(f) && keysSort))
        expect(await plan(sql('case_list'), listParams(u, f, null, 0))).not.toContain('case_list_keys')
        expect(await plan(sql('case_list_count_capped'), [...countParams(u, f), 10_000]), JSON.stringify(f)).toSatisfy((p: string) => p.includes('case_list_keys') === covered(f))
      }
    }, 120_000)
  })

  it('are emptied with the cases (TRUNCATE … CASCADE) and reset with the clocks (TRUNCATE case_clocks)', async () => {
    expect((await kept()).some((k) => k.level !== 'normal')).toBe(true)
    await db.pool.query('TRUNCATE case_clocks')
    expect((await kept()).every((k) => k.level === 'normal' && k.deadline_date === null)).toBe(true)
    await check()
    await db.pool.query('TRUNCATE cases CASCADE')
    expect(await kept()).toEqual([])
    await check()
  })
})

/**
 * Migration 420: the console's "alerts by deadline" (view=alert, sort=deadlineDate, ascending) takes
 * its page from the partial index of the keys above normal in the list's order, reading the page's
 * entries instead of every alert and sorting them (the volume benchmark: 222 → 25 ms p50 at
 * 1,000,000 cases). Checked on an analysed store of 4,000 cases, 3,000 of them above normal: the
 * plan walks `case_list_keys_alert_deadline` and reads no more than the page from it, and the page
 * equals the same rows from the whole list (the order the index must give: nearest deadline first,
 * no deadline last, then newest first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { createUser, seedReference, DEPTS, JURISDICTION } from '../../test/harness.ts'
import { sql } from '../queries.ts'

let db: TestDatabase
let user: string
const CASES = 4000

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; Plans?: PlanNode[] }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)]

beforeAll(async () => {
  db = await createTestDatabase('sql_alertdeadline')
  await seedReference(db.pool)
  user = (await createUser(db.pool, { login: 'ad.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })).id
  await db.pool.query(
    `INSERT INTO cases (case_no, department_code, status, submitted_at, state, event_count, last_occurred_at)
     SELECT 'AD-' || lpad(i::text, 5, '0'), ($1::text[])[1 + i % 3], 'accepted', timestamptz '2026-11-01' + i * interval '7 minutes', '{}', 1, now()
     FROM generate_series(1, $2) i`,
    [DEPTS, CASES],
  )
  // levels: one in four normal; deadlines spread over 60 days with ties, one in fifty without
  await db.pool.query(
    `INSERT INTO case_clocks (case_no, department_code, level, deadline_date)
     SELECT c.case_no, c.department_code, (ARRAY['normal', 'warning', 'yellow', 'red'])[1 + n % 4],
            CASE WHEN n % 50 = 7 THEN NULL ELSE date '2026-12-01' + (n * 37) % 60 END
     FROM (SELECT case_no, department_code, substr(case_no, 4)::int AS n FROM cases WHERE case_no LIKE 'AD-%') c`,
  )
  await db.pool.query('ANALYZE cases; ANALYZE case_clocks; ANALYZE case_list_keys')
})
afterAll(async () => {
  await db?.drop()
})

// $1 user … $14 descending: see case_list.sql
const params = (limit: number | null, offset: number) => [user, null, null, null, limit, offset, null, null, null, null, null, 'alert', 'deadlineDate', false]

describe('alerts by deadline (migration 420)', () => {
  it('walks the partial index of the alerts in the list’s order and reads only the page from it', async () => {
    const { rows } = await db.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql('case_list')}`, params(50, 50))
    const walk = nodes(rows[0]!['QUERY PLAN'][0].Plan).filter((n) => n['Index Name'] === 'case_list_keys_alert_deadline')
    expect(walk).toHaveLength(1)
    expect(walk[0]!['Actual Rows']! * (walk[0]!['Actual Loops'] ?? 1)).toBeLessThanOrEqual(100)
  })

  it('gives the rows of the whole list in its order: nearest deadline first, none last, newest first among ties', async () => {
    const all = (await db.pool.query<{ case_no: string; level: string; deadline_date: string | null }>(sql('case_list'), params(null, 0))).rows
    expect(all).toHaveLength(3000)
    expect(all.every((r) => r.level !== 'normal')).toBe(true)
    expect(all.at(-1)!.deadline_date).toBeNull()
    for (const [limit, offset] of [[50, 0], [50, 50], [20, 2950]] as const) {
      const page = (await db.pool.query<{ case_no: string }>(sql('case_list'), params(limit, offset))).rows
      expect(page.map((r) => r.case_no)).toEqual(all.slice(offset, offset + limit).map((r) => r.case_no))
    }
    const key = (r: { case_no: string; deadline_date: string | null }) => `${r.deadline_date ?? '9999-99-99'} ${String(1e6 - Number(r.case_no.slice(3))).padStart(7, '0')}`
    expect(all.map(key)).toEqual([...all.map(key)].sort())
  })
})

/**
 * Migration 410: `open_case_cards_refresh` (migration 111, run by the trigger of every statement
 * that inserts cards) looks each given case up by its number, whatever the planner's statistics.
 * On tables never analysed (a fresh database, or a bulk import before autovacuum's ANALYZE) the
 * statement of 111 walked the partial index of every open case and filtered on the number — per card,
 * so a run's cost grew with its open cases × cards (found by the fan-out benchmark: 5,030 rows read
 * for each of 52 cards in one insert). The rows read from `cases` are counted from PostgreSQL's own
 * per-transaction statistics; the kept rows are checked against their definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { seedReference, DEPTS } from '../../test/harness.ts'

let db: TestDatabase
const OPEN = 3000
const DEPT = DEPTS[0]!

beforeAll(async () => {
  db = await createTestDatabase('sql_opencards_plan')
  await seedReference(db.pool)
  // statistics as a fresh database has them: never analysed, and no autovacuum during the test
  for (const t of ['cases', 'cards', 'open_case_cards']) await db.pool.query(`ALTER TABLE ${t} SET (autovacuum_enabled = off)`)
  await db.pool.query(
    `INSERT INTO cases (case_no, department_code, status, submitted_at, state, event_count, last_occurred_at)
     SELECT 'OCP-' || lpad(i::text, 5, '0'), $1, 'accepted', now() - interval '1 day', '{}', 1, now() FROM generate_series(1, $2) i`,
    [DEPT, OPEN],
  )
  await db.pool.query(
    `INSERT INTO cases (case_no, department_code, status, submitted_at, concluded_at, state, event_count, last_occurred_at)
     VALUES ('OCP-DONE', $1, 'concluded', now() - interval '2 days', now(), '{}', 1, now())`,
    [DEPT],
  )
})
afterAll(async () => {
  await db?.drop()
})

/** Rows of `cases` read (sequentially or through an index) by `statement`, in a transaction rolled back after. */
async function casesRead(statement: string, params: unknown[]): Promise<{ read: number; kept: Array<{ case_no: string; color: string }> }> {
  const c = await db.pool.connect()
  const counters = async () =>
    Number(
      (await c.query<{ n: string }>(`SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_xact_user_tables WHERE relname = 'cases'`)).rows[0]?.n ?? 0,
    )
  try {
    await c.query('BEGIN')
    const before = await counters()
    await c.query(statement, params)
    const read = (await counters()) - before
    const kept = (await c.query<{ case_no: string; color: string }>(`SELECT case_no, color FROM open_case_cards WHERE case_no LIKE 'OCP-%' ORDER BY case_no`)).rows
    return { read, kept }
  } finally {
    await c.query('ROLLBACK')
    c.release()
  }
}

describe('open_case_cards_refresh on statistics of a fresh database', () => {
  it('reads only the given cases when a card is issued', async () => {
    const { rows } = await db.pool.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'cases'`)
    expect(rows[0]!.reltuples).toBeLessThan(OPEN) // the planner does not know the table's size: the condition under test
    const r = await casesRead(
      `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason) VALUES ('case', 'OCP-00042', $1, 'red', 'manual', 'test'), ('case', 'OCP-00043', $1, 'yellow', 'manual', 'test'), ('case', 'OCP-DONE', $1, 'red', 'manual', 'test')`,
      [DEPT],
    )
    expect(r.kept).toEqual([
      { case_no: 'OCP-00042', color: 'red' },
      { case_no: 'OCP-00043', color: 'yellow' },
    ])
    expect(r.read).toBeLessThanOrEqual(10)
  })

  it('keeps the highest active card and drops a case whose cards are all revoked', async () => {
    const c = await db.pool.connect()
    try {
      await c.query('BEGIN')
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason) VALUES ('case', 'OCP-00007', $1, 'yellow', 'manual', 'a'), ('case', 'OCP-00007', $1, 'red', 'manual', 'b'), ('case', 'OCP-00008', $1, 'red', 'manual', 'c') RETURNING id`,
        [DEPT],
      )
      const kept = async () => (await c.query(`SELECT case_no, color FROM open_case_cards WHERE case_no LIKE 'OCP-%' ORDER BY case_no`)).rows
      expect(await kept()).toEqual([
        { case_no: 'OCP-00007', color: 'red' },
        { case_no: 'OCP-00008', color: 'red' },
      ])
      // revoke the red card of 7 (back to yellow) and the only card of 8 (gone)
      await c.query(
        `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, revokes) VALUES ('case', 'OCP-00007', $1, NULL, 'manual', 'r', $2), ('case', 'OCP-00008', $1, NULL, 'manual', 'r', $3)`,
        [DEPT, rows[1]!.id, rows[2]!.id],
      )
      expect(await kept()).toEqual([{ case_no: 'OCP-00007', color: 'yellow' }])
    } finally {
      await c.query('ROLLBACK')
      c.release()
    }
  })
})

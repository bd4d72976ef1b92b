/**
 * Migration 282: the wall's concluded cases with a deadline and how many on time, by conclusion day
 * and department, kept by triggers on the statistics facts as appended deltas and folded by
 * `wall_open_counts_compact()` — always equal to a recount of the facts (what wall_tiles.sql and
 * wall_rankings.sql counted before), and of the cases and clocks themselves: after random
 * conclusions, reopenings, returns, deadline and department moves, clock deletes, case deletes,
 * a rollback, compactions in between, a rebuild of the statistics rollups and a TRUNCATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../../domain/events/fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { seedReference, DEPTS } from '../../test/harness.ts'
import { compactWallOpenCounts } from '../wall.ts'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase('sql_wallconcluded')
  await seedReference(db.pool)
})
afterAll(async () => {
  await db?.drop()
})

type Counts = Record<string, [number, number]>

const kept = async (): Promise<Counts> => {
  const { rows } = await db.pool.query<{ k: string; c: string; o: string }>(
    `SELECT day::text || ' ' || department_code AS k, sum(concluded) AS c, sum(on_time) AS o
     FROM wall_concluded_counts_live GROUP BY day, department_code HAVING sum(concluded) <> 0 OR sum(on_time) <> 0`,
  )
  return Object.fromEntries(rows.map((r) => [r.k, [Number(r.c), Number(r.o)]]))
}

/** The count the wall made before: from the facts (migration 255). */
const recountFacts = async (): Promise<Counts> => {
  const { rows } = await db.pool.query<{ k: string; c: string; o: string }>(
    `SELECT concluded_day::text || ' ' || department_code AS k, count(*) AS c, count(*) FILTER (WHERE concluded_day <= deadline_date) AS o
     FROM stat_case_facts WHERE status_class = 'concluded' AND deadline_date IS NOT NULL GROUP BY concluded_day, department_code`,
  )
  return Object.fromEntries(rows.map((r) => [r.k, [Number(r.c), Number(r.o)]]))
}

/** The same from the cases and clocks (a concluded, not returned case with a deadline). */
const recountCases = async (): Promise<Counts> => {
  const { rows } = await db.pool.query<{ k: string; c: string; o: string }>(
    `SELECT d::text || ' ' || department_code AS k, count(*) AS c, count(*) FILTER (WHERE d <= deadline_date) AS o
     FROM (SELECT (c.concluded_at AT TIME ZONE 'Asia/Shanghai')::date AS d, c.department_code, k.deadline_date
           FROM cases c JOIN case_clocks k USING (case_no)
           WHERE c.concluded_at IS NOT NULL AND c.returned_at IS NULL AND k.deadline_date IS NOT NULL) x
     GROUP BY d, department_code`,
  )
  return Object.fromEntries(rows.map((r) => [r.k, [Number(r.c), Number(r.o)]]))
}

const check = async () => {
  const k = await kept()
  expect(k).toEqual(await recountFacts())
  expect(k).toEqual(await recountCases())
}

describe('the wall’s concluded counts by day (migration 282)', () => {
  it('stay equal to a recount through 400 random writes, compactions, a rollback, a rebuild and a TRUNCATE', async () => {
    const r = rng(282)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
    const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 2 + Math.floor(r() * 20)))
    const date = (n: number) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 10)
    const nos: string[] = []
    let next = 0
    for (let step = 0; step < 400; step++) {
      const x = r()
      const no = nos.length > 0 ? pick(nos) : null
      if (x < 0.3 || no === null) {
        const c = `CC-${next++}`
        nos.push(c)
        const concluded = r() < 0.6 ? day(Math.floor(r() * 20)) : null
        await db.pool.query(
          `WITH c AS (
             INSERT INTO cases (case_no, department_code, status, submitted_at, concluded_at, state, event_count, last_occurred_at)
             VALUES ($1, $2, $3, $4, $5, '{}', 1, now()) RETURNING case_no, department_code)
           INSERT INTO case_clocks (case_no, department_code, deadline_date) SELECT case_no, department_code, $6::date FROM c WHERE $7`,
          [c, pick(DEPTS), concluded ? 'concluded' : 'undertaken', day(0), concluded, r() < 0.8 ? date(Math.floor(r() * 20)) : null, r() < 0.9],
        )
      } else if (x < 0.45) {
        const concluded = r() < 0.7 ? day(Math.floor(r() * 20)) : null
        await db.pool.query(`UPDATE cases SET concluded_at = $2, status = $3 WHERE case_no = $1`, [no, concluded, concluded ? 'concluded' : 'undertaken'])
      } else if (x < 0.55) {
        await db.pool.query(`UPDATE cases SET returned_at = CASE WHEN returned_at IS NULL THEN now() END WHERE case_no = $1`, [no])
      } else if (x < 0.7) {
        await db.pool.query(
          `INSERT INTO case_clocks (case_no, department_code, deadline_date) SELECT case_no, department_code, $2::date FROM cases WHERE case_no = $1
           ON CONFLICT (case_no) DO UPDATE SET deadline_date = EXCLUDED.deadline_date`,
          [no, r() < 0.85 ? date(Math.floor(r() * 20)) : null],
        )
      } else if (x < 0.78) {
        await db.pool.query(`UPDATE cases SET department_code = $2 WHERE case_no = $1`, [no, pick(DEPTS)])
      } else if (x < 0.83) {
        await db.pool.query(`DELETE FROM case_clocks WHERE case_no = $1`, [no])
      } else if (x < 0.88) {
        await db.pool.query(`DELETE FROM cases WHERE case_no = $1`, [no])
        nos.splice(nos.indexOf(no), 1)
      } else if (x < 0.93) {
        // several cases concluded in one statement (a projection batch)
        await db.pool.query(`UPDATE cases SET concluded_at = $2, status = 'concluded' WHERE case_no = ANY ($1)`, [[pick(nos), pick(nos), pick(nos)], day(Math.floor(r() * 20))])
      } else if (x < 0.96) {
        const c = await db.pool.connect()
        try {
          await c.query('BEGIN')
          await c.query(`UPDATE cases SET concluded_at = now(), status = 'concluded' WHERE case_no = $1`, [no])
          await c.query('ROLLBACK')
        } finally {
          c.release()
        }
      } else {
        expect(await compactWallOpenCounts(db.pool)).toBeGreaterThanOrEqual(0)
      }
      if (step % 50 === 49) await check()
    }
    await check()
    expect(Object.keys(await kept()).length).toBeGreaterThan(3)

    await compactWallOpenCounts(db.pool)
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM wall_concluded_count_deltas')).rows[0].n)).toBe(0)
    await check()

    await db.pool.query('SELECT stat_case_rollups_rebuild()')
    await check()

    await db.pool.query('TRUNCATE cases CASCADE')
    expect(await kept()).toEqual({})
    await check()
  })
})

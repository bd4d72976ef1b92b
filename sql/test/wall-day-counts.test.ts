/**
 * Migration 370: the wall's cases received (submitted, else accepted), accepted and concluded by
 * Asia/Shanghai day and department, kept by triggers on `cases` as appended deltas and folded by
 * `wall_open_counts_compact()` — always equal to a recount of the cases (what wall_tiles.sql
 * counted before): through random inserts (one and several to a statement), receipt, acceptance
 * and conclusion moves across midnight, department moves, a projection's upsert, updates that touch
 * none of the counted columns, deletes, a rollback, compactions in between, a recount and a TRUNCATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../../domain/events/fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { seedReference, DEPTS } from '../../test/harness.ts'
import { compactWallOpenCounts } from '../wall.ts'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase('sql_walldaycounts')
  await seedReference(db.pool)
})
afterAll(async () => {
  await db?.drop()
})

type Counts = Record<string, [number, number, number]>

const kept = async (): Promise<Counts> => {
  const { rows } = await db.pool.query<{ k: string; r: string; a: string; c: string }>(
    `SELECT day::text || ' ' || department_code AS k, sum(received) AS r, sum(accepted) AS a, sum(concluded) AS c
     FROM wall_day_counts_live GROUP BY day, department_code HAVING sum(received) <> 0 OR sum(accepted) <> 0 OR sum(concluded) <> 0`,
  )
  return Object.fromEntries(rows.map((r) => [r.k, [Number(r.r), Number(r.a), Number(r.c)]]))
}

/** The count the wall made before (wall_tiles.sql): the cases of each local day, one measure at a time. */
const recount = async (): Promise<Counts> => {
  const { rows } = await db.pool.query<{ k: string; r: string; a: string; c: string }>(
    `SELECT d::text || ' ' || department_code AS k, sum(r) AS r, sum(a) AS a, sum(c) AS c FROM (
       SELECT (coalesce(submitted_at, accepted_at) AT TIME ZONE 'Asia/Shanghai')::date AS d, department_code, 1 AS r, 0 AS a, 0 AS c
       FROM cases WHERE coalesce(submitted_at, accepted_at) IS NOT NULL
       UNION ALL SELECT (accepted_at AT TIME ZONE 'Asia/Shanghai')::date, department_code, 0, 1, 0 FROM cases WHERE accepted_at IS NOT NULL
       UNION ALL SELECT (concluded_at AT TIME ZONE 'Asia/Shanghai')::date, department_code, 0, 0, 1 FROM cases WHERE concluded_at IS NOT NULL
     ) x GROUP BY d, department_code`,
  )
  return Object.fromEntries(rows.map((r) => [r.k, [Number(r.r), Number(r.a), Number(r.c)]]))
}

const check = async () => {
  expect(await kept()).toEqual(await recount())
}

describe('the wall’s counts of the day (migration 370)', () => {
  it('stay equal to a recount of the cases through 400 random writes, compactions, a rollback, a recount and a TRUNCATE', async () => {
    const r = rng(370)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
    // instants around Shanghai's midnights (16:00Z), a few minutes either side, over five days
    const at = () => (r() < 0.15 ? null : new Date(Date.UTC(2026, 11, 1 + Math.floor(r() * 5), 15, 50 + Math.floor(r() * 20))))
    const nos: string[] = []
    let next = 0
    const newCase = () => {
      const c = `DC-${next++}`
      nos.push(c)
      return { case_no: c, department_code: pick(DEPTS), submitted_at: at(), accepted_at: r() < 0.7 ? at() : null, concluded_at: r() < 0.4 ? at() : null }
    }
    for (let step = 0; step < 400; step++) {
      const x = r()
      const no = nos.length > 0 ? pick(nos) : null
      if (x < 0.2 || no === null) {
        // one to three new cases in one statement (a projection batch)
        const rows = Array.from({ length: 1 + Math.floor(r() * 3) }, newCase)
        await db.pool.query(
          `INSERT INTO cases (case_no, department_code, status, submitted_at, accepted_at, concluded_at, state, event_count, last_occurred_at)
           SELECT r.case_no, r.department_code, 'x', r.submitted_at, r.accepted_at, r.concluded_at, '{}', 1, now()
           FROM json_to_recordset($1::json) AS r (case_no text, department_code text, submitted_at timestamptz, accepted_at timestamptz, concluded_at timestamptz)`,
          [JSON.stringify(rows)],
        )
      } else if (x < 0.35) {
        await db.pool.query(`UPDATE cases SET submitted_at = $2 WHERE case_no = $1`, [no, at()])
      } else if (x < 0.5) {
        await db.pool.query(`UPDATE cases SET accepted_at = $2 WHERE case_no = $1`, [no, at()])
      } else if (x < 0.62) {
        await db.pool.query(`UPDATE cases SET concluded_at = $2, status = 'concluded' WHERE case_no = $1`, [no, at()])
      } else if (x < 0.7) {
        await db.pool.query(`UPDATE cases SET department_code = $2 WHERE case_no = $1`, [no, pick(DEPTS)])
      } else if (x < 0.76) {
        // what the projection does most: a new state, none of the counted columns
        await db.pool.query(`UPDATE cases SET state = jsonb_build_object('n', $2::int), event_count = event_count + 1 WHERE case_no = $1`, [no, step])
      } else if (x < 0.84) {
        // the projection's upsert: new cases and existing ones in one statement, times moved
        const fresh = newCase()
        const moved = { case_no: no, department_code: pick(DEPTS), submitted_at: at(), accepted_at: at(), concluded_at: r() < 0.5 ? at() : null }
        await db.pool.query(
          `INSERT INTO cases AS c (case_no, department_code, status, submitted_at, accepted_at, concluded_at, state, event_count, last_occurred_at)
           SELECT r.case_no, r.department_code, 'x', r.submitted_at, r.accepted_at, r.concluded_at, jsonb_build_object('s', $2::int), 1, now()
           FROM json_to_recordset($1::json) AS r (case_no text, department_code text, submitted_at timestamptz, accepted_at timestamptz, concluded_at timestamptz)
           ON CONFLICT (case_no) DO UPDATE SET department_code = EXCLUDED.department_code, submitted_at = EXCLUDED.submitted_at,
             accepted_at = EXCLUDED.accepted_at, concluded_at = EXCLUDED.concluded_at, state = EXCLUDED.state
           WHERE c.state IS DISTINCT FROM EXCLUDED.state`,
          [JSON.stringify([fresh, moved]), step],
        )
      } else if (x < 0.88) {
        await db.pool.query(`DELETE FROM cases WHERE case_no = $1`, [no])
        nos.splice(nos.indexOf(no), 1)
      } else if (x < 0.92) {
        // several cases concluded in one statement
        await db.pool.query(`UPDATE cases SET concluded_at = $2, status = 'concluded' WHERE case_no = ANY ($1)`, [[pick(nos), pick(nos), pick(nos)], at()])
      } else if (x < 0.95) {
        const c = await db.pool.connect()
        try {
          await c.query('BEGIN')
          await c.query(`UPDATE cases SET accepted_at = now(), concluded_at = now() WHERE case_no = $1`, [no])
          await c.query(`INSERT INTO cases (case_no, department_code, status, submitted_at, state, event_count, last_occurred_at) VALUES ('DC-rolled-back', $1, 'x', now(), '{}', 1, now())`, [DEPTS[0]])
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
    expect(Object.keys(await kept()).length).toBeGreaterThan(10)

    await compactWallOpenCounts(db.pool)
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM wall_day_count_deltas')).rows[0].n)).toBe(0)
    await check()

    // a load with triggers off, then the recount (bench/cityData.ts)
    const c = await db.pool.connect()
    try {
      await c.query('SET session_replication_role = replica')
      await c.query(`UPDATE cases SET accepted_at = accepted_at + INTERVAL '1 day' WHERE accepted_at IS NOT NULL`)
      await c.query('SET session_replication_role = origin')
    } finally {
      c.release()
    }
    expect(await kept()).not.toEqual(await recount())
    await db.pool.query('SELECT wall_day_counts_recount()')
    await check()

    await db.pool.query('TRUNCATE cases CASCADE')
    expect(await kept()).toEqual({})
    await check()
  })
})

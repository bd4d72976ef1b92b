/**
 * Migration 090: the wall's open cases and petitions by department and level, kept by triggers as appended
 * deltas and folded by `wall_open_counts_compact()`, always equal to a recount of the rows —
 * after random writes of every kind the triggers see (new cases with and without clocks in the
 * same statement, conclusions, returns, reopenings, department moves, level moves, clock deletes,
 * case deletes, TRUNCATE; petitions received, moved between levels, closed, reopened, moved,
 * deleted), after a rollback, with concurrent writers and compactions, and when the
 * migration is applied to a database that already holds cases.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../../domain/events/fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { seedReference, DEPTS } from '../../test/harness.ts'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'
import { forcePlain } from '../../test/pglite.ts'
import { migrate, MIGRATIONS_DIR } from '../migrate.ts'
import { compactWallOpenCounts } from '../wall.ts'

const LEVELS = ['normal', 'warning', 'yellow', 'red'] as const

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase('sql_wallcounts')
  await seedReference(db.pool)
})
afterAll(async () => {
  await db?.drop()
})

const deltaRows = async (q: Pick<pg.Pool, 'query'> = db.pool) => Number((await q.query<{ n: string }>('SELECT count(*) AS n FROM wall_open_count_deltas')).rows[0]!.n)

/** A new case, open or not, with or without its clock row (in the same statement, as the wall tests write them). */
const insertCase = (q: Pick<pg.Pool, 'query'>, no: string, dept: string, opts: { level?: string | null; concluded?: boolean; returned?: boolean } = {}) =>
  opts.level === null
    ? q.query(
        `INSERT INTO cases (case_no, department_code, status, concluded_at, returned_at, state, event_count, last_occurred_at)
         VALUES ($1, $2, 'x', $3, $4, '{}', 1, now())`,
        [no, dept, opts.concluded ? new Date() : null, opts.returned ? new Date() : null],
      )
    : q.query(
        `WITH c AS (
           INSERT INTO cases (case_no, department_code, status, concluded_at, returned_at, state, event_count, last_occurred_at)
           VALUES ($1, $2, 'x', $3, $4, '{}', 1, now()) RETURNING case_no, department_code)
         INSERT INTO case_clocks (case_no, department_code, level) SELECT case_no, department_code, $5 FROM c`,
        [no, dept, opts.concluded ? new Date() : null, opts.returned ? new Date() : null, opts.level ?? 'normal'],
      )

describe('the wall’s open-case counts (migration 090)', () => {
  it('stay equal to a recount through 600 random writes of every kind, with compactions in between', async () => {
    const r = rng(90)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
    const nos: string[] = []
    let next = 0
    const kinds: Record<string, number> = {}
    for (let step = 0; step < 600; step++) {
      const x = r()
      const no = nos.length > 0 ? pick(nos) : null
      let kind: string
      let about = no ?? ''
      if (x < 0.3 || no === null) {
        kind = 'insert'
        const c = `WC-${next++}`
        nos.push(c)
        const y = r()
        await insertCase(db.pool, c, pick(DEPTS), { level: y < 0.2 ? null : pick(LEVELS), concluded: y > 0.9, returned: y > 0.85 && y <= 0.9 })
      } else if (x < 0.4) {
        kind = 'batch insert' // several rows in one statement, then their clocks in another (the projection's way)
        const batch = Array.from({ length: 1 + Math.floor(r() * 8) }, () => ({ no: `WC-${next++}`, dept: pick(DEPTS), level: pick(LEVELS), closed: r() < 0.2 }))
        nos.push(...batch.map((b) => b.no))
        await db.pool.query(
          `INSERT INTO cases (case_no, department_code, status, concluded_at, state, event_count, last_occurred_at)
           SELECT no, dept, 'x', CASE WHEN closed THEN now() END, '{}', 1, now() FROM json_to_recordset($1::json) AS b(no text, dept text, closed boolean)`,
          [JSON.stringify(batch)],
        )
        await db.pool.query(
          `INSERT INTO case_clocks (case_no, department_code, level) SELECT no, dept, level FROM json_to_recordset($1::json) AS b(no text, dept text, level text)`,
          [JSON.stringify(batch)],
        )
      } else if (x < 0.55) {
        kind = 'level'
        await db.pool.query(`UPDATE case_clocks SET level = $2 WHERE case_no = $1`, [no, pick(LEVELS)])
      } else if (x < 0.62) {
        kind = 'clock added or removed'
        const has = (await db.pool.query('SELECT 1 FROM case_clocks WHERE case_no = $1', [no])).rowCount === 1
        if (has) await db.pool.query('DELETE FROM case_clocks WHERE case_no = $1', [no])
        else await db.pool.query(`INSERT INTO case_clocks (case_no, department_code, level) SELECT case_no, department_code, $2 FROM cases WHERE case_no = $1`, [no, pick(LEVELS)])
      } else if (x < 0.72) {
        kind = 'concluded'
        await db.pool.query(`UPDATE cases SET concluded_at = now(), status = 'concluded' WHERE case_no = $1`, [no])
      } else if (x < 0.77) {
        kind = 'returned'
        await db.pool.query(`UPDATE cases SET returned_at = now() WHERE case_no = $1`, [no])
      } else if (x < 0.84) {
        kind = 'reopened'
        await db.pool.query(`UPDATE cases SET concluded_at = NULL, returned_at = NULL WHERE case_no = $1`, [no])
      } else if (x < 0.91) {
        kind = 'moved department'
        await db.pool.query(`UPDATE cases SET department_code = $2 WHERE case_no = $1`, [no, pick(DEPTS)])
      } else if (x < 0.95) {
        kind = 'unrelated update' // the common case: state changes, openness and department do not
        await db.pool.query(`UPDATE cases SET status = 'undertaken', event_count = event_count + 1 WHERE case_no = $1`, [no])
      } else if (x < 0.955) {
        kind = 'deleted'
        await db.pool.query('DELETE FROM cases WHERE case_no = $1', [no])
        nos.splice(nos.indexOf(no), 1)
      } else if (x < 0.99) {
        kind = 'petition'
        const pno = `WP-${Math.floor(r() * 40)}`
        about = pno
        const y = r()
        if ((await db.pool.query('SELECT 1 FROM petitions WHERE petition_no = $1', [pno])).rowCount === 0)
          await db.pool.query(
            `INSERT INTO petitions (petition_no, department_code, status, closed_at, level, state, event_count, last_occurred_at) VALUES ($1, $2, 'x', $3, $4, '{}', 1, now())`,
            [pno, pick(DEPTS), y < 0.15 ? new Date() : null, pick(LEVELS)],
          )
        else if (y < 0.35) await db.pool.query(`UPDATE petitions SET level = $2 WHERE petition_no = $1`, [pno, pick(LEVELS)])
        else if (y < 0.55) await db.pool.query(`UPDATE petitions SET closed_at = now() WHERE petition_no = $1`, [pno])
        else if (y < 0.7) await db.pool.query(`UPDATE petitions SET closed_at = NULL, level = $2 WHERE petition_no = $1`, [pno, pick(LEVELS)])
        else if (y < 0.85) await db.pool.query(`UPDATE petitions SET department_code = $2 WHERE petition_no = $1`, [pno, pick(DEPTS)])
        else if (y < 0.93) await db.pool.query(`UPDATE petitions SET status = 'replied' WHERE petition_no = $1`, [pno])
        else await db.pool.query('DELETE FROM petitions WHERE petition_no = $1', [pno])
      } else {
        kind = 'compacted'
        await compactWallOpenCounts(db.pool)
        expect(await deltaRows()).toBe(0)
      }
      kinds[kind] = (kinds[kind] ?? 0) + 1
      expect(await keptOpenCounts(db.pool), `step ${step}: ${kind} ${about}`).toEqual(await recountOpenCounts(db.pool))
    }
    // every kind of write happened, and the counts are not trivially empty
    expect(Object.keys(kinds).sort()).toEqual(['batch insert', 'clock added or removed', 'compacted', 'concluded', 'deleted', 'insert', 'level', 'moved department', 'petition', 'reopened', 'returned', 'unrelated update'])
    const recount = await recountOpenCounts(db.pool)
    const total = (subject: string) => Object.entries(recount).filter(([k]) => k.startsWith(`${subject}/`)).reduce((a, [, n]) => a + n, 0)
    expect(total('case')).toBeGreaterThan(50)
    expect(total('petition')).toBeGreaterThan(5)
    expect(new Set(Object.keys(recount).map((k) => k.split('/')[2]))).toEqual(new Set(LEVELS))
    // compaction folds everything into the base and changes no count
    expect(await deltaRows()).toBeGreaterThan(0)
    expect(await compactWallOpenCounts(db.pool)).toBeGreaterThan(0)
    expect(await deltaRows()).toBe(0)
    expect(await keptOpenCounts(db.pool)).toEqual(recount)
  })

  it('keeps nothing of a rolled-back write', async () => {
    const before = await keptOpenCounts(db.pool)
    const deltas = await deltaRows()
    const c = await db.pool.connect()
    try {
      await c.query('BEGIN')
      await insertCase(c, 'RB-1', DEPTS[0]!, { level: 'red' })
      await c.query(`UPDATE case_clocks SET level = 'yellow' WHERE case_no IN (SELECT case_no FROM case_clocks LIMIT 5)`)
      expect(await keptOpenCounts(c)).toEqual(await recountOpenCounts(c)) // inside: its own writes count
      expect(await keptOpenCounts(c)).not.toEqual(before)
      await c.query('ROLLBACK')
    } finally {
      c.release()
    }
    expect(await keptOpenCounts(db.pool)).toEqual(before)
    expect(await deltaRows()).toBe(deltas)
  })

  it('stay exact with four concurrent writers and a compactor running all the while', async () => {
    let writing = true
    let compactions = 0
    const compactor = (async () => {
      while (writing) {
        await compactWallOpenCounts(db.pool)
        compactions++
      }
    })()
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        const r = rng(100 + w)
        for (let i = 0; i < 40; i++) {
          const c = await db.pool.connect()
          try {
            await c.query('BEGIN')
            const nos = Array.from({ length: 5 }, (_, j) => `CW-${w}-${i}-${j}`)
            for (const no of nos) await insertCase(c, no, DEPTS[Math.floor(r() * DEPTS.length)]!, { level: LEVELS[Math.floor(r() * 4)]! })
            await c.query(`UPDATE case_clocks SET level = 'red' WHERE case_no = $1`, [nos[0]])
            await c.query(`UPDATE cases SET concluded_at = now() WHERE case_no = $1`, [nos[1]])
            await c.query(i % 5 === 4 ? 'ROLLBACK' : 'COMMIT')
          } finally {
            c.release()
          }
        }
      }),
    )
    writing = false
    await compactor
    expect(compactions).toBeGreaterThan(3)
    expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
    await compactWallOpenCounts(db.pool)
    expect(await deltaRows()).toBe(0)
    expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
    // 4 writers × 32 committed transactions × 4 still-open cases of their own
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE case_no LIKE 'CW-%' AND concluded_at IS NULL`)
    expect(rows[0]!.n).toBe(4 * 32 * 4)
  })

  it('are rebuilt after TRUNCATE', async () => {
    const petitions = Object.fromEntries(Object.entries(await recountOpenCounts(db.pool)).filter(([k]) => k.startsWith('petition/')))
    expect(Object.keys(petitions).length).toBeGreaterThan(0)
    await db.pool.query('TRUNCATE cases CASCADE')
    expect(await keptOpenCounts(db.pool)).toEqual(petitions)
    await insertCase(db.pool, 'TR-1', DEPTS[0]!, { level: 'yellow' })
    expect(await keptOpenCounts(db.pool)).toEqual({ ...petitions, [`case/${DEPTS[0]}/yellow`]: 1 })
    await db.pool.query('TRUNCATE petitions CASCADE')
    expect(await keptOpenCounts(db.pool)).toEqual({ [`case/${DEPTS[0]}/yellow`]: 1 })
  })

  it('are built from the cases already there when the migration is applied', async () => {
    const old = await createTestDatabase('sql_mig090', { migrate: false })
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-090-'))
    const c = new pg.Client({ connectionString: old.url })
    try {
      await forcePlain(old)
      await cp(MIGRATIONS_DIR, dir, { recursive: true, filter: (src) => !/\/090\.[^/]*\.sql$/.test(src) })
      await c.connect()
      await migrate(c, { dir })
      await seedReference(old.pool)
      for (let i = 0; i < 12; i++) await insertCase(c, `OLD-${i}`, DEPTS[i % 3]!, { level: LEVELS[i % 4]!, concluded: i % 6 === 5 })
      await insertCase(c, 'OLD-X', DEPTS[0]!, { level: null })
      await c.query(
        `INSERT INTO petitions (petition_no, department_code, status, closed_at, level, state, event_count, last_occurred_at)
         VALUES ('OLD-P1', $1, 'x', NULL, 'red', '{}', 1, now()), ('OLD-P2', $1, 'x', now(), 'yellow', '{}', 1, now())`,
        [DEPTS[1]],
      )
      const before = await recountOpenCounts(c)
      expect(Object.keys(before).length).toBeGreaterThan(4)
      expect(before[`petition/${DEPTS[1]}/red`]).toBe(1)
      const after = await migrate(c)
      expect(after.applied).toEqual(['090.wall_open_counts.sql'])
      expect(await keptOpenCounts(c)).toEqual(before)
      expect(await deltaRows(c)).toBe(0)
    } finally {
      await c.end().catch(() => {})
      await rm(dir, { recursive: true, force: true })
      await old.drop()
    }
  })
})

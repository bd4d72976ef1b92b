/**
 * Every runtime query (sql/queries/*.sql) parses and plans on a migrated database, on plain
 * PostgreSQL and on TimescaleDB (PGlite, test/pglite.ts), and its header comment documents each
 * parameter $1..$n with the type the server infers for it.
 *
 * A statement is checked with `PREPARE` (parse analysis: tables, columns, types, parameter
 * types) and `EXPLAIN EXECUTE` with NULL parameters (planning), inside a transaction that is
 * rolled back. `CALL` and `VACUUM` cannot be prepared or explained, so they are executed: in a
 * rolled-back transaction where the server allows, and on their own where it refuses a transaction
 * block (TimescaleDB's refresh_continuous_aggregate, VACUUM). Such files must therefore be idempotent
 * maintenance commands without parameters.
 */
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDatabase } from '../../test/db.ts'
import { createPlainTestDatabase, startPgliteTimescale, type PgliteTimescale } from '../../test/pglite.ts'
import { queryNames, sql } from '../queries.ts'

let ts: PgliteTimescale
let plain: TestDatabase

beforeAll(async () => {
  const [t, p] = await Promise.allSettled([startPgliteTimescale({ migrate: true }), createPlainTestDatabase('sql_q')])
  if (t.status === 'fulfilled') ts = t.value
  if (p.status === 'fulfilled') plain = p.value
  if (t.status === 'rejected') throw t.reason
  if (p.status === 'rejected') throw p.reason
}, 120_000) // PGlite starts in ~4 s alone, several times that beside another PGlite on 2 cores
afterAll(async () => {
  await ts?.close()
  await plain?.drop()
})

const names = queryNames()

/** The parameters the header comment documents: `$1 text[]: …, $2 int: …` → ['text[]', 'int']. */
function documentedParameters(text: string): Map<number, string> {
  const header = text
    .split('\n')
    .filter((l) => l.trimStart().startsWith('--'))
    .join('\n')
  const out = new Map<number, string>()
  for (const m of header.matchAll(/\$(\d+)\s+([a-z][a-z0-9_ ]*(?:\[\])?)\s*:/gi)) out.set(Number(m[1]), m[2]!.trim())
  return out
}

const isMaintenance = (text: string) => /^\s*(?:CALL|VACUUM)\b/i.test(text.replace(/^\s*--.*$/gm, ''))
/** `DECLARE name NO SCROLL CURSOR FOR <query>`: the query is checked like any other. */
const DECLARE = /^(\s*)DECLARE\s+\w+\s+NO\s+SCROLL\s+CURSOR\s+FOR\b/im
/** `FETCH n FROM name` / `CLOSE name`: run against a cursor of that name (they take no parameters). */
const cursorStep = (text: string) => /^\s*(?:FETCH\s+\d+\s+FROM|CLOSE)\s+(\w+)\s*$/i.exec(text.replace(/^\s*--.*$/gm, '').trim())?.[1]

interface Checked {
  /** Parameter types as the server inferred them (regtype names), $1 first. */
  parameters: string[]
  /** Documented types as written in the header. */
  documented: Map<number, string>
}

async function check(pool: pg.Pool, name: string): Promise<Checked> {
  const raw = sql(name)
  const text = raw.replace(DECLARE, '$1')
  const c = await pool.connect()
  try {
    const documented = documentedParameters(text)
    const cursor = cursorStep(text)
    if (cursor !== undefined) {
      expect(text, 'a FETCH/CLOSE file takes no parameters').not.toMatch(/\$\d/)
      await c.query('BEGIN')
      try {
        await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT 1`)
        await c.query(text)
      } finally {
        await c.query('ROLLBACK')
      }
      return { parameters: [], documented }
    }
    if (isMaintenance(text)) {
      expect(text, 'a CALL or VACUUM file cannot be checked with parameters').not.toMatch(/\$\d/)
      await c.query('BEGIN')
      try {
        await c.query(text)
        await c.query('ROLLBACK')
      } catch (err) {
        await c.query('ROLLBACK')
        if (!/cannot run inside a transaction block/.test((err as Error).message)) throw err
        await c.query(text)
      }
      return { parameters: [], documented }
    }
    const stmt = `q_${name}`
    await c.query('BEGIN')
    try {
      await c.query(`PREPARE ${stmt} AS ${text}`)
      const { rows } = await c.query<{ types: string[] }>(
        `SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1`,
        [stmt],
      )
      const parameters = rows[0]!.types
      const args = parameters.length ? `(${parameters.map(() => 'NULL').join(', ')})` : ''
      await c.query(`EXPLAIN EXECUTE ${stmt}${args}`)
      return { parameters, documented }
    } finally {
      await c.query('ROLLBACK')
      // prepared statements outlive transactions (and on PGlite, connections)
      await c.query(`DEALLOCATE ${stmt}`).catch(() => {})
    }
  } finally {
    c.release()
  }
}

/**
 * A documented type fits the inferred one when it is the same, or casts to it implicitly (`int`
 * where the server infers `bigint`, as for LIMIT), element-wise for arrays; an array never fits a
 * scalar, nor text json.
 */
const FITS = `SELECT d.typcategory = 'A' AND i.typcategory = 'A' OR d.typcategory <> 'A' AND i.typcategory <> 'A' AS same_shape,
                     de = ie OR EXISTS (SELECT 1 FROM pg_cast WHERE castsource = de AND casttarget = ie AND castcontext = 'i') AS castable
              FROM pg_type d, pg_type i,
                   LATERAL (SELECT CASE WHEN d.typcategory = 'A' THEN d.typelem ELSE d.oid END AS de,
                                   CASE WHEN i.typcategory = 'A' THEN i.typelem ELSE i.oid END AS ie) e
              WHERE d.oid = $1::regtype AND i.oid = $2::regtype`

async function expectDocumented(pool: pg.Pool, { parameters, documented }: Checked): Promise<void> {
  const problems: string[] = []
  for (const [n] of documented) if (n > parameters.length) problems.push(`$${n} is documented but not used`)
  for (const [i, inferred] of parameters.entries()) {
    const doc = documented.get(i + 1)
    if (doc === undefined) {
      problems.push(`$${i + 1} (${inferred}) is not documented`)
      continue
    }
    const { rows } = await pool.query<{ same_shape: boolean; castable: boolean }>(FITS, [doc, inferred])
    if (!rows[0]?.same_shape || !rows[0].castable) problems.push(`$${i + 1} is documented as ${doc}, the server infers ${inferred}`)
  }
  expect(problems, 'the header comment documents each parameter as `$n type: meaning`').toEqual([])
}

describe('runtime queries', () => {
  it('are found', () => {
    expect(names.length).toBeGreaterThanOrEqual(10)
    expect(names).toContain('refresh_rollups') // the CALL case below is exercised
  })

  describe.each([
    ['plain PostgreSQL', () => plain.pool],
    ['TimescaleDB', () => ts.pool],
  ])('on %s', (_label, pool) => {
    it.each(names)('%s parses and plans', async (name) => {
      await expectDocumented(pool(), await check(pool(), name))
    })
  })
})

/**
 * Migration 400 and the projection's reads and transactions (issue 20, "the projection keeps up
 * with the store"):
 *   - the rows derived from a case (stages, clock, statistics facts, list keys) carry no foreign key
 *     any more; deleting cases still deletes exactly their derived rows, and truncating `cases`
 *     truncates them, with the counts the triggers keep equal to a recount;
 *   - the projection's reads of a job's events take each subject's events by the index on a store
 *     without planner statistics (no sequential scan of an events partition);
 *   - `withTransaction`'s settings hold for that transaction only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { DEPTS, seedReference } from '../../test/harness.ts'
import { sql } from '../../sql/queries.ts'
import { withTransaction } from '../../sql/transaction.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { processProjectJob } from '../project.ts'
import { keptCaseCounts, recountCaseCounts } from '../../test/statCounts.ts'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'

let db: TestDatabase
const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)
const NOW = Date.UTC(2025, 10, 20, 4, 0, 0)
const DERIVED = ['case_stages', 'case_clocks', 'stat_case_facts', 'case_list_keys'] as const

beforeAll(async () => {
  db = await createTestDatabase('derived')
  await seedReference(db.pool)
})
afterAll(async () => {
  await db?.drop()
})

function lifecycles(prefix: string, n: number): RawEvent[] {
  const out: RawEvent[] = []
  for (let i = 0; i < n; i++) out.push(...caseLifecycle(`${prefix}-${i}`, DEPTS[i % DEPTS.length]!, T0 + i * 60_000, { seed: i, supplement: i % 4 === 0, fee: i % 3 === 0 ? 20 : undefined }))
  return out
}

async function storeAndProject(events: readonly RawEvent[]): Promise<string[]> {
  const rows = events.map((e, ord) => ({ ord, source: 'derived-test', event_id: e.eventId, occurred_at: e.occurredAt, case_no: e.caseNo, petition_no: null, department_code: e.departmentCode, kind: e.kind, body: e.body }))
  await db.pool.query(sql('insert_events'), [JSON.stringify(rows)])
  const nos = [...new Set(events.map((e) => e.caseNo!))]
  await processProjectJob(db.pool, { cases: nos, petitions: [] }, { context: createContextProvider(db.pool), nowMs: NOW })
  return nos
}

/** The case numbers of each derived table that have no case row. */
async function orphans(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const t of DERIVED) {
    const { rows } = await db.pool.query<{ case_no: string }>(`SELECT DISTINCT d.case_no FROM ${t} d WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_no = d.case_no) ORDER BY 1`)
    out[t] = rows.map((r) => r.case_no)
  }
  return out
}

async function countOf(table: string, caseNos: readonly string[]): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE case_no = ANY($1)`, [caseNos])
  return rows[0]!.n
}

describe('derived rows without foreign keys (migration 400)', () => {
  it('has no foreign key from a derived table to cases', async () => {
    const { rows } = await db.pool.query<{ t: string }>(`SELECT conrelid::regclass::text AS t FROM pg_constraint WHERE contype = 'f' AND confrelid = 'cases'::regclass`)
    expect(rows.map((r) => r.t).filter((t) => (DERIVED as readonly string[]).includes(t))).toEqual([])
  })

  it('deleting cases deletes exactly their derived rows, and the kept counts stay equal to a recount', async () => {
    const nos = await storeAndProject(lifecycles('DK', 12))
    for (const t of DERIVED) expect(await countOf(t, nos)).toBeGreaterThan(0)
    const gone = nos.filter((_, i) => i % 3 === 0)
    const kept = nos.filter((_, i) => i % 3 !== 0)
    const before = Object.fromEntries(await Promise.all(DERIVED.map(async (t) => [t, await countOf(t, kept)] as const)))
    await db.pool.query('DELETE FROM cases WHERE case_no = ANY($1)', [gone])
    for (const t of DERIVED) {
      expect(await countOf(t, gone)).toBe(0)
      expect(await countOf(t, kept)).toBe(before[t])
    }
    expect(await orphans()).toEqual({ case_stages: [], case_clocks: [], stat_case_facts: [], case_list_keys: [] })
    expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
    expect(await keptCaseCounts(db.pool)).toEqual(await recountCaseCounts(db.pool))
  })

  it('TRUNCATE cases (without CASCADE) empties the derived tables and the counts', async () => {
    await storeAndProject(lifecycles('DT', 6))
    await db.pool.query('TRUNCATE cases')
    for (const t of DERIVED) {
      const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)
      expect(rows[0]!.n).toBe(0)
    }
    expect(await keptCaseCounts(db.pool)).toEqual(await recountCaseCounts(db.pool))
    expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
  })
})

describe("the projection's reads on a store without statistics", () => {
  it('read each case by the index: no sequential scan of an events partition, the same rows as a plain filter', async () => {
    // 3,000 cases of events, never analysed (as a store whose autovacuum is off or behind)
    const events = lifecycles('RD', 3000)
    for (let i = 0; i < events.length; i += 2000) {
      const rows = events.slice(i, i + 2000).map((e, ord) => ({ ord, source: 'derived-read', event_id: e.eventId, occurred_at: e.occurredAt, case_no: e.caseNo, petition_no: null, department_code: e.departmentCode, kind: e.kind, body: e.body }))
      await db.pool.query(sql('insert_events'), [JSON.stringify(rows)])
    }
    const job = Array.from({ length: 150 }, (_, i) => `RD-${1000 + i}`)
    for (const name of ['project_case_events', 'project_case_events_queued']) {
      const { rows: plan } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql(name)}`, [job])
      const text = plan.map((r) => r['QUERY PLAN']).join('\n')
      expect(text).toMatch(/Index Scan|Bitmap Index Scan/)
      expect(text).not.toMatch(/Seq Scan on events/)
    }
    const { rows: read } = await db.pool.query<{ seq: string }>(sql('project_case_events'), [[...job, job[0]!]])
    const { rows: plain } = await db.pool.query<{ seq: string }>('SELECT seq FROM events WHERE case_no = ANY($1) ORDER BY seq', [job])
    expect(read.map((r) => r.seq)).toEqual(plain.map((r) => r.seq))
    expect(read.length).toBe(events.filter((e) => job.includes(e.caseNo!)).length)
  })
})

describe('withTransaction settings', () => {
  it('hold inside that transaction only, and only setting names and values pass', async () => {
    const show = async (c: { query: (q: string) => Promise<{ rows: Record<string, string>[] }> }) =>
      [(await c.query('SHOW jit')).rows[0]!.jit, (await c.query('SHOW synchronous_commit')).rows[0]!.synchronous_commit]
    const { rows: d } = await db.pool.query<{ jit: string; sc: string }>(`SELECT current_setting('jit') AS jit, current_setting('synchronous_commit') AS sc`)
    const defaults = [d[0]!.jit, d[0]!.sc]
    expect(defaults).not.toEqual(['off', 'off'])
    const inside = await withTransaction(db.pool, (c) => show(c), { jit: 'off', synchronous_commit: 'off' })
    expect(inside).toEqual(['off', 'off'])
    const c = await db.pool.connect()
    try {
      expect(await show(c)).toEqual(defaults)
    } finally {
      c.release()
    }
    await expect(withTransaction(db.pool, async () => 1, { "jit = off; DROP TABLE cases; --": 'x' })).rejects.toThrow(/not a setting/)
    await expect(withTransaction(db.pool, async () => 1, { jit: "off'" })).rejects.toThrow(/not a setting/)
  })
})

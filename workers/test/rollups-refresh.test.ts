/**
 * The rollup refresh the maintenance job runs (refreshRollups, workers/maintenance.ts) leaves the
 * plain-PostgreSQL hourly rollup vacuumed: every page all-visible, so the wall's trend reads the
 * month's buckets from the view's partial index without visiting the heap (migration 283), after
 * the first (full) refresh and after a later (concurrent) one. A refresh alone leaves them unmarked.
 * Real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { DEPTS, JURISDICTION, seedReference } from '../../test/harness.ts'
import { sql } from '../../sql/queries.ts'
import { refreshRollups } from '../maintenance.ts'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase('rollups_refresh')
  await seedReference(db.pool)
})
afterAll(async () => {
  await db?.drop()
})

/** `n` events a minute apart from `from`, over the departments and three kinds. */
async function addEvents(tag: string, from: string, n: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body)
     SELECT 't', $1 || i, $2::timestamptz + i * INTERVAL '1 minute', $1 || 'C' || i, ($3::text[])[1 + i % cardinality($3::text[])],
            (ARRAY['submitted', 'concluded', 'accepted'])[1 + i % 3], '{}'
     FROM generate_series(0, $4 - 1) i`,
    [tag, from, DEPTS, n],
  )
}

async function visibility(): Promise<{ pages: number; allVisible: number }> {
  const { rows } = await db.pool.query<{ pages: number; all_visible: number }>(
    `SELECT pg_relation_size('event_counts_hourly') / current_setting('block_size')::int AS pages, relallvisible AS all_visible
     FROM pg_class WHERE oid = 'event_counts_hourly'::regclass`,
  )
  return { pages: Number(rows[0]!.pages), allVisible: Number(rows[0]!.all_visible) }
}

/** The wall's rollup statement as the planner runs it with only index scans allowed: heap pages fetched. */
async function trendHeapFetches(): Promise<number> {
  const c = await db.pool.connect()
  try {
    await c.query('BEGIN')
    await c.query('SET LOCAL enable_seqscan = off')
    await c.query('SET LOCAL enable_bitmapscan = off')
    const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ${sql('wall_trend_rollup')}`, [
      JURISDICTION,
      new Date('2026-12-01T00:00:00Z'),
      new Date('2027-01-01T00:00:00Z'),
    ])
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
    const fetches = /Index Only Scan using event_counts_hourly_wall on event_counts_hourly .*\n.*Index Cond.*\n\s*Heap Fetches: (\d+)/.exec(plan)
    expect(fetches, plan).not.toBeNull()
    return Number(fetches![1])
  } finally {
    await c.query('ROLLBACK')
    c.release()
  }
}

describe('refreshRollups on plain PostgreSQL', () => {
  it('leaves every page of the hourly rollup all-visible: the wall reads its buckets from the index alone', async () => {
    await addEvents('a', '2026-12-02T00:00:00Z', 3000)
    // the procedure alone (what the job ran before): a populated view with no page marked
    await db.pool.query(sql('refresh_rollups'))
    const bare = await visibility()
    expect(bare.pages).toBeGreaterThan(0)
    expect(bare.allVisible).toBe(0)
    expect(await trendHeapFetches()).toBeGreaterThan(0)

    await refreshRollups(db.pool)
    const after = await visibility()
    expect(after.allVisible).toBe(after.pages)
    expect(await trendHeapFetches()).toBe(0)

    // a later refresh (CONCURRENTLY: the new hours' rows added, the changed ones replaced)
    await addEvents('b', '2026-12-04T00:00:00Z', 600)
    await refreshRollups(db.pool)
    const later = await visibility()
    expect(later.pages).toBeGreaterThanOrEqual(after.pages)
    expect(later.allVisible).toBe(later.pages)
    expect(await trendHeapFetches()).toBe(0)
    // and the counts are the events'
    const { rows } = await db.pool.query<{ n: string }>(`SELECT sum(events)::text AS n FROM event_counts_hourly`)
    expect(Number(rows[0]!.n)).toBe(3600)
  })
})

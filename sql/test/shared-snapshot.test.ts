/**
 * A second connection on the snapshot of an open read (sql/sharedSnapshot.ts): it sees what the
 * first sees and not what was committed after the export, whether the pool had it idle or had room
 * to open it; it is not taken when the pool has no connection to spare; and the wall's panels read
 * in two halves equal those read on one connection.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { endSharedSnapshot, openSharedSnapshot } from '../sharedSnapshot.ts'
import { readWallPanels } from '../wall.ts'
import { JURISDICTION, DEPTS, seedReference } from '../../test/harness.ts'

let db: TestDatabase
const NOW = new Date('2026-12-15T04:00:00Z')

/** A pool of `max` connections with `warm` of them opened and idle. */
async function poolOf(max: number, warm: number): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: db.url, max })
  const held = await Promise.all(Array.from({ length: warm }, () => pool.connect()))
  for (const c of held) c.release()
  return pool
}

const count = async (c: pg.PoolClient | pg.Pool) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM snap_probe')).rows[0]!.n

beforeAll(async () => {
  db = await createTestDatabase('sharedsnap')
  await seedReference(db.pool)
  await db.pool.query('CREATE TABLE snap_probe (id int)')
  await db.pool.query('INSERT INTO snap_probe VALUES (1), (2)')
  await db.pool.query(
    `INSERT INTO cases (case_no, department_code, item_code, case_type, status, submitted_at, state, event_count, last_occurred_at)
     VALUES ('S-1', $1, NULL, 'promised', 'submitted', '2026-12-15T01:00:00Z', '{}', 1, now()), ('S-2', $2, NULL, 'immediate', 'submitted', '2026-12-15T02:00:00Z', '{}', 1, now())`,
    [DEPTS[0], DEPTS[1]],
  )
  await db.pool.query(`INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body) VALUES ('t', 'E1', '2026-12-15T01:00:00Z', 'S-1', $1, 'submitted', '{}')`, [DEPTS[0]])
})
afterAll(async () => {
  await db?.drop()
})

describe('openSharedSnapshot', () => {
  // a pool of `max` with `warm` connections opened: one idle once `first` is taken, or none idle but room for one
  it.each([
    ['an idle one', 3, 2, 3],
    ['none idle but room under its max', 2, 1, 4],
  ])('gives a second connection when the pool has %s, seeing the first one’s snapshot, not a row committed after it', async (_, max, warm, probe) => {
    const pool = await poolOf(max, warm)
    const first = await pool.connect()
    try {
      await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      expect(await count(first)).toBe(2)
      expect(pool.idleCount).toBe(warm - 1)
      const second = await openSharedSnapshot(pool, first, ['SET LOCAL jit = off'])
      expect(second).not.toBeNull()
      expect(pool.totalCount).toBe(Math.max(warm, 2))
      await db.pool.query('INSERT INTO snap_probe VALUES ($1)', [probe]) // committed after the export
      expect(await count(second!)).toBe(2)
      expect((await second!.query<{ jit: string }>('SHOW jit')).rows[0]!.jit).toBe('off')
      expect(await count(first)).toBe(2)
      expect(await count(db.pool)).toBe(3) // a new transaction sees it
      await endSharedSnapshot(second!)
      await first.query('COMMIT')
    } finally {
      first.release()
      await pool.end()
      await db.pool.query('DELETE FROM snap_probe WHERE id = $1', [probe])
    }
  })

  it('takes no second connection when the pool has none idle and no room, and leaves the first transaction usable', async () => {
    const pool = await poolOf(1, 1)
    const first = await pool.connect()
    try {
      await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      expect(await openSharedSnapshot(pool, first)).toBeNull()
      expect(pool.totalCount).toBe(1)
      expect(await count(first)).toBe(2)
      await first.query('COMMIT')
    } finally {
      first.release()
      await pool.end()
    }
  })
})

describe('readWallPanels in two halves', () => {
  it('reads on two connections when the pool has one to spare, on one otherwise, with the same panels', async () => {
    const wide = await poolOf(4, 2)
    const narrow = await poolOf(1, 1)
    try {
      const wideConnect = vi.spyOn(wide, 'connect')
      const narrowConnect = vi.spyOn(narrow, 'connect')
      const two = await readWallPanels(wide, JURISDICTION, NOW)
      const one = await readWallPanels(narrow, JURISDICTION, NOW)
      expect(wideConnect).toHaveBeenCalledTimes(2)
      expect(narrowConnect).toHaveBeenCalledTimes(1)
      expect(two).toEqual(one)
      expect(two.tiles.receivedToday).toBe(2)
      expect(two.trends.caseTypes.find((t) => t.type === 'immediate')?.count).toBe(1)
      expect(wide.idleCount).toBe(wide.totalCount) // both connections back in the pool
    } finally {
      await wide.end()
      await narrow.end()
    }
  })
})

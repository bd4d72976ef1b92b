/**
 * A second connection reading the same snapshot as a read-only REPEATABLE READ transaction that is
 * already open (`pg_export_snapshot()` on the first, `SET TRANSACTION SNAPSHOT` on the second, as
 * pg_dump's parallel workers do), so that two halves of one consistent read can run at once on two
 * backends. PostgreSQL 10 and later export snapshots on a hot standby too, so a read pool on a
 * replica works the same.
 *
 * Taken only when the pool has a connection to spare — an idle one, or room under its `max` to open
 * one — and nobody waiting for one: a reader holding its first connection never queues for a
 * second (many readers each holding one and waiting for another would starve the pool). Otherwise,
 * or when the second connection cannot be had or cannot import the snapshot, the answer is null and
 * the caller reads everything on its first connection, as before. (Idle connections alone were too
 * strict: readers one at a time keep a pool at one connection, so the second half never ran.)
 * The export itself needs no transaction id (measured: none assigned in a read-only transaction).
 */
import type pg from 'pg'

/** A snapshot id as PostgreSQL prints it (hex groups joined by '-'); anything else is not interpolated. */
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i

/**
 * @param pool - the pool `first` came from
 * @param first - a connection inside an open `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` transaction
 * @param setup - statements without parameters to run on the second connection after the import (e.g.
 *   `SET LOCAL jit = off`), sent with it
 * @returns the second connection inside its own transaction on the same snapshot, or null; the caller
 *   ends it with `endSharedSnapshot` while `first`'s transaction is still open or after
 */
export async function openSharedSnapshot(pool: pg.Pool, first: pg.PoolClient, setup: readonly string[] = []): Promise<pg.PoolClient | null> {
  if (!hasSpare(pool)) return null
  // an error here aborts `first`'s transaction and propagates (no subtransaction can export)
  const id = (await first.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id
  if (!id || !SNAPSHOT_ID.test(id) || !hasSpare(pool)) return null
  let second: pg.PoolClient
  try {
    second = await pool.connect()
  } catch {
    return null
  }
  try {
    // one round trip: the import must be the transaction's first statement, the setup follows
    await second.query([`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`, `SET TRANSACTION SNAPSHOT '${id}'`, ...setup].join(';\n'))
    return second
  } catch {
    await second.query('ROLLBACK').catch(() => {})
    second.release()
    return null
  }
}

/** An idle connection, or room to open one, and no reader waiting. */
function hasSpare(pool: pg.Pool): boolean {
  return pool.waitingCount === 0 && (pool.idleCount > 0 || pool.totalCount < (pool.options.max ?? 10))
}

/** Ends the second connection's read-only transaction and returns it to the pool. */
export async function endSharedSnapshot(second: pg.PoolClient): Promise<void> {
  try {
    await second.query('COMMIT')
    second.release()
  } catch (err) {
    second.release(err instanceof Error ? err : true)
  }
}

/**
 * A second connection reading the same snapshot as a read-only REPEATABLE READ transaction that is
 * already open (`pg_export_snapshot()` on the first, `SET TRANSACTION SNAPSHOT` on the second, as
 * pg_dump's parallel workers do), so that two halves of one consistent read can run at once on two
 * backends. PostgreSQL 10 and later export snapshots on a hot standby too, so a read pool on a
 * replica works the same.
 *
 * Taken only when the pool has an idle connection and nobody waiting for one: a reader holding its
 * first connection never waits for a second (many readers each holding one and waiting for
 * another would starve the pool). Otherwise, or when the second connection cannot import the
 * snapshot, the answer is null and the caller reads everything on its first connection, as before.
 * The export itself needs no transaction id (measured: none assigned in a read-only transaction).
 */
import type pg from 'pg'

/** A snapshot id as PostgreSQL prints it (hex groups joined by '-'); anything else is not interpolated. */
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i

/**
 * @param pool - the pool `first` came from
 * @param first - a connection inside an open `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` transaction
 * @param setup - statements to run on the second connection after the import (e.g. `SET LOCAL jit = off`)
 * @returns the second connection inside its own transaction on the same snapshot, or null; the caller
 *   ends it with `endSharedSnapshot` while `first`'s transaction is still open or after
 */
export async function openSharedSnapshot(pool: pg.Pool, first: pg.PoolClient, setup: readonly string[] = []): Promise<pg.PoolClient | null> {
  if (pool.idleCount === 0 || pool.waitingCount > 0) return null
  // an error here aborts `first`'s transaction and propagates (no subtransaction can export)
  const id = (await first.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id
  if (!id || !SNAPSHOT_ID.test(id) || pool.idleCount === 0 || pool.waitingCount > 0) return null
  const second = await pool.connect()
  try {
    await second.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    await second.query(`SET TRANSACTION SNAPSHOT '${id}'`)
    for (const s of setup) await second.query(s)
    return second
  } catch {
    await second.query('ROLLBACK').catch(() => {})
    second.release()
    return null
  }
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

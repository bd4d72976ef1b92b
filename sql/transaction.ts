import type pg from 'pg'

/**
 * Runs `fn` in a transaction on a pooled client: COMMIT when it resolves, ROLLBACK when it throws.
 * Shared by server/ and workers/ (they may not import each other).
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const out = await fn(client)
    await client.query('COMMIT')
    return out
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

import type pg from 'pg'

/**
 * Runs `fn` in a transaction on a pooled client: COMMIT when it resolves, ROLLBACK when it throws.
 * Shared by server/ and workers/ (they may not import each other). `settings`: `SET LOCAL` pairs
 * for this transaction only, sent with its BEGIN in one round trip (e.g. the projection's, workers/project.ts).
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, settings: Readonly<Record<string, string>> = {}): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(['BEGIN', ...Object.entries(settings).map(([k, v]) => `SET LOCAL ${setting(k)} = ${setting(v)}`)].join('; '))
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

/** A setting's name or value as written in `SET LOCAL` (letters, digits, `_` and `.` only: never user input). */
function setting(s: string): string {
  if (!/^[A-Za-z0-9_.]+$/.test(s)) throw new Error(`not a setting: ${s}`)
  return s
}

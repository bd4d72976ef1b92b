/**
 * Runs one statistics query with JIT compilation off and 32 MB of work memory for its sorts and
 * hashes (a year's working-days histogram spilled to disk with the default 4 MB), in its own
 * read-only transaction (`SET LOCAL`: the pooled connection keeps its settings). The report queries read a few thousand
 * to a few hundred thousand rollup rows, but the planner's estimates for their period lists and
 * lateral period ranges (json_to_recordset, unnest: 100 rows each) put their cost above
 * `jit_above_cost`, and compiling them took longer than running them: about 1 s of a 1.6 s type
 * view at 1,000,000 cases, measured with EXPLAIN ANALYZE (bench/README.md).
 */
import type pg from 'pg'

export async function reportQuery<R extends pg.QueryResultRow>(pool: pg.Pool, text: string, params: readonly unknown[]): Promise<pg.QueryResult<R>> {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query("BEGIN READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
    const result = await client.query<R>(text, params as unknown[])
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true
    })
    throw err
  } finally {
    client.release(broken)
  }
}

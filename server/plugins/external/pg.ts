import fp from 'fastify-plugin'
import pg from 'pg'
import { createReadPools, type ReadPools } from '../../../infra/readPool.ts'

declare module 'fastify' {
  interface FastifyInstance {
    pg: pg.Pool
    /**
     * Reads that may be a second old (wall snapshot, statistics, exports): `pgReads.pick()` is the
     * streaming replica (`DATABASE_READ_URL`) while its lag guard allows, else the primary.
     */
    pgReads: ReadPools
  }
}

/** The PostgreSQL pool, visible everywhere, closed on shutdown. */
export default fp<{ connectionString: string; max?: number; readConnectionString?: string; readMaxLagMs?: number }>(
  async (app, opts) => {
    // a connect that hangs (a dead host, a half-open proxy) fails after 5 s instead of holding the
    // request forever: the error handler answers 503 (plugins/external/db-outage.ts)
    const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10, connectionTimeoutMillis: 5_000 })
    // an idle client whose backend went away: the pool drops it; db-outage.ts logs the outage once
    pool.on('error', (err) => app.log.debug({ err: err.message }, 'idle pg client error'))
    // A connection lost while its client is checked out (PostgreSQL restarted) emits 'error' on that
    // client, which the pool does not listen to then: unheard, it would end the process. The query
    // in progress (or the next) fails instead, and the pool discards the client on release.
    pool.on('connect', (client) => client.on('error', () => {}))
    app.decorate('pg', pool)
    const reads = createReadPools(pool, {
      url: opts.readConnectionString ?? null,
      ...(opts.readMaxLagMs !== undefined ? { maxLagMs: opts.readMaxLagMs } : {}),
      max: opts.max ?? 10,
      onError: (message) => app.log.warn(message),
    })
    app.decorate('pgReads', reads)
    app.addHook('onClose', async () => {
      await reads.close()
      await pool.end()
    })
  },
  { name: 'pg' },
)

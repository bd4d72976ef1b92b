import fp from 'fastify-plugin'
import pg from 'pg'

declare module 'fastify' {
  interface FastifyInstance {
    pg: pg.Pool
  }
}

/** The PostgreSQL pool, visible everywhere, closed on shutdown. */
export default fp<{ connectionString: string; max?: number }>(
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
    app.addHook('onClose', async () => {
      await pool.end()
    })
  },
  { name: 'pg' },
)

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
    const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10 })
    pool.on('error', (err) => app.log.error({ err: err.message }, 'idle pg client error'))
    app.decorate('pg', pool)
    app.addHook('onClose', async () => {
      await pool.end()
    })
  },
  { name: 'pg' },
)

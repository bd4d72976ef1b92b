/**
 * The server's configuration, read once from the environment by `loadConfig` (server/config.ts)
 * and handed to `buildApp`, as `app.config` for every plugin and route: routes never read
 * `process.env` themselves (fastify/demo's `fastify.config`).
 */
import fp from 'fastify-plugin'
import type { ServerConfig } from '../../config.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Readonly<ServerConfig>
  }
}

export default fp<{ config: ServerConfig }>(
  async (app, opts) => {
    app.decorate('config', Object.freeze({ ...opts.config }))
  },
  { name: 'config' },
)

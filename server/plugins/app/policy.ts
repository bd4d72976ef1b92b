import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { AppError } from '../../errors.ts'
import { authenticateSourceKey, type SourcePrincipal } from './source-keys.ts'

/** Roles of the system. `public` is the anonymous visitor. */
export type Role = 'public' | 'source' | 'admin' | 'supervisor' | 'leader' | 'department_head' | 'department_staff' | 'display'

/** Every route states who may call it: `public`, or the list of roles allowed. */
export type Policy = 'public' | readonly Exclude<Role, 'public'>[]

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy
  }
  interface FastifyRequest {
    source: SourcePrincipal | null
  }
}

/**
 * Enforces the route policy before anything else runs. A route without a policy is refused
 * (500 at request time, and a test enumerates all routes), so no route is open by accident.
 */
export default fp(
  async (app) => {
    app.decorateRequest('source', null)
    app.addHook('onRequest', async (req: FastifyRequest) => {
      const policy = req.routeOptions.config.policy
      if (req.routeOptions.url === undefined) return // 404s
      if (policy === undefined) throw new AppError('INTERNAL', `route ${req.routeOptions.url} has no policy`)
      if (policy === 'public') return
      if (policy.includes('source')) {
        const key = req.headers['x-api-key']
        if (typeof key === 'string' && key.length > 0) {
          req.source = await authenticateSourceKey(app.pg, key)
          if (req.source) return
        }
      }
      throw new AppError('UNAUTHENTICATED')
    })
  },
  { name: 'policy', dependencies: ['pg'] },
)

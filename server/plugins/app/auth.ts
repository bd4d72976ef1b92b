/**
 * Authentication services: session lookup, socket.io handshake authentication, department scope,
 * single sign-on, and the first-start admin. Registered by the policy plugin (which enforces who
 * may call what); routes in server/routes/auth.ts use it.
 */
import fp from 'fastify-plugin'
import { sql } from '../../../sql/queries.ts'
import { systemActor, withTransaction } from '../../audit.ts'
import type { SecurityConfig } from '../../config.ts'
import { createOidcClient, type OidcClient } from '../../auth/oidc.ts'
import { authenticateHandshake, checkSessions, cookieNames, lookupSession, type CookieNames, type SessionGrant, type UserPrincipal } from '../../auth/session.ts'
import { bootstrapFirstAdmin } from '../../repositories/user-store.ts'

export interface Auth {
  config: SecurityConfig
  cookies: CookieNames
  /** The user of a session token, or null. */
  lookup(token: string | undefined): Promise<UserPrincipal | null>
  /**
   * The user of a socket.io handshake, from its Cookie header (the same session as HTTP), or null:
   *   io.use(async (socket, next) => {
   *     const user = await app.auth.authenticateHandshake(socket.handshake.headers.cookie)
   *     user ? ((socket.data.user = user), next()) : next(new Error('unauthenticated'))
   *   })
   */
  authenticateHandshake(cookieHeader: string | undefined): Promise<UserPrincipal | null>
  /**
   * Re-checks sessions held by live sockets: the valid ones with their current grant (absent: ended);
   * refreshes the idle timer of those in `touch` (`checkSessions` in session.ts).
   */
  checkSessions(sessionIds: readonly string[], touch: readonly string[]): Promise<Map<string, SessionGrant>>
  /** Department codes the user may see (SQL `visible_departments`). */
  visibleDepartments(userId: string): Promise<string[]>
  /** The OIDC client when single sign-on is configured. */
  oidc: OidcClient | null
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth
  }
}

export default fp<{ config: SecurityConfig }>(
  async (app, { config }) => {
    const auth: Auth = {
      config,
      cookies: cookieNames(config.cookieSecure),
      lookup: (token) => lookupSession(app.pg, token),
      authenticateHandshake: (cookieHeader) => authenticateHandshake(app.pg, config, cookieHeader),
      checkSessions: (ids, touch) => checkSessions(app.pg, ids, touch),
      async visibleDepartments(userId) {
        const { rows } = await app.pg.query<{ codes: string[] }>(sql('auth_visible_departments'), [userId])
        return rows[0]?.codes ?? []
      },
      oidc: config.oidc ? createOidcClient(config.oidc) : null,
    }
    app.decorate('auth', auth)

    const admin = config.bootstrapAdmin
    if (admin) {
      app.addHook('onReady', async () => {
        const created = await withTransaction(app.pg, (client) =>
          bootstrapFirstAdmin(client, admin, { actor: systemActor('bootstrap'), requestId: null, passwordMinLength: config.passwordMinLength }),
        )
        if (created) app.log.warn({ login: created.login }, 'first admin created from ADMIN_LOGIN / ADMIN_PASSWORD; change the password and unset them')
      })
    }
  },
  { name: 'auth', dependencies: ['pg'] },
)

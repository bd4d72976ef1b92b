/**
 * Login, logout, own profile, own password; single sign-on (OIDC) and certificate (CA) login.
 * Sessions are cookies (see server/auth/session.ts); every login, logout, failed login of an
 * existing account and password change writes an audit row in the same transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type pg from 'pg'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { certificateSubject } from '../auth/cert.ts'
import { ANY_USER } from '../auth/roles.ts'
import { verifyPassword } from '../auth/passwords.ts'
import { clearSessionCookies, setSessionCookies, type LoginMethod, type UserPrincipal } from '../auth/session.ts'
import { openSession as openSessionIn, passwordLogin, type LoginRequest } from '../auth/service.ts'
import { setPassword } from '../repositories/user-store.ts'
import { ErrorResponse } from '../schemas.ts'

// the answers' shapes are the contract's (the dashboard takes their types)
import { SessionResponse, SessionUser as Me } from '../../domain/contracts/api/auth.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

const meOf = (u: UserPrincipal) => ({
  id: u.userId,
  login: u.login,
  displayName: u.displayName,
  roles: u.roles,
  departmentCode: u.departmentCode,
  jurisdictionCode: u.jurisdictionCode,
  method: u.method,
})

/** A path on this site only (no scheme, no host, no `//evil`), else '/'. */
export function safeReturnTo(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(v) && v.length <= 500 ? v : '/'
}

/** The request, as a login sees it (server/auth/service.ts). */
const loginRequest = (req: FastifyRequest): LoginRequest => ({
  ip: req.ip,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  requestId: req.id,
  log: req.log,
})

/** Password login, logout, the sign-in probe and the own profile. */
function registerSessionRoutes(app: TypeboxApp): void {
  const cfg = app.auth.config

  app.post(
    '/api/v1/auth/login',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with login name and password; sets the session cookie',
        description:
          'One answer for every failure (unknown user, wrong password, locked or inactive account): 401 LOGIN_FAILED. ' +
          'After `lockoutThreshold` failures in a row the account is locked for `lockoutMinutes`.',
        body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: SessionResponse, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      await app.limits.login(req, reply)
      const { s, user } = await passwordLogin(app.pg, cfg, loginRequest(req), req.body.login, req.body.password)
      setSessionCookies(reply, s, cfg)
      return { user: meOf(user), csrfToken: s.csrfToken }
    },
  )

  app.post(
    '/api/v1/auth/logout',
    {
      config: { policy: ANY_USER },
      schema: { tags: ['auth'], summary: 'Log out: ends this session and clears the cookies', response: { 204: Type.Null(), '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      const user = req.user!
      await withTransaction(app.pg, async (client) => {
        const { rows } = await client.query<{ user_id: string; method: string }>(sql('auth_session_delete'), [user.sessionId])
        if (rows[0]) {
          await appendAudit(client, { actor: actorOf(req), action: 'auth.logout', entity: 'user', entityId: user.userId, before: { method: rows[0].method }, after: null, requestId: req.id })
        }
      })
      app.realtime.endSessions([user.sessionId]) // its sockets too, on every instance
      clearSessionCookies(reply, cfg)
      return reply.code(204).send(null)
    },
  )

  // The pages' sign-in probe: public, 200 either way (a 401 from a probe is logged as an error in
  // every browser console before sign-in). `GET /api/v1/auth/me` keeps answering 401 when signed out.
  app.get(
    '/api/v1/auth/session',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token of the session, or nulls when not signed in (never 401)',
        response: { 200: Type.Object({ user: Type.Union([Type.Null(), Me]), csrfToken: Type.Union([Type.Null(), Type.String()]) }) },
      },
    },
    async (req) => {
      const user = await app.auth.lookup(req.cookies[app.auth.cookies.session])
      return user ? { user: meOf(user), csrfToken: user.csrfToken } : { user: null, csrfToken: null }
    },
  )

  app.get(
    '/api/v1/auth/me',
    {
      config: { policy: ANY_USER },
      schema: { tags: ['auth'], summary: 'The logged-in user and the CSRF token of the session', response: { 200: SessionResponse, '4xx': ErrorResponse } },
    },
    async (req) => ({ user: meOf(req.user!), csrfToken: req.user!.csrfToken }),
  )
}

/** Changing the own password. */
function registerPasswordRoute(app: TypeboxApp): void {
  const cfg = app.auth.config

  app.post(
    '/api/v1/auth/password',
    {
      config: { policy: ANY_USER },
      schema: {
        tags: ['auth'],
        summary: 'Change own password (ends the other sessions of the user)',
        description: 'A wrong current password counts towards the lockout like a failed login.',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const me = req.user!
      const { currentPassword, newPassword } = req.body
      // true: the current password was wrong; otherwise the other sessions that the change ended
      const outcome = await withTransaction(app.pg, async (client): Promise<true | string[]> => {
        const { rows } = await client.query<{ login: string; password_hash: string | null }>(sql('auth_user_password'), [me.userId])
        const row = rows[0]
        if (!row) throw new AppError('UNAUTHENTICATED')
        if (row.password_hash === null || !(await verifyPassword(row.password_hash, currentPassword))) {
          const { rows: f } = await client.query<{ failed_logins: number; locked_until: Date | null; locked_now: boolean }>(sql('auth_login_failed'), [
            me.userId, cfg.lockoutThreshold, cfg.lockoutMinutes,
          ])
          await appendAudit(client, {
            actor: actorOf(req),
            action: f[0]?.locked_now ? 'auth.lockout' : 'auth.password_change_failed',
            entity: 'user',
            entityId: me.userId,
            before: null,
            after: { failedLogins: f[0]?.failed_logins ?? null, lockedUntil: f[0]?.locked_until?.toISOString() ?? null },
            requestId: req.id,
          })
          return true // committed: the failure counts
        }
        if (newPassword === currentPassword) throw new AppError('PASSWORD_POLICY', 'must differ from the current password')
        return setPassword(client, { id: me.userId, login: row.login }, newPassword, {
          actor: actorOf(req), requestId: req.id, passwordMinLength: cfg.passwordMinLength, keepSessionId: me.sessionId, action: 'user.password_change',
        })
      })
      if (outcome === true) throw new AppError('CURRENT_PASSWORD_WRONG')
      app.realtime.endSessions(outcome) // their sockets too, on every instance
      return reply.code(204).send(null)
    },
  )
}

/** Single sign-on (OIDC): the redirect and the callback. */
function registerOidcRoutes(app: TypeboxApp): void {
  const cfg = app.auth.config
  const openSession = (req: FastifyRequest, client: pg.ClientBase, userId: string, method: LoginMethod) => openSessionIn(client, cfg, loginRequest(req), userId, method)

  app.get(
    '/api/v1/auth/oidc/login',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Single sign-on: redirects to the identity provider (OIDC code flow with PKCE)',
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const client = app.auth.oidc
      if (!client) throw new AppError('OIDC_DISABLED')
      const start = await client.start()
      await app.pg.query(sql('auth_sessions_purge'))
      await app.pg.query(sql('auth_flow_create'), [start.state, start.nonce, start.codeVerifier, safeReturnTo(req.query.returnTo)])
      reply.setCookie(app.auth.cookies.oidc, start.state, { path: '/', httpOnly: true, secure: cfg.cookieSecure, sameSite: 'lax', maxAge: 600 })
      return reply.redirect(start.url.href, 302)
    },
  )

  app.get(
    '/api/v1/auth/oidc/callback',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Single sign-on: the identity provider returns here; opens a session and redirects',
        description: 'On failure redirects to `/?loginError=oidc` without a session.',
        querystring: Type.Object({ state: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true }),
        response: { '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const client = app.auth.oidc
      if (!client) throw new AppError('OIDC_DISABLED')
      const fail = (why: string) => {
        req.log.warn({ why }, 'oidc login failed')
        reply.clearCookie(app.auth.cookies.oidc, { path: '/', secure: cfg.cookieSecure, httpOnly: true, sameSite: 'lax' })
        return reply.redirect('/?loginError=oidc', 302)
      }
      const state = req.query.state
      const cookieState = req.cookies[app.auth.cookies.oidc]
      if (!state || !cookieState || state !== cookieState) return fail('state does not match the browser')
      const { rows } = await app.pg.query<{ nonce: string; code_verifier: string; return_to: string | null; fresh: boolean }>(sql('auth_flow_take'), [state])
      const flow = rows[0]
      if (!flow || !flow.fresh) return fail('unknown or expired flow')
      let login: string | null
      try {
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''
        login = await client.finish(query, { state, nonce: flow.nonce, codeVerifier: flow.code_verifier })
      } catch (err) {
        return fail(`token exchange or validation failed: ${(err as Error).message}`)
      }
      if (!login) return fail('no login claim')
      const { rows: users } = await app.pg.query<{ id: string }>(sql('auth_user_by_login'), [login])
      const found = users[0]
      if (!found) return fail('no active user with that login')
      const { s } = await withTransaction(app.pg, (c) => openSession(req, c, found.id, 'oidc'))
      setSessionCookies(reply, s, cfg)
      reply.clearCookie(app.auth.cookies.oidc, { path: '/', secure: cfg.cookieSecure, httpOnly: true, sameSite: 'lax' })
      return reply.redirect(safeReturnTo(flow.return_to), 302)
    },
  )
}

/** Certificate (CA) login. */
function registerCertRoute(app: TypeboxApp): void {
  const cfg = app.auth.config
  const openSession = (req: FastifyRequest, client: pg.ClientBase, userId: string, method: LoginMethod) => openSessionIn(client, cfg, loginRequest(req), userId, method)

  app.post(
    '/api/v1/auth/cert/login',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Certificate (CA) login: the subject verified by the trusted reverse proxy → user',
        response: { 200: SessionResponse, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const certCfg = cfg.cert
      if (!certCfg) throw new AppError('CERT_LOGIN_DISABLED')
      await app.limits.login(req, reply)
      const subject = certificateSubject(req, certCfg)
      if (!subject) throw new AppError('CERT_LOGIN_FAILED')
      const { rows } = await app.pg.query<{ id: string }>(sql('auth_user_by_cert'), [subject])
      const found = rows[0]
      if (!found) {
        req.log.info('certificate login: no active user with that subject')
        throw new AppError('CERT_LOGIN_FAILED')
      }
      const { s, user } = await withTransaction(app.pg, (c) => openSession(req, c, found.id, 'cert'))
      setSessionCookies(reply, s, cfg)
      return { user: meOf(user), csrfToken: s.csrfToken }
    },
  )
}

const auth: FastifyPluginAsyncTypebox = async (app) => {
  registerSessionRoutes(app)
  registerPasswordRoute(app)
  registerOidcRoutes(app)
  registerCertRoute(app)
}

export default auth

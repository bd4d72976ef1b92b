/**
 * Signing in as a service: the statements of a login run in one transaction here, so the routes
 * (server/routes/auth.ts) only rate-limit, call, set the cookies and answer.
 *
 * - `openSession`: inside the caller's transaction, records the success, creates the session and
 *   audits the login (password, OIDC and certificate logins alike).
 * - `passwordLogin`: one transaction — the account, the password check, on failure the failure
 *   count / lockout and its audit row (committed, then `LOGIN_FAILED`), on success `openSession`.
 *   One answer for every failure; an unknown account costs the same time as a known one.
 */
import type { FastifyBaseLogger } from 'fastify'
import type pg from 'pg'
import { sql } from '../../sql/queries.ts'
import { appendAudit, withTransaction } from '../audit.ts'
import type { SecurityConfig } from '../config.ts'
import { AppError } from '../errors.ts'
import { verifyDummy, verifyPassword } from './passwords.ts'
import { createSession, lookupSession, type LoginMethod, type NewSession, type UserPrincipal } from './session.ts'

/** What a login needs to know of its request (for the session row, the audit and the log). */
export interface LoginRequest {
  ip: string
  userAgent: string | null
  requestId: string
  log: FastifyBaseLogger
}

export interface OpenedSession {
  s: NewSession
  user: UserPrincipal
}

/** Opens a session for a user inside `client`'s transaction and audits the login. */
export async function openSession(client: pg.ClientBase, cfg: SecurityConfig, req: LoginRequest, userId: string, method: LoginMethod): Promise<OpenedSession> {
  await client.query(sql('auth_login_succeeded'), [userId])
  const { rows } = await client.query<{ roles: string[] }>(sql('user_get'), [userId])
  const s = await createSession(client, { id: userId, roles: rows[0]?.roles ?? [] }, method, cfg, { ip: req.ip, userAgent: req.userAgent })
  const user = await lookupSession(client, s.token) // this transaction: the row is not committed yet
  if (!user) throw new AppError('INTERNAL', 'new session not found')
  await appendAudit(client, {
    actor: { kind: 'user', id: userId, name: user.login },
    action: 'auth.login',
    entity: 'user',
    entityId: userId,
    before: null,
    after: { method, ip: req.ip, expiresAt: s.expiresAt.toISOString() },
    requestId: req.requestId,
  })
  return { s, user }
}

type Attempt = OpenedSession | { failed: Record<string, unknown> }

/** Login name and password → a new session, or `LOGIN_FAILED` (after recording the failure). */
export async function passwordLogin(pool: pg.Pool, cfg: SecurityConfig, req: LoginRequest, login: string, password: string): Promise<OpenedSession> {
  const attempt = await withTransaction(pool, async (client): Promise<Attempt> => {
    const { rows } = await client.query<{ id: string; login: string; active: boolean; password_hash: string | null; locked: boolean }>(sql('auth_user_for_login'), [login])
    const u = rows[0]
    if (!u || !u.active || u.password_hash === null) {
      await verifyDummy(password) // the same time as a real check: timing does not reveal accounts
      return { failed: { reason: u ? 'inactive-or-no-password' : 'unknown-login' } }
    }
    const ok = await verifyPassword(u.password_hash, password)
    if (!ok || u.locked) {
      if (!u.locked) {
        const { rows: f } = await client.query<{ failed_logins: number; locked_until: Date | null; locked_now: boolean }>(sql('auth_login_failed'), [u.id, cfg.lockoutThreshold, cfg.lockoutMinutes])
        await appendAudit(client, {
          actor: { kind: 'anonymous', id: null, name: req.ip },
          action: f[0]?.locked_now ? 'auth.lockout' : 'auth.login_failed',
          entity: 'user',
          entityId: u.id,
          before: null,
          after: { failedLogins: f[0]?.failed_logins ?? null, lockedUntil: f[0]?.locked_until?.toISOString() ?? null, ip: req.ip },
          requestId: req.requestId,
        })
      }
      return { failed: { userId: u.id, locked: u.locked } } // committed: the failure count and its audit row stay
    }
    await client.query(sql('auth_sessions_purge'))
    return openSession(client, cfg, req, u.id, 'password')
  })
  if ('failed' in attempt) {
    req.log.info(attempt.failed, 'login failed')
    throw new AppError('LOGIN_FAILED')
  }
  return attempt
}

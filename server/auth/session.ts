/**
 * Cookie sessions: a random token in a `Secure; HttpOnly; SameSite=Lax` cookie, its SHA-256 in the
 * `sessions` table, an idle timeout and an absolute lifetime; a per-session CSRF token, readable
 * by the page from a second cookie, echoed in the `x-csrf-token` header on unsafe requests.
 * The same session authenticates socket.io handshakes (`authenticateHandshake`).
 */
import { createHash, randomBytes } from 'node:crypto'
import { fastifyCookie } from '@fastify/cookie'
import type { FastifyReply } from 'fastify'
import type pg from 'pg'
import { sql } from '../../sql/queries.ts'
import type { SecurityConfig } from '../config.ts'
import { isUserRole, type UserRole } from './roles.ts'

export type Queryable = pg.Pool | pg.ClientBase
export type LoginMethod = 'password' | 'oidc' | 'cert'

/** A logged-in user, as known for the current request (roles re-read from the database each time). */
export interface UserPrincipal {
  userId: string
  login: string
  displayName: string
  roles: UserRole[]
  departmentCode: string | null
  jurisdictionCode: string | null
  /** SHA-256 of the session token (the sessions row key). */
  sessionId: string
  csrfToken: string
  method: LoginMethod
}

export interface CookieNames {
  session: string
  csrf: string
  oidc: string
}

/** `__Host-` names when cookies are Secure (no Domain, Path=/, cannot be set by a subdomain). */
export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { session: '__Host-sv_session', csrf: '__Host-sv_csrf', oidc: '__Host-sv_oidc' }
    : { session: 'sv_session', csrf: 'sv_csrf', oidc: 'sv_oidc' }
}

export const newToken = (): string => randomBytes(32).toString('base64url')
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/

/** Idle timeout and lifetime in minutes; accounts that are only wall displays get long sessions. */
export function sessionTimes(roles: readonly string[], cfg: SecurityConfig): { idleMinutes: number; lifetimeMinutes: number; persistent: boolean } {
  if (roles.length > 0 && roles.every((r) => r === 'display')) {
    const m = Math.round(cfg.displaySessionDays * 24 * 60)
    return { idleMinutes: m, lifetimeMinutes: m, persistent: true }
  }
  return { idleMinutes: Math.round(cfg.sessionIdleMinutes), lifetimeMinutes: Math.round(cfg.sessionMaxHours * 60), persistent: false }
}

export interface NewSession {
  token: string
  sessionId: string
  csrfToken: string
  expiresAt: Date
  persistent: boolean
}

/**
 * Opens a session for a user (call inside the login transaction, next to its audit row).
 */
export async function createSession(
  db: Queryable,
  user: { id: string; roles: readonly string[] },
  method: LoginMethod,
  cfg: SecurityConfig,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = newToken()
  const csrfToken = newToken()
  const t = sessionTimes(user.roles, cfg)
  const { rows } = await db.query<{ expires_at: Date }>(sql('auth_session_create'), [
    hashToken(token), user.id, csrfToken, method, t.idleMinutes, t.lifetimeMinutes, meta.ip, meta.userAgent,
  ])
  return { token, sessionId: hashToken(token), csrfToken, expiresAt: rows[0]!.expires_at, persistent: t.persistent }
}

interface SessionRow {
  id_hash: string
  csrf_token: string
  method: LoginMethod
  stale: boolean
  user_id: string
  login: string
  display_name: string
  roles: string[]
  department_code: string | null
  jurisdiction_code: string | null
}

/** The principal for a session token, or null (unknown, expired, idle too long, user inactive). */
export async function lookupSession(db: Queryable, token: string | undefined): Promise<UserPrincipal | null> {
  if (token === undefined || !TOKEN_RE.test(token)) return null
  const id = hashToken(token)
  const { rows } = await db.query<SessionRow>(sql('auth_session'), [id])
  const r = rows[0]
  if (!r) return null
  if (r.stale) await db.query(sql('auth_session_touch'), [id])
  return {
    userId: r.user_id,
    login: r.login,
    displayName: r.display_name,
    roles: r.roles.filter(isUserRole),
    departmentCode: r.department_code,
    jurisdictionCode: r.jurisdiction_code,
    sessionId: r.id_hash,
    csrfToken: r.csrf_token,
    method: r.method,
  }
}

/** What a live socket's session still grants (`checkSessions`). */
export interface SessionGrant {
  roles: UserRole[]
  departmentCode: string | null
  jurisdictionCode: string | null
}

/**
 * Re-checks the sessions that live sockets were authenticated with (one statement for all of
 * them): the valid ones with their user's current roles and scope; an absent id has ended
 * (logout, expiry, idle timeout, password change, account deactivated). The sessions in `touch`
 * count as active: their idle timer is refreshed (a live wall), the absolute lifetime is not.
 */
export async function checkSessions(db: Queryable, sessionIds: readonly string[], touch: readonly string[]): Promise<Map<string, SessionGrant>> {
  const out = new Map<string, SessionGrant>()
  if (sessionIds.length === 0) return out
  const { rows } = await db.query<{ id_hash: string; roles: string[]; department_code: string | null; jurisdiction_code: string | null }>(sql('auth_sessions_check'), [
    sessionIds, touch,
  ])
  for (const r of rows) out.set(r.id_hash, { roles: r.roles.filter(isUserRole), departmentCode: r.department_code, jurisdictionCode: r.jurisdiction_code })
  return out
}

/** Whether a principal's roles and scope still match what its session grants now. */
export function grantUnchanged(user: Pick<UserPrincipal, 'roles' | 'departmentCode' | 'jurisdictionCode'>, grant: SessionGrant): boolean {
  const a = [...user.roles].sort()
  const b = [...grant.roles].sort()
  return a.length === b.length && a.every((r, i) => r === b[i]) && user.departmentCode === grant.departmentCode && user.jurisdictionCode === grant.jurisdictionCode
}

/** Parses a Cookie header; never throws. */
export function parseCookies(header: string | undefined): Record<string, string> {
  if (!header) return {}
  try {
    return fastifyCookie.parse(header)
  } catch {
    return {}
  }
}

/**
 * Authenticates a socket.io handshake by the same session cookie as HTTP requests.
 *
 * @param cookieHeader - `socket.handshake.headers.cookie`
 * @returns the user, or null: then refuse the connection (`next(new Error('unauthenticated'))`)
 */
export async function authenticateHandshake(db: Queryable, cfg: Pick<SecurityConfig, 'cookieSecure'>, cookieHeader: string | undefined): Promise<UserPrincipal | null> {
  const token = parseCookies(cookieHeader)[cookieNames(cfg.cookieSecure).session]
  return lookupSession(db, token)
}

/** Sets the session and CSRF cookies on a reply. */
export function setSessionCookies(reply: FastifyReply, s: NewSession, cfg: SecurityConfig): void {
  const names = cookieNames(cfg.cookieSecure)
  const maxAge = s.persistent ? Math.max(1, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000)) : undefined
  const base = { path: '/', secure: cfg.cookieSecure, ...(maxAge !== undefined ? { maxAge } : {}) }
  reply.setCookie(names.session, s.token, { ...base, httpOnly: true, sameSite: 'lax' })
  // Readable by the page (not HttpOnly) so that it can send it back as x-csrf-token.
  reply.setCookie(names.csrf, s.csrfToken, { ...base, httpOnly: false, sameSite: 'strict' })
}

/** Clears the session and CSRF cookies. */
export function clearSessionCookies(reply: FastifyReply, cfg: SecurityConfig): void {
  const names = cookieNames(cfg.cookieSecure)
  reply.clearCookie(names.session, { path: '/', secure: cfg.cookieSecure, httpOnly: true, sameSite: 'lax' })
  reply.clearCookie(names.csrf, { path: '/', secure: cfg.cookieSecure, sameSite: 'strict' })
}

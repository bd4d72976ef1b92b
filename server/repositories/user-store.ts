/**
 * Users: create, update, set passwords — each in the caller's transaction, each with its audit
 * row. Shared by the users routes, `npm run user:create` and the first-start bootstrap.
 */
import type pg from 'pg'
import { sql } from '../../sql/queries.ts'
import { appendAudit, type AuditActor } from '../audit.ts'
import { AppError } from '../errors.ts'
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.ts'
import { isUserRole, type UserRole } from '../auth/roles.ts'

/** A user as the API shows it (never the password hash). Also the audit snapshot of a user. */
export interface UserView {
  id: string
  login: string
  displayName: string
  phone: string | null
  email: string | null
  departmentCode: string | null
  jurisdictionCode: string | null
  roles: UserRole[]
  certSubject: string | null
  active: boolean
  passwordSet: boolean
  failedLogins: number
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  updatedAt: string
}

export interface UserRow {
  id: string
  login: string
  display_name: string
  phone: string | null
  email: string | null
  department_code: string | null
  jurisdiction_code: string | null
  roles: string[]
  cert_subject: string | null
  active: boolean
  password_set: boolean
  failed_logins: number
  locked_until: Date | null
  last_login_at: Date | null
  created_at: Date
  updated_at: Date
}

export function toUserView(r: UserRow): UserView {
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    phone: r.phone,
    email: r.email,
    departmentCode: r.department_code,
    jurisdictionCode: r.jurisdiction_code,
    roles: r.roles.filter(isUserRole),
    certSubject: r.cert_subject,
    active: r.active,
    passwordSet: r.password_set,
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until?.toISOString() ?? null,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** The audit snapshot: the view without volatile bookkeeping. */
const snapshot = (u: UserView) => {
  const { lastLoginAt: _l, updatedAt: _u, failedLogins: _f, ...rest } = u
  return rest
}

const DEPARTMENT_ROLES: readonly UserRole[] = ['department_head', 'department_staff']

/** Maps constraint violations of the users table to catalogue errors. */
export function userConstraintError(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string }
  if (e.code === '23505' && e.constraint === 'users_login') return new AppError('LOGIN_TAKEN')
  if (e.code === '23505' && e.constraint === 'users_cert_subject_key') return new AppError('CERT_SUBJECT_TAKEN')
  if (e.code === '23503' && e.constraint === 'users_department_code_fkey') return new AppError('UNKNOWN_DEPARTMENT')
  if (e.code === '23503' && e.constraint === 'users_jurisdiction_code_fkey') return new AppError('UNKNOWN_JURISDICTION')
  if (e.code === '23514' && e.constraint === 'users_check') return new AppError('VALIDATION_FAILED', 'department roles need a departmentCode')
  if (e.code === '23514') return new AppError('VALIDATION_FAILED', e.constraint)
  return null
}

async function mapped<T>(p: Promise<T>): Promise<T> {
  try {
    return await p
  } catch (err) {
    throw userConstraintError(err) ?? err
  }
}

export interface NewUser {
  login: string
  displayName: string
  phone?: string | null
  email?: string | null
  departmentCode?: string | null
  jurisdictionCode?: string | null
  roles: UserRole[]
  /** Plain password (checked against the policy, hashed here), or null for SSO/certificate-only users. */
  password?: string | null
  certSubject?: string | null
}

export interface AuditContext {
  actor: AuditActor
  requestId: string | null
}

/** Creates a user and its audit row, in the caller's transaction. */
export async function createUser(client: pg.ClientBase, u: NewUser, opts: { passwordMinLength: number } & AuditContext): Promise<UserView> {
  if (u.roles.some((r) => DEPARTMENT_ROLES.includes(r)) && !u.departmentCode) {
    throw new AppError('VALIDATION_FAILED', 'department roles need a departmentCode')
  }
  let hash: string | null = null
  if (u.password !== undefined && u.password !== null) {
    const why = checkPasswordPolicy(u.password, { login: u.login, minLength: opts.passwordMinLength })
    if (why) throw new AppError('PASSWORD_POLICY', why)
    hash = await hashPassword(u.password)
  }
  const { rows } = await mapped(
    client.query<UserRow>(sql('user_insert'), [
      u.login, u.displayName, u.phone ?? null, u.email ?? null, u.departmentCode ?? null, u.jurisdictionCode ?? null,
      [...new Set(u.roles)], hash, u.certSubject ?? null,
    ]),
  )
  const user = toUserView(rows[0]!)
  await appendAudit(client, { actor: opts.actor, action: 'user.create', entity: 'user', entityId: user.id, before: null, after: snapshot(user), requestId: opts.requestId })
  return user
}

export interface UserPatch {
  displayName?: string
  phone?: string | null
  email?: string | null
  departmentCode?: string | null
  jurisdictionCode?: string | null
  roles?: UserRole[]
  active?: boolean
  certSubject?: string | null
}

/**
 * Updates a user and writes the audit row with before and after, in the caller's transaction.
 * An admin cannot deactivate themself or drop their own admin role (nobody left to undo it).
 *
 * @returns null when there is no such user
 */
export async function updateUser(client: pg.ClientBase, id: string, patch: UserPatch, opts: AuditContext & { selfId: string | null }): Promise<UserView | null> {
  const { rows: before } = await client.query<UserRow>(sql('user_get'), [id])
  if (!before[0]) return null
  const old = toUserView(before[0])
  if (opts.selfId === id && (patch.active === false || (patch.roles && old.roles.includes('admin') && !patch.roles.includes('admin')))) {
    throw new AppError('SELF_LOCKOUT')
  }
  const cleaned = patch.roles ? { ...patch, roles: [...new Set(patch.roles)] } : patch
  const { rows } = await mapped(client.query<UserRow>(sql('user_update'), [id, JSON.stringify(cleaned)]))
  const user = toUserView(rows[0]!)
  await appendAudit(client, { actor: opts.actor, action: 'user.update', entity: 'user', entityId: id, before: snapshot(old), after: snapshot(user), requestId: opts.requestId })
  return user
}

/**
 * Sets a user's password (admin reset or own change), ends their other sessions, audits it.
 * The audit row records that and when the password changed, never the password or its hash.
 *
 * @param keepSessionId - the session to keep (own change), or null to end all (reset)
 * @returns the ids of the sessions ended (after COMMIT, disconnect their sockets: `app.realtime.endSessions`)
 */
export async function setPassword(
  client: pg.ClientBase,
  user: { id: string; login: string },
  password: string,
  opts: AuditContext & { passwordMinLength: number; keepSessionId: string | null; action: 'user.password_reset' | 'user.password_change' },
): Promise<string[]> {
  const why = checkPasswordPolicy(password, { login: user.login, minLength: opts.passwordMinLength })
  if (why) throw new AppError('PASSWORD_POLICY', why)
  const hash = await hashPassword(password)
  const { rows } = await client.query<{ password_changed_at: Date }>(sql('user_set_password'), [user.id, hash])
  if (!rows[0]) throw new AppError('NOT_FOUND')
  const ended = await client.query<{ id_hash: string }>(sql('auth_sessions_delete_user'), [user.id, opts.keepSessionId])
  await appendAudit(client, {
    actor: opts.actor,
    action: opts.action,
    entity: 'user',
    entityId: user.id,
    before: null,
    after: { passwordChangedAt: rows[0].password_changed_at.toISOString(), sessionsEnded: ended.rowCount ?? 0 },
    requestId: opts.requestId,
  })
  return ended.rows.map((r) => r.id_hash)
}

/**
 * Creates the first admin when there is no user at all (first start with ADMIN_LOGIN and
 * ADMIN_PASSWORD); a no-op otherwise. Returns the user when created.
 */
export async function bootstrapFirstAdmin(
  client: pg.ClientBase,
  admin: { login: string; password: string; displayName: string },
  opts: AuditContext & { passwordMinLength: number },
): Promise<UserView | null> {
  await client.query(sql('user_bootstrap_lock'))
  const { rows: any } = await client.query<{ n: string }>(sql('user_count'))
  if (Number(any[0]?.n ?? 0) > 0) return null
  const why = checkPasswordPolicy(admin.password, { login: admin.login, minLength: opts.passwordMinLength })
  if (why) throw new AppError('PASSWORD_POLICY', `ADMIN_PASSWORD: ${why}`)
  const { rows } = await client.query<UserRow>(sql('user_insert_first'), [admin.login, admin.displayName, await hashPassword(admin.password)])
  if (!rows[0]) return null
  const user = toUserView(rows[0])
  await appendAudit(client, { actor: opts.actor, action: 'user.create', entity: 'user', entityId: user.id, before: null, after: snapshot(user), requestId: opts.requestId })
  return user
}

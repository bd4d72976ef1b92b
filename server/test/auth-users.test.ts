/**
 * User administration: create, update, reset passwords, unlock — each audited with before and
 * after, never with secrets; changes of roles and deactivation take effect on live sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, DEPTS, JURISDICTION, login, openSession, TEST_PASSWORD, type Harness, type TestSession, type TestUser } from '../../test/harness.ts'

let h: Harness
let admin: TestUser
let as: TestSession
beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  admin = await createUser(h.db.pool, { login: 'admin', roles: ['admin'] })
  as = await openSession(h.db.pool, admin)
})
afterAll(async () => {
  await h?.close()
})

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, s: TestSession = as) =>
  h.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
const audits = async (entityId: string) =>
  (await h.db.pool.query(`SELECT action, actor, before, after, request_id FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY seq`, [entityId])).rows
const auditCount = async () => (await h.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n as number

describe('create', () => {
  it('creates a user and audits it with the request id, without the password', async () => {
    const res = await call('POST', '/api/v1/users', {
      login: 'zhang.san', displayName: '张三', phone: '13800001234', email: 'zs@example.gov.cn', departmentCode: DEPTS[0], roles: ['department_staff'], password: 'Zhang#San2025x',
    })
    expect(res.statusCode).toBe(201)
    const u = res.json()
    expect(u).toMatchObject({ login: 'zhang.san', displayName: '张三', departmentCode: DEPTS[0], roles: ['department_staff'], active: true, passwordSet: true, lockedUntil: null })
    expect(JSON.stringify(u)).not.toMatch(/argon2|Zhang#San2025x/)
    const [a] = await audits(u.id)
    expect(a).toMatchObject({ action: 'user.create', actor: { kind: 'user', id: admin.id, name: 'admin' }, before: null, after: { login: 'zhang.san', roles: ['department_staff'] } })
    expect(a.request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.stringify(a)).not.toMatch(/argon2|Zhang#San2025x/)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'zhang.san', password: 'Zhang#San2025x' } })).statusCode).toBe(200)
  })

  it('refuses taken logins, unknown codes, weak passwords and inconsistent roles; stores nothing then', async () => {
    const before = await auditCount()
    const bad: [Record<string, unknown>, number, string][] = [
      [{ login: 'ZHANG.SAN', displayName: 'x', roles: ['leader'] }, 409, 'LOGIN_TAKEN'],
      [{ login: 'u1', displayName: 'x', roles: ['department_staff'], departmentCode: 'NOPE' }, 400, 'UNKNOWN_DEPARTMENT'],
      [{ login: 'u2', displayName: 'x', roles: ['supervisor'], jurisdictionCode: '999999' }, 400, 'UNKNOWN_JURISDICTION'],
      [{ login: 'u3', displayName: 'x', roles: ['department_head'] }, 400, 'VALIDATION_FAILED'],
      [{ login: 'u4', displayName: 'x', roles: ['leader'], password: 'password' }, 400, 'PASSWORD_POLICY'],
      [{ login: 'u5', displayName: 'x', roles: ['root'] }, 400, 'VALIDATION_FAILED'],
      [{ login: 'u6', displayName: 'x', roles: [] }, 400, 'VALIDATION_FAILED'],
      [{ login: 'has space', displayName: 'x', roles: ['leader'] }, 400, 'VALIDATION_FAILED'],
      [{ login: 'u7', displayName: 'x', roles: ['leader'], isAdmin: true }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [body, status, code] of bad) {
      const res = await call('POST', '/api/v1/users', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(status)
      expect(res.json().code, JSON.stringify(body)).toBe(code)
    }
    expect(await auditCount()).toBe(before)
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM users WHERE login ~ '^u[0-9]$|^has'`)).rows[0].n).toBe(0)
  })

  it('normalises certificate subjects and keeps them unique', async () => {
    const a = await call('POST', '/api/v1/users', { login: 'ca.li', displayName: '李四', roles: ['supervisor'], jurisdictionCode: JURISDICTION, certSubject: 'cn=\\E6\\9D\\8E\\E5\\9B\\9B, O=浈江区' })
    expect(a.statusCode).toBe(201)
    expect(a.json()).toMatchObject({ certSubject: 'CN=李四,O=浈江区', passwordSet: false })
    const b = await call('POST', '/api/v1/users', { login: 'ca.li2', displayName: '李四', roles: ['supervisor'], certSubject: 'CN=李四, O=浈江区' })
    expect(b.statusCode).toBe(409)
    expect(b.json().code).toBe('CERT_SUBJECT_TAKEN')
  })
})

describe('read', () => {
  it('lists with filters and paging, and reads one', async () => {
    await createUser(h.db.pool, { login: 'leader.wang', roles: ['leader'], displayName: '王领导' })
    const all = (await call('GET', '/api/v1/users?limit=500')).json()
    expect(all.total).toBe(all.items.length)
    const leaders = (await call('GET', '/api/v1/users?role=leader')).json()
    expect(leaders.items.map((u: { login: string }) => u.login)).toEqual(['leader.wang'])
    expect((await call('GET', `/api/v1/users?q=${encodeURIComponent('王')}`)).json().items.map((u: { login: string }) => u.login)).toEqual(['leader.wang'])
    expect((await call('GET', `/api/v1/users?department=${DEPTS[0]}`)).json().items.map((u: { login: string }) => u.login)).toEqual(['zhang.san'])
    expect((await call('GET', '/api/v1/users?limit=1&offset=1')).json().items).toHaveLength(1)
    expect((await call('GET', `/api/v1/users/${admin.id}`)).json()).toMatchObject({ login: 'admin', roles: ['admin'] })
    expect((await call('GET', '/api/v1/users/999999')).statusCode).toBe(404)
    expect((await call('GET', '/api/v1/users/abc')).statusCode).toBe(400)
  })
})

describe('update', () => {
  it('updates only the fields given, audits before and after, and applies roles to live sessions at once', async () => {
    const u = await createUser(h.db.pool, { login: 'sup.liu', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
    const s = await login(h.app, 'sup.liu')
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: s.cookie } })).statusCode).toBe(200)

    const res = await call('PATCH', `/api/v1/users/${u.id}`, { roles: ['display'], phone: '13900000000' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ roles: ['display'], phone: '13900000000', jurisdictionCode: JURISDICTION, displayName: 'sup.liu' })
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: s.cookie } })).statusCode).toBe(403)

    const cleared = await call('PATCH', `/api/v1/users/${u.id}`, { phone: null })
    expect(cleared.json().phone).toBeNull()
    const rows = await audits(u.id)
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'auth.login', 'user.update', 'user.update'])
    expect(rows[2]).toMatchObject({ before: { roles: ['supervisor'], phone: null }, after: { roles: ['display'], phone: '13900000000' } })
    expect(rows[3]).toMatchObject({ before: { phone: '13900000000' }, after: { phone: null } })

    expect((await call('PATCH', `/api/v1/users/${u.id}`, {})).statusCode).toBe(400)
    expect((await call('PATCH', `/api/v1/users/${u.id}`, { roles: ['department_staff'] })).json().code).toBe('VALIDATION_FAILED')
    expect((await call('PATCH', '/api/v1/users/999999', { phone: null })).statusCode).toBe(404)
  })

  it('deactivating a user ends their access at once', async () => {
    const u = await createUser(h.db.pool, { login: 'temp', roles: ['leader'] })
    const s = await login(h.app, 'temp')
    expect((await call('PATCH', `/api/v1/users/${u.id}`, { active: false })).statusCode).toBe(200)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'temp', password: TEST_PASSWORD } })).statusCode).toBe(401)
  })

  it('an admin cannot deactivate themself or drop their own admin role', async () => {
    for (const patch of [{ active: false }, { roles: ['supervisor'] }]) {
      const res = await call('PATCH', `/api/v1/users/${admin.id}`, patch)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('SELF_LOCKOUT')
    }
    expect((await call('PATCH', `/api/v1/users/${admin.id}`, { roles: ['admin', 'supervisor'] })).statusCode).toBe(200)
  })
})

describe('passwords and locks', () => {
  it('reset sets a new password, ends all the user’s sessions, lifts a lock, audits without secrets', async () => {
    const u = await createUser(h.db.pool, { login: 'forgot', roles: ['leader'] })
    const s = await login(h.app, 'forgot')
    await h.db.pool.query(`UPDATE users SET locked_until = now() + interval '1 hour' WHERE id = $1`, [u.id])
    expect((await call('POST', `/api/v1/users/${u.id}/password`, { password: 'weak' })).json().code).toBe('PASSWORD_POLICY')
    expect((await call('POST', `/api/v1/users/${u.id}/password`, { password: 'Reset#Password2025' })).statusCode).toBe(204)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'forgot', password: 'Reset#Password2025' } })).statusCode).toBe(200)
    const reset = (await audits(u.id)).filter((r) => r.action === 'user.password_reset')
    expect(reset).toHaveLength(1)
    expect(reset[0].after).toMatchObject({ sessionsEnded: 1 })
    expect(JSON.stringify(reset)).not.toMatch(/Reset#Password2025|argon2/)
    expect((await call('POST', '/api/v1/users/999999/password', { password: 'Reset#Password2025' })).statusCode).toBe(404)
  })

  it('unlock lifts a lockout and is audited', async () => {
    const u = await createUser(h.db.pool, { login: 'locked', roles: ['leader'] })
    await h.db.pool.query(`UPDATE users SET locked_until = now() + interval '1 hour', failed_logins = 3 WHERE id = $1`, [u.id])
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'locked', password: TEST_PASSWORD } })).statusCode).toBe(401)
    const res = await call('POST', `/api/v1/users/${u.id}/unlock`)
    expect(res.json()).toMatchObject({ lockedUntil: null, failedLogins: 0 })
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'locked', password: TEST_PASSWORD } })).statusCode).toBe(200)
    const row = (await audits(u.id)).find((r) => r.action === 'user.unlock')
    expect(row).toMatchObject({ before: { failedLogins: 3 }, after: { failedLogins: 0, lockedUntil: null } })
  })

  it('all of these need the CSRF token with a cookie session', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: as.cookie }, payload: { login: 'csrf', displayName: 'x', roles: ['leader'] } })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('CSRF_FAILED')
  })
})

/**
 * Login, sessions, lockout, logout, password change, CSRF, socket.io handshake and rooms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mayJoinRoom } from '../plugins/app/policy.ts'
import { createHarness, createUser, DEPTS, login, TEST_PASSWORD, type Harness, type TestUser } from '../../test/harness.ts'

let h: Harness
let staff: TestUser
beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } }) // limits: auth-hardening.test.ts
  h.db.pool.on('error', () => {}) // DROP DATABASE … WITH (FORCE) may hit clients still closing (test/db.ts)
  staff = await createUser(h.db.pool, { login: 'staff.a', roles: ['department_staff'], departmentCode: DEPTS[0] })
})
afterAll(async () => {
  await h?.close()
})

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers })
const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers })
const auditRows = async (action: string, entityId: string) =>
  (await h.db.pool.query(`SELECT action, actor, before, after, request_id FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY seq`, [action, entityId])).rows

describe('login', () => {
  it('opens a session in secure HttpOnly cookies and returns the user and a CSRF token', async () => {
    const res = await post('/api/v1/auth/login', { login: 'STAFF.A', password: TEST_PASSWORD }) // login names are case-insensitive
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.user).toEqual({ id: staff.id, login: 'staff.a', displayName: 'staff.a', roles: ['department_staff'], departmentCode: DEPTS[0], jurisdictionCode: null, method: 'password' })
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(JSON.stringify(body)).not.toMatch(/argon2|hash|Zhenjiang#2025/i)
    const session = res.cookies.find((c) => c.name === '__Host-sv_session')
    const csrf = res.cookies.find((c) => c.name === '__Host-sv_csrf')
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
    expect(session?.domain).toBeUndefined()
    expect(csrf).toMatchObject({ secure: true, sameSite: 'Strict', path: '/', value: body.csrfToken })
    expect(csrf?.httpOnly).toBeFalsy()
    // only a hash of the token is stored
    const stored = await h.db.pool.query('SELECT id_hash FROM sessions WHERE user_id = $1', [staff.id])
    expect(stored.rows.map((r) => r.id_hash)).not.toContain(session?.value)
    expect((await auditRows('auth.login', staff.id)).at(-1)).toMatchObject({ actor: { kind: 'user', id: staff.id, name: 'staff.a' }, after: { method: 'password' } })

    const me = await get('/api/v1/auth/me', { cookie: `__Host-sv_session=${session?.value}` })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual(body)
    // the pages' probe: the same user, and 200 with nulls (not 401) without a session
    const probe = await get('/api/v1/auth/session', { cookie: `__Host-sv_session=${session?.value}` })
    expect([probe.statusCode, probe.json()]).toEqual([200, body])
    const anonymous = await get('/api/v1/auth/session', {})
    expect([anonymous.statusCode, anonymous.json()]).toEqual([200, { user: null, csrfToken: null }])
    expect((await get('/api/v1/auth/session', { cookie: '__Host-sv_session=not-a-session' })).json()).toEqual({ user: null, csrfToken: null })
  })

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await h.db.pool.query('SELECT password_hash FROM users WHERE id = $1', [staff.id])
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('answers every failure with one generic message, in similar time', async () => {
    await createUser(h.db.pool, { login: 'gone', roles: ['leader'] })
    await h.db.pool.query(`UPDATE users SET active = false WHERE login = 'gone'`)
    await createUser(h.db.pool, { login: 'sso.only', roles: ['leader'], password: null })
    const attempts = [
      { login: 'nobody', password: TEST_PASSWORD },
      { login: 'staff.a', password: 'Wrong#Password1' },
      { login: 'gone', password: TEST_PASSWORD },
      { login: 'sso.only', password: TEST_PASSWORD },
    ]
    const bodies = new Set<string>()
    for (const a of attempts) {
      const res = await post('/api/v1/auth/login', a)
      expect(res.statusCode, a.login).toBe(401)
      expect(res.cookies).toEqual([])
      bodies.add(res.body)
    }
    expect([...bodies]).toEqual([JSON.stringify({ code: 'LOGIN_FAILED', message: '登录名或密码错误，或账户已被暂时锁定', messageEn: 'Wrong login name or password, or the account is temporarily locked' })])

    const time = async (a: { login: string; password: string }) => {
      const t0 = performance.now()
      await post('/api/v1/auth/login', a)
      return performance.now() - t0
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
    const unknown: number[] = []
    const wrong: number[] = []
    for (let i = 0; i < 5; i++) {
      unknown.push(await time({ login: `nobody${i}`, password: 'Wrong#Password1' }))
      wrong.push(await time({ login: 'sso.only', password: 'Wrong#Password1' })) // an existing login, no lockout counting
    }
    // both pay for an argon2id verification (tens of ms), so timing does not tell whether a login exists
    // (a quarter either way: without the dummy verification the ratio is about 1:50; loose enough for a loaded CI machine)
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.25)
    expect(median(wrong)).toBeGreaterThan(median(unknown) * 0.25)
    await h.db.pool.query(`UPDATE users SET failed_logins = 0 WHERE login = 'staff.a'`)
  })

  it('refuses a foreign Origin on login (login CSRF) and accepts the site itself', async () => {
    const foreign = await post('/api/v1/auth/login', { login: 'staff.a', password: TEST_PASSWORD }, { origin: 'https://evil.example' })
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json().code).toBe('ORIGIN_FORBIDDEN')
    const nullOrigin = await post('/api/v1/auth/login', { login: 'staff.a', password: TEST_PASSWORD }, { origin: 'null' })
    expect(nullOrigin.statusCode).toBe(403)
    const own = await post('/api/v1/auth/login', { login: 'staff.a', password: TEST_PASSWORD }, { host: 'sv.example.gov.cn', origin: 'http://sv.example.gov.cn' })
    expect(own.statusCode).toBe(200)
  })
})

describe('lockout', () => {
  it('locks an account after 5 failures in a row, refuses even the right password, and unlocks after the lock time', async () => {
    const u = await createUser(h.db.pool, { login: 'victim', roles: ['supervisor'] })
    for (let i = 1; i <= 5; i++) {
      const res = await post('/api/v1/auth/login', { login: 'victim', password: `Wrong#Guess${i}` })
      expect(res.statusCode).toBe(401)
    }
    const locked = await h.db.pool.query(`SELECT failed_logins, locked_until > now() + interval '14 minutes' AS locked FROM users WHERE id = $1`, [u.id])
    expect(locked.rows[0]).toEqual({ failed_logins: 0, locked: true })
    const right = await post('/api/v1/auth/login', { login: 'victim', password: TEST_PASSWORD })
    expect(right.statusCode).toBe(401)
    expect(right.json().code).toBe('LOGIN_FAILED') // the same message: no account enumeration through the lock
    expect((await auditRows('auth.login_failed', u.id)).length).toBe(4)
    expect(await auditRows('auth.lockout', u.id)).toEqual([expect.objectContaining({ actor: { kind: 'anonymous', id: null, name: '127.0.0.1' } })])

    await h.db.pool.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [u.id])
    expect((await post('/api/v1/auth/login', { login: 'victim', password: TEST_PASSWORD })).statusCode).toBe(200)
    const after = await h.db.pool.query(`SELECT failed_logins, locked_until FROM users WHERE id = $1`, [u.id])
    expect(after.rows[0]).toEqual({ failed_logins: 0, locked_until: null })
  })

  it('counts concurrent failures exactly (the account row is locked during verification)', async () => {
    const u = await createUser(h.db.pool, { login: 'burst', roles: ['leader'] })
    await Promise.all(Array.from({ length: 4 }, (_, i) => post('/api/v1/auth/login', { login: 'burst', password: `Wrong#Guess${i}` })))
    const { rows } = await h.db.pool.query(`SELECT failed_logins, locked_until FROM users WHERE id = $1`, [u.id])
    expect(rows[0]).toEqual({ failed_logins: 4, locked_until: null })
  })

  it('a success resets the count', async () => {
    const u = await createUser(h.db.pool, { login: 'forgetful', roles: ['leader'] })
    for (let i = 0; i < 4; i++) await post('/api/v1/auth/login', { login: 'forgetful', password: `Wrong#Guess${i}` })
    expect((await post('/api/v1/auth/login', { login: 'forgetful', password: TEST_PASSWORD })).statusCode).toBe(200)
    for (let i = 0; i < 4; i++) await post('/api/v1/auth/login', { login: 'forgetful', password: `Wrong#Guess${i}` })
    expect((await post('/api/v1/auth/login', { login: 'forgetful', password: TEST_PASSWORD })).statusCode).toBe(200)
    const { rows } = await h.db.pool.query(`SELECT locked_until FROM users WHERE id = $1`, [u.id])
    expect(rows[0].locked_until).toBeNull()
  })
})

describe('sessions', () => {
  it('logout ends the session, clears the cookies and is audited; it needs the CSRF token', async () => {
    const s = await login(h.app, 'staff.a')
    const noToken = await post('/api/v1/auth/logout', undefined, { cookie: s.cookie })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.json().code).toBe('CSRF_FAILED')
    const wrongToken = await post('/api/v1/auth/logout', undefined, { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) })
    expect(wrongToken.statusCode).toBe(403)
    expect((await get('/api/v1/auth/me', { cookie: s.cookie })).statusCode).toBe(200) // still logged in

    const out = await post('/api/v1/auth/logout', undefined, s.headers)
    expect(out.statusCode).toBe(204)
    const cleared = out.cookies.find((c) => c.name === '__Host-sv_session')
    expect(cleared?.value).toBe('')
    expect((await get('/api/v1/auth/me', { cookie: s.cookie })).statusCode).toBe(401)
    expect((await auditRows('auth.logout', staff.id)).length).toBeGreaterThanOrEqual(1)
  })

  it('ends a session after the idle timeout and after its lifetime', async () => {
    const idle = await login(h.app, 'staff.a')
    const life = await login(h.app, 'staff.a')
    const hashOf = async (cookie: string) => {
      const { createHash } = await import('node:crypto')
      return createHash('sha256').update(cookie.split('=')[1]!).digest('hex')
    }
    await h.db.pool.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = $1`, [await hashOf(idle.cookie)])
    await h.db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [await hashOf(life.cookie)])
    expect((await get('/api/v1/auth/me', { cookie: idle.cookie })).statusCode).toBe(401)
    expect((await get('/api/v1/auth/me', { cookie: life.cookie })).statusCode).toBe(401)
  })

  it('gives wall display accounts long-lived persistent sessions, and others browser sessions', async () => {
    await createUser(h.db.pool, { login: 'wall1', roles: ['display'] })
    const res = await post('/api/v1/auth/login', { login: 'wall1', password: TEST_PASSWORD })
    const cookie = res.cookies.find((c) => c.name === '__Host-sv_session')
    expect(cookie?.maxAge).toBeGreaterThan(29 * 24 * 3600)
    const { rows } = await h.db.pool.query(`SELECT extract(epoch FROM idle_timeout)::int AS idle FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login = 'wall1'`)
    expect(rows[0].idle).toBe(30 * 24 * 3600)
    const other = await post('/api/v1/auth/login', { login: 'staff.a', password: TEST_PASSWORD })
    expect(other.cookies.find((c) => c.name === '__Host-sv_session')?.maxAge).toBeUndefined()
  })

  it('refuses a deactivated user at once, with an existing session', async () => {
    const u = await createUser(h.db.pool, { login: 'leaver', roles: ['leader'] })
    const s = await login(h.app, 'leaver')
    await h.db.pool.query(`UPDATE users SET active = false WHERE id = $1`, [u.id])
    expect((await get('/api/v1/auth/me', { cookie: s.cookie })).statusCode).toBe(401)
  })
})

describe('password change', () => {
  it('checks the current password (counting failures), the policy, and ends the other sessions', async () => {
    const u = await createUser(h.db.pool, { login: 'changer', roles: ['supervisor'] })
    const s1 = await login(h.app, 'changer')
    const s2 = await login(h.app, 'changer')
    const change = (body: unknown, s = s1) => post('/api/v1/auth/password', body, s.headers)

    const wrong = await change({ currentPassword: 'Not#ThePassword1', newPassword: 'New#Password2025' })
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().code).toBe('CURRENT_PASSWORD_WRONG')
    expect((await h.db.pool.query('SELECT failed_logins FROM users WHERE id = $1', [u.id])).rows[0].failed_logins).toBe(1)
    expect(await auditRows('auth.password_change_failed', u.id)).toHaveLength(1)

    for (const weak of ['short1A!', 'alllowercaseletters', 'Changer#2025xyz', TEST_PASSWORD]) {
      const res = await change({ currentPassword: TEST_PASSWORD, newPassword: weak })
      expect(res.statusCode, weak).toBe(400)
      expect(res.json().code, weak).toBe('PASSWORD_POLICY')
    }
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'New#Password2025' })).statusCode).toBe(204)

    expect((await get('/api/v1/auth/me', { cookie: s1.cookie })).statusCode).toBe(200)
    expect((await get('/api/v1/auth/me', { cookie: s2.cookie })).statusCode).toBe(401)
    expect((await post('/api/v1/auth/login', { login: 'changer', password: TEST_PASSWORD })).statusCode).toBe(401)
    expect((await post('/api/v1/auth/login', { login: 'changer', password: 'New#Password2025' })).statusCode).toBe(200)
    const audit = await auditRows('user.password_change', u.id)
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toMatch(/New#Password2025|argon2/)
    expect(audit[0].after).toMatchObject({ sessionsEnded: 1 })
  })
})

describe('socket.io handshake and rooms', () => {
  it('authenticates a handshake by the session cookie', async () => {
    const s = await login(h.app, 'staff.a')
    const user = await h.app.auth.authenticateHandshake(`theme=dark; ${s.cookie}; lang=zh`)
    expect(user).toMatchObject({ userId: staff.id, login: 'staff.a', roles: ['department_staff'], departmentCode: DEPTS[0] })
    expect(await h.app.auth.authenticateHandshake(undefined)).toBeNull()
    expect(await h.app.auth.authenticateHandshake('')).toBeNull()
    expect(await h.app.auth.authenticateHandshake('__Host-sv_session=forged')).toBeNull()
    expect(await h.app.auth.authenticateHandshake(`__Host-sv_session=${'A'.repeat(43)}`)).toBeNull()
    expect(await h.app.auth.authenticateHandshake('%%%; ;=;')).toBeNull()
    await post('/api/v1/auth/logout', undefined, s.headers)
    expect(await h.app.auth.authenticateHandshake(s.cookie)).toBeNull()
  })

  it('lets each role join only its rooms; department rooms only within scope', async () => {
    const s = await login(h.app, 'staff.a')
    const u = (await h.app.auth.authenticateHandshake(s.cookie))!
    const visible = new Set(await h.app.auth.visibleDepartments(u.userId))
    expect([...visible]).toEqual([DEPTS[0]])
    expect(mayJoinRoom(u, `dept:${DEPTS[0]}`, visible)).toBe(true)
    expect(mayJoinRoom(u, `dept:${DEPTS[1]}`, visible)).toBe(false)
    expect(mayJoinRoom(u, `user:${u.userId}`, visible)).toBe(true)
    expect(mayJoinRoom(u, 'user:999999', visible)).toBe(false)
    expect(mayJoinRoom(u, 'wall', visible)).toBe(false)
    expect(mayJoinRoom(u, 'console', visible)).toBe(false)
    expect(mayJoinRoom(u, 'public', visible)).toBe(true)
    expect(mayJoinRoom(u, 'no-such-room', visible)).toBe(false)

    const display = { ...u, roles: ['display' as const] }
    expect(mayJoinRoom(display, 'wall')).toBe(true)
    expect(mayJoinRoom(display, 'console')).toBe(false)
    expect(mayJoinRoom(display, 'mobile')).toBe(false)
    expect(mayJoinRoom(display, `dept:${DEPTS[0]}`, new Set(DEPTS))).toBe(false)
    expect(mayJoinRoom(null, 'public')).toBe(true)
    expect(mayJoinRoom(null, 'wall')).toBe(false)
  })
})

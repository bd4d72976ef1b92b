/**
 * Pure pieces of authentication: password policy and hashing, security configuration from the
 * environment, session lifetimes, the Origin check.
 */
import { describe, expect, it } from 'vitest'
import type { FastifyRequest } from 'fastify'
import { DEFAULT_SECURITY, loadConfig, loadSecurityConfig, resolveSecurity } from '../config.ts'
import { originAllowed } from '../auth/csrf.ts'
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../auth/passwords.ts'
import { cookieNames, sessionTimes } from '../auth/session.ts'

describe('checkPasswordPolicy', () => {
  const check = (p: string, login = 'zhang.san') => checkPasswordPolicy(p, { login, minLength: 10 })
  it.each([
    ['Abcdef1234', null],
    ['abcdef12#$', null],
    ['浈江区监察指挥中心A1', null], // CJK counts as the "other" class
    ['Abc#12345', 'at least 10 characters'],
    ['abcdefghijk', 'needs 3 of 4 character classes'],
    ['ABCDEFGH1234', 'needs 3 of 4 character classes'],
    ['Zhang.San#2025', 'must not contain the login name'],
    [`Aa1#${'x'.repeat(253)}`, 'at most 256 characters'],
  ])('%j → %j', (password, expected) => {
    expect(check(password)).toBe(expected)
  })
  it('does not apply the login rule to very short logins', () => {
    expect(checkPasswordPolicy('Lina#2025ab', { login: 'li', minLength: 10 })).toBeNull()
  })
})

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and a fresh salt, and verifies', async () => {
    const a = await hashPassword('Abcdef#12345')
    const b = await hashPassword('Abcdef#12345')
    expect(a).toMatch(/^\$argon2id\$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword(a, 'Abcdef#12345')).toBe(true)
    expect(await verifyPassword(a, 'abcdef#12345')).toBe(false)
    expect(await verifyPassword('not a hash', 'x')).toBe(false)
  })
})

describe('security configuration', () => {
  it('has safe defaults: secure cookies, CORS closed, rate limits on, no SSO, no bootstrap', () => {
    expect(loadSecurityConfig({})).toEqual(DEFAULT_SECURITY)
    expect(DEFAULT_SECURITY).toMatchObject({ cookieSecure: true, corsOrigins: [], csp: true, oidc: null, cert: null, bootstrapAdmin: null })
    expect(loadConfig({ DATABASE_URL: 'postgres://x', REDIS_URL: 'redis://x' }).trustProxy).toBe(false)
  })

  it('reads every setting from the environment', () => {
    const c = loadSecurityConfig({
      COOKIE_SECURE: 'false', SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8', DISPLAY_SESSION_DAYS: '7', PASSWORD_MIN_LENGTH: '12',
      LOCKOUT_THRESHOLD: '3', LOCKOUT_MINUTES: '60', CORS_ORIGINS: 'https://a.example, https://b.example', CSP: 'off',
      CSP_CONNECT_SRC: 'https://tiles.example', RATE_LIMIT: 'off', RATE_LIMIT_IP_MAX: '10', RATE_LIMIT_KEY_MAX: '99', RATE_LIMIT_STORE: 'redis',
      OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'sv', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: 'https://sv.example/api/v1/auth/oidc/callback',
      CERT_LOGIN: 'on', CERT_TRUSTED_PROXIES: '10.0.0.2,10.0.0.3', ADMIN_LOGIN: 'root', ADMIN_PASSWORD: 'Secret#2025abc',
      SOCKET_SESSION_CHECK_SECONDS: '15', WALL_SESSION_KEEPALIVE: 'all',
    })
    expect(c).toMatchObject({
      cookieSecure: false, sessionIdleMinutes: 15, sessionMaxHours: 8, displaySessionDays: 7, passwordMinLength: 12, lockoutThreshold: 3, lockoutMinutes: 60,
      socketSessionCheckSeconds: 15, wallSessionKeepalive: 'all',
      corsOrigins: ['https://a.example', 'https://b.example'], csp: false, cspConnectSrc: ['https://tiles.example'],
      rateLimit: { enabled: false, ipMax: 10, keyMax: 99, redis: true, userMax: DEFAULT_SECURITY.rateLimit.userMax },
      oidc: { issuer: 'https://idp.example', clientId: 'sv', clientSecret: 's', scope: 'openid profile', loginClaim: 'preferred_username', allowInsecure: false },
      cert: { subjectHeader: 'x-client-cert-subject', verifyHeader: 'x-client-cert-verify', trustedProxies: ['10.0.0.2', '10.0.0.3'] },
      bootstrapAdmin: { login: 'root', password: 'Secret#2025abc', displayName: '管理员' },
    })
  })

  it('refuses incomplete or nonsensical settings', () => {
    expect(() => loadSecurityConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_CLIENT_ID/)
    expect(() => loadSecurityConfig({ CERT_LOGIN: 'on' })).toThrow(/CERT_TRUSTED_PROXIES/)
    expect(() => loadSecurityConfig({ ADMIN_LOGIN: 'root' })).toThrow(/ADMIN_PASSWORD/)
    expect(() => loadSecurityConfig({ RATE_LIMIT_IP_MAX: 'lots' })).toThrow(/not a non-negative number/)
    expect(() => loadSecurityConfig({ WALL_SESSION_KEEPALIVE: 'yes' })).toThrow(/WALL_SESSION_KEEPALIVE/)
  })

  it('merges partial overrides with the defaults', () => {
    expect(resolveSecurity({ rateLimit: { ipMax: 1 } }).rateLimit).toEqual({ ...DEFAULT_SECURITY.rateLimit, ipMax: 1 })
  })
})

describe('sessions', () => {
  it('gives display-only accounts long sessions, everyone else the normal ones', () => {
    expect(sessionTimes(['display'], DEFAULT_SECURITY)).toEqual({ idleMinutes: 30 * 24 * 60, lifetimeMinutes: 30 * 24 * 60, persistent: true })
    expect(sessionTimes(['display', 'leader'], DEFAULT_SECURITY)).toEqual({ idleMinutes: 30, lifetimeMinutes: 12 * 60, persistent: false })
  })
  it('uses __Host- cookie names only with Secure cookies', () => {
    expect(cookieNames(true).session).toBe('__Host-sv_session')
    expect(cookieNames(false)).toEqual({ session: 'sv_session', csrf: 'sv_csrf', oidc: 'sv_oidc' })
  })
})

describe('originAllowed', () => {
  const req = (origin: string | undefined) => ({ headers: origin === undefined ? {} : { origin }, protocol: 'https', host: 'sv.example.gov.cn' }) as unknown as FastifyRequest
  it.each([
    [undefined, true],
    ['https://sv.example.gov.cn', true],
    ['https://console.example', true],
    ['http://sv.example.gov.cn', false],
    ['https://sv.example.gov.cn.evil.example', false],
    ['null', false],
  ])('%j → %j', (origin, expected) => {
    expect(originAllowed(req(origin), ['https://console.example'])).toBe(expected)
  })
})

/**
 * Single sign-on through OIDC (against a small in-process identity provider that signs real RS256
 * ID tokens and checks PKCE), and certificate (CA) login through a trusted reverse proxy's headers.
 */
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import type { SecurityOverrides } from '../config.ts'
import { normaliseSubject } from '../auth/cert.ts'
import { safeReturnTo } from '../routes/auth.ts'
import { createHarness, createUser, JURISDICTION, type Harness } from '../../test/harness.ts'

// ---------------------------------------------------------------------------------------------
// a minimal OpenID provider

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url')
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'k1', alg: 'RS256', use: 'sig' }

interface Grant {
  login: string | null
  nonce: string
  challenge: string
  clientId: string
  nonceOverride?: string
}
const grants = new Map<string, Grant>()
let idp: Server
let issuer = ''

function signIdToken(claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' }))
  const body = b64url(JSON.stringify(claims))
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey)
  return `${head}.${body}.${b64url(sig)}`
}

async function startIdp(): Promise<void> {
  idp = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      })
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] })
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = ''
      req.on('data', (d: Buffer) => (raw += d.toString()))
      req.on('end', () => {
        const form = new URLSearchParams(raw)
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding
        const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent).join(':')
        const grant = grants.get(form.get('code') ?? '')
        grants.delete(form.get('code') ?? '')
        const verifier = form.get('code_verifier') ?? ''
        if (auth !== 'sv-console:s3cret' || !grant || b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge) {
          return json(400, { error: 'invalid_grant' })
        }
        const now = Math.floor(Date.now() / 1000)
        const claims: Record<string, unknown> = { iss: issuer, aud: grant.clientId, sub: `sub-${grant.login}`, iat: now, exp: now + 300, nonce: grant.nonceOverride ?? grant.nonce }
        if (grant.login !== null) claims.preferred_username = grant.login
        json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: signIdToken(claims) })
      })
      return
    }
    json(404, { error: 'not_found' })
  })
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r))
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`
}

// ---------------------------------------------------------------------------------------------

let h: Harness
let sso: FastifyInstance
const REDIRECT = 'https://sv.example.gov.cn/api/v1/auth/oidc/callback'
const CERT_DN = 'CN=李四,O=浈江区,C=CN'

async function appWith(security: SecurityOverrides): Promise<FastifyInstance> {
  const app = await buildApp(
    { databaseUrl: h.db.url, redisUrl: process.env.REDIS_URL!, host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 1 << 20, enqueueTimeoutMs: 50, logLevel: 'silent', dashboardDir: null, security },
    { logger: false },
  )
  await app.ready()
  return app
}

beforeAll(async () => {
  await startIdp()
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  sso = await appWith({
    rateLimit: { enabled: false },
    oidc: { issuer, clientId: 'sv-console', clientSecret: 's3cret', redirectUri: REDIRECT, scope: 'openid profile', loginClaim: 'preferred_username', allowInsecure: true },
    cert: { subjectHeader: 'x-client-cert-subject', verifyHeader: 'x-client-cert-verify', trustedProxies: ['127.0.0.1'] },
  })
  await createUser(h.db.pool, { login: 'Wang.Wu', roles: ['leader'], password: null })
  await createUser(h.db.pool, { login: 'li.si', roles: ['supervisor'], jurisdictionCode: JURISDICTION, password: null, certSubject: CERT_DN })
})
afterAll(async () => {
  await sso?.close()
  await h?.close()
  await new Promise((r) => idp?.close(r))
})

/** Starts a flow; returns the state cookie and the authorisation request parameters. */
async function startFlow(returnTo?: string) {
  const res = await sso.inject({ method: 'GET', url: `/api/v1/auth/oidc/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}` })
  expect(res.statusCode).toBe(302)
  const to = new URL(res.headers.location as string)
  const cookie = res.cookies.find((c) => c.name === '__Host-sv_oidc')!
  return { to, cookie: `${cookie.name}=${cookie.value}`, cookieAttrs: cookie, state: to.searchParams.get('state')!, nonce: to.searchParams.get('nonce')!, challenge: to.searchParams.get('code_challenge')! }
}
/** The identity provider approves: a code for `login`. */
function approve(flow: { nonce: string; challenge: string }, login: string | null, extra: Partial<Grant> = {}): string {
  const code = randomBytes(16).toString('hex')
  grants.set(code, { login, nonce: flow.nonce, challenge: flow.challenge, clientId: 'sv-console', ...extra })
  return code
}
const callback = (query: string, cookie?: string) => sso.inject({ method: 'GET', url: `/api/v1/auth/oidc/callback?${query}`, headers: cookie ? { cookie } : {} })
const sessionCookie = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === '__Host-sv_session' && c.value !== '')

describe('OIDC single sign-on', () => {
  it('redirects to the provider with PKCE, state and nonce, remembered in an HttpOnly cookie', async () => {
    const f = await startFlow()
    expect(`${f.to.origin}${f.to.pathname}`).toBe(`${issuer}/authorize`)
    expect(Object.fromEntries(f.to.searchParams)).toMatchObject({ client_id: 'sv-console', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile', code_challenge_method: 'S256' })
    expect(f.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(f.cookieAttrs).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', value: f.state })
  })

  it('logs the matching user in (login names case-insensitive), audits it, and returns to the page asked for', async () => {
    const f = await startFlow('/console/cases?level=red')
    const res = await callback(`code=${approve(f, 'wang.wu')}&state=${f.state}`, f.cookie)
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/console/cases?level=red')
    const s = sessionCookie(res)
    expect(s).toBeDefined()
    const me = await sso.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `${s!.name}=${s!.value}` } })
    expect(me.json().user).toMatchObject({ login: 'Wang.Wu', roles: ['leader'], method: 'oidc' })
    const audit = await h.db.pool.query(`SELECT after FROM audit_log WHERE action = 'auth.login' ORDER BY seq DESC LIMIT 1`)
    expect(audit.rows[0].after).toMatchObject({ method: 'oidc' })

    // the flow is single use
    const replay = await callback(`code=${approve(f, 'wang.wu')}&state=${f.state}`, f.cookie)
    expect(replay.headers.location).toBe('/?loginError=oidc')
    expect(sessionCookie(replay)).toBeUndefined()
  })

  it('fails without a session when the state, nonce, user or claim is wrong', async () => {
    const cases: [string, (f: Awaited<ReturnType<typeof startFlow>>) => Promise<{ statusCode: number; headers: Record<string, unknown>; cookies: { name: string; value: string }[] }>][] = [
      ['no state cookie (another browser)', (f) => callback(`code=${approve(f, 'wang.wu')}&state=${f.state}`)],
      ['state differs from the cookie', (f) => callback(`code=${approve(f, 'wang.wu')}&state=${f.state}x`, f.cookie)],
      ['a nonce from another flow', (f) => callback(`code=${approve(f, 'wang.wu', { nonceOverride: 'other' })}&state=${f.state}`, f.cookie)],
      ['an unknown user', (f) => callback(`code=${approve(f, 'nobody')}&state=${f.state}`, f.cookie)],
      ['no login claim', (f) => callback(`code=${approve(f, null)}&state=${f.state}`, f.cookie)],
      ['an ID token for another client', (f) => callback(`code=${approve(f, 'wang.wu', { clientId: 'other-app' })}&state=${f.state}`, f.cookie)],
      ['an error from the provider', (f) => callback(`error=access_denied&state=${f.state}`, f.cookie)],
      ['a forged code', (f) => callback(`code=forged&state=${f.state}`, f.cookie)],
    ]
    for (const [label, run] of cases) {
      const res = await run(await startFlow())
      expect(res.statusCode, label).toBe(302)
      expect(res.headers.location, label).toBe('/?loginError=oidc')
      expect(sessionCookie(res), label).toBeUndefined()
    }
  })

  it('is off unless configured', async () => {
    for (const url of ['/api/v1/auth/oidc/login', '/api/v1/auth/oidc/callback?code=x&state=y']) {
      const res = await h.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('OIDC_DISABLED')
    }
  })

  it('returns only to paths of this site', () => {
    expect(safeReturnTo('/console')).toBe('/console')
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', 42, undefined, '/a b']) expect(safeReturnTo(bad)).toBe('/')
  })
})

describe('certificate (CA) login', () => {
  const certLogin = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => sso.inject({ method: 'POST', url: '/api/v1/auth/cert/login', headers, remoteAddress })
  const good = { 'x-client-cert-verify': 'SUCCESS', 'x-client-cert-subject': 'CN=\\E6\\9D\\8E\\E5\\9B\\9B, O=\\E6\\B5\\88\\E6\\B1\\9F\\E5\\8C\\BA, C=CN' }

  it('maps the subject verified by the trusted proxy to its user', async () => {
    const res = await certLogin(good)
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ login: 'li.si', method: 'cert', roles: ['supervisor'] })
    expect(sessionCookie(res)).toBeDefined()
  })

  it('refuses untrusted peers (even with X-Forwarded-For), unverified certificates and unknown subjects', async () => {
    const refused = [
      await certLogin(good, '10.9.9.9'),
      await certLogin({ ...good, 'x-forwarded-for': '127.0.0.1' }, '10.9.9.9'),
      await certLogin({ ...good, 'x-client-cert-verify': 'FAILED:certificate has expired' }),
      await certLogin({ 'x-client-cert-verify': 'SUCCESS' }),
      await certLogin({ ...good, 'x-client-cert-subject': 'CN=王五,O=浈江区,C=CN' }),
    ]
    for (const res of refused) {
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('CERT_LOGIN_FAILED')
      expect(sessionCookie(res)).toBeUndefined()
    }
  })

  it('is off unless configured', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/cert/login', headers: good })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('CERT_LOGIN_DISABLED')
  })

  it('normalises RFC 2253 subjects', () => {
    expect(normaliseSubject('cn=\\E6\\9D\\8E\\E5\\9B\\9B , o = 浈江区,C=CN')).toBe(CERT_DN)
    expect(normaliseSubject('CN=Li Si\\, Jr.,O=Org')).toBe('CN=Li Si\\, Jr.,O=Org')
  })
})

/**
 * Web Push end to end (RFC 8030 / 8291 / 8292): a leader's browser subscribes with generated keys
 * (an ECDH P-256 pair and a 16-byte auth secret, as PushManager would), registers the subscription;
 * a red card in the leader's scope is delivered by the notify worker through `web-push` to a local
 * HTTPS push endpoint (a self-signed certificate the test trusts), which checks the VAPID
 * signature against the server's stored public key and decrypts the aes128gcm payload with
 * `http_ece` using the browser's private key and auth secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import https from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ece from 'http_ece'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from './harness.ts'

interface Received { headers: Record<string, string | string[] | undefined>; body: Buffer; path: string }
let h: Harness
let server: https.Server
let endpointBase: string
const received: Received[] = []
let leader: TestSession
const b64url = (b: Buffer) => b.toString('base64url')

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'push-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' })
  const cert = readFileSync(path.join(dir, 'cert.pem'))
  // the workers run in this process: trust the local push service's certificate (web-push uses https's global agent)
  https.globalAgent.options.ca = [cert]
  server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks), path: req.url ?? '' })
      // an unsubscribed browser: the push service answers 410 Gone
      if (req.url?.startsWith('/push/gone')) res.writeHead(410).end()
      else res.writeHead(201, { location: `${endpointBase}/msg/${received.length}` }).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  endpointBase = `https://127.0.0.1:${addr.port}`

  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
  await h.startWorkers({ notify: { everyMs: 100, quietHours: { startMinute: 0, endMinute: 0 } } })
  await createUser(h.db.pool, { login: 'wp-leader', roles: ['leader'], jurisdictionCode: JURISDICTION, displayName: '陈区长' })
  leader = await login(h.app, 'wp-leader')
  await h.db.pool.query(
    `INSERT INTO cases (case_no, department_code, status, applicant, submitted_at, accepted_at, state, event_count, last_occurred_at)
     VALUES ('WP-1', $1, 'accepted', NULL, now() - interval '40 days', now() - interval '40 days', '{}', 2, now())`, [DEPTS[1]])
}, 120_000)

afterAll(async () => {
  https.globalAgent.options.ca = undefined
  await h?.close()
  await new Promise<void>((r) => server?.close(() => r()))
})

/** A browser's subscription keys, as PushManager.subscribe makes them. */
function browserKeys(): { ecdh: ECDH; p256dh: string; auth: Buffer } {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  return { ecdh, p256dh: b64url(ecdh.getPublicKey()), auth: randomBytes(16) }
}

/** Verifies the VAPID JWT (ES256) of an Authorization `vapid t=…, k=…` header against key `k`. */
function vapidClaims(authorization: string): { aud: string; sub: string; k: string } {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(authorization)
  if (!m) throw new Error(`not a VAPID header: ${authorization}`)
  const [header, payload, signature] = m[1]!.split('.') as [string, string, string]
  const pub = Buffer.from(m[2]!, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(pub.subarray(1, 33)), y: b64url(pub.subarray(33, 65)) }, format: 'jwk' })
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
  if (!ok) throw new Error('bad VAPID signature')
  return { ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string; sub: string }), k: m[2]! }
}

describe('Web Push to a leader', () => {
  it('the server generates and keeps one VAPID key; bad subscriptions are refused', async () => {
    const k1 = (await h.app.inject({ method: 'GET', url: '/api/v1/push/key', headers: leader.headers })).json<{ publicKey: string }>().publicKey
    const k2 = (await h.app.inject({ method: 'GET', url: '/api/v1/push/key', headers: leader.headers })).json<{ publicKey: string }>().publicKey
    expect(k1).toBe(k2)
    expect(Buffer.from(k1, 'base64url')).toHaveLength(65)
    expect((await h.db.pool.query('SELECT count(*)::int AS n FROM push_vapid_keys')).rows[0].n).toBe(1)
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions', headers: leader.headers, payload: { endpoint: 'ftp://x', keys: { p256dh: 'x', auth: 'y' } } })
    expect(bad.statusCode).toBe(400)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/push/key' })).statusCode).toBe(401)
  })

  it('a red card reaches the subscribed browser, encrypted (RFC 8291) and signed (RFC 8292)', async () => {
    const publicKey = (await h.app.inject({ method: 'GET', url: '/api/v1/push/key', headers: leader.headers })).json<{ publicKey: string }>().publicKey
    const keys = browserKeys()
    const endpoint = `${endpointBase}/push/leader-phone-1`
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions', headers: leader.headers, payload: { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: b64url(keys.auth) } } })
    expect(res.statusCode).toBe(201)

    await h.db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_by) VALUES ('case', 'WP-1', $1, 'red', 'manual', '久拖不办', 'test')`, [DEPTS[1]])
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100))
    expect(received).toHaveLength(1)
    const msg = received[0]!
    expect(msg.path).toBe('/push/leader-phone-1')
    expect(msg.headers['content-encoding']).toBe('aes128gcm')
    expect(msg.headers['urgency']).toBe('high')
    const claims = vapidClaims(String(msg.headers['authorization']))
    expect(claims.k).toBe(publicKey)
    expect(claims.aud).toBe(endpointBase)
    expect(claims.sub).toMatch(/^mailto:/)
    // the push service cannot read it; the browser can
    expect(msg.body.toString('utf8')).not.toContain('WP-1')
    const plain = JSON.parse(ece.decrypt(msg.body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth }).toString('utf8')) as { title: string; body: string; url: string; urgent: boolean }
    expect(plain.title).toContain('WP-1')
    expect(plain).toMatchObject({ url: '/m/cases/WP-1', urgent: true })
    // the worker records the push service's 201 on the subscription (just after the answer arrives)
    await expect.poll(async () => (await h.db.pool.query<{ last_ok_at: Date | null }>('SELECT last_ok_at FROM push_subscriptions WHERE endpoint = $1', [endpoint])).rows[0]?.last_ok_at ?? null).not.toBeNull()
  })

  it('a subscription the push service reports gone (410) is removed; the others still get the push', async () => {
    const keys = browserKeys()
    const gone = `${endpointBase}/push/gone-1`
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions', headers: leader.headers, payload: { endpoint: gone, keys: { p256dh: keys.p256dh, auth: b64url(keys.auth) } } })).statusCode).toBe(201)
    const before = received.length
    await h.db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_by) VALUES ('case', 'WP-1', $1, 'red', 'manual', '再次督促', 'test')`, [DEPTS[1]])
    await expect.poll(async () => (await h.db.pool.query('SELECT count(*)::int AS n FROM push_subscriptions WHERE endpoint = $1', [gone])).rows[0].n, { timeout: 10_000 }).toBe(0)
    expect(received.slice(before).map((r) => r.path).sort()).toEqual(['/push/gone-1', '/push/leader-phone-1'])
  })
})

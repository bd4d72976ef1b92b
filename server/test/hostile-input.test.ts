/**
 * Hostile input at the edge (issue 14): text PostgreSQL cannot store is rejected per event (the
 * rest of the batch stored), XML reserved element names are data, bodies are decoded strictly in
 * their declared charset (GBK and GB18030 decoded, unknown charsets refused), NUL in a console
 * filter is a 400, and forwarded headers cannot widen the per-address login limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { encodeGbk } from '../../test/gbk.ts'
import { eventsToXml } from '../../test/xml.ts'
import { decodeXmlText } from '../plugins/app/xml-body.ts'

let h: Harness
let sup: TestSession
const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  const u = await createUser(h.db.pool, { login: 'sup.hostile', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  sup = await openSession(h.db.pool, u)
})
afterAll(async () => {
  await h?.close()
})

const post = (payload: string | Buffer | unknown, contentType = 'application/json') =>
  h.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { 'x-api-key': h.key, 'content-type': contentType },
    payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
  })
const stored = async (like: string) =>
  (await h.db.pool.query<{ event_id: string; body: Record<string, unknown> }>('SELECT event_id, body FROM events WHERE event_id LIKE $1 ORDER BY event_id', [like])).rows
const accepted = (caseNo: string, name: string): RawEvent => ({
  ...caseLifecycle(caseNo, DEPTS[0], T0)[1]!,
  eventId: `${caseNo}-acc`,
  body: { itemCode: 'SCJG-001', caseType: 'promised', applicant: { name, idNumber: '440204199001011234' } },
})

describe('text PostgreSQL cannot store: rejected per event, the rest of the batch stored', () => {
  it.each([
    ['NUL in a name', 'NUL-1', '张\u0000三', '/body/applicant/name: U+0000 (NUL)'],
    ['a lone high surrogate', 'SUR-1', '\ud800', '/body/applicant/name: lone surrogate'],
    ['a lone low surrogate', 'SUR-2', 'a\udfffb', '/body/applicant/name: lone surrogate'],
  ])('JSON, %s: 202, that event INVALID_TEXT naming the field, the others stored once', async (_what, caseNo, name, detail) => {
    const good = caseLifecycle(caseNo, DEPTS[0], T0).slice(0, 1)
    const bad = accepted(caseNo, name)
    const also = { ...good[0]!, eventId: `${caseNo}-also` }
    const res = await post([good[0], bad, also])
    expect(res.statusCode).toBe(202)
    const body = res.json()
    expect(body).toMatchObject({ accepted: 2, rejected: 1 })
    expect(body.results[1]).toMatchObject({ index: 1, eventId: `${caseNo}-acc`, status: 'rejected', code: 'INVALID_TEXT', detail })
    expect(body.results[1].message).toMatch(/U\+0000/)
    expect((await stored(`${caseNo}-%`)).map((r) => r.event_id).sort()).toEqual([good[0]!.eventId, `${caseNo}-also`].sort())
  })

  it('a source retrying the same batch gets its valid events as duplicates, the bad one rejected again (no poisoned feed)', async () => {
    const batch = [caseLifecycle('RETRY-1', DEPTS[0], T0)[0], accepted('RETRY-1', 'x\u0000')]
    const first = (await post(batch)).json()
    const again = await post(batch)
    expect(again.statusCode).toBe(202)
    expect(first.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected'])
    expect(again.json().results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'rejected'])
  })

  it('a single event with NUL is a plain 400 INVALID_TEXT (nothing stored)', async () => {
    const res = await post(accepted('NUL-2', '\u0000'))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'INVALID_TEXT', detail: '/body/applicant/name: U+0000 (NUL)' })
    expect(await stored('NUL-2-%')).toEqual([])
  })

  it('XML: NUL in a <Data> value is rejected per event as well', async () => {
    const good = caseLifecycle('XNUL-1', DEPTS[0], T0)[0]!
    const xml = eventsToXml([good, accepted('XNUL-1', '李\u0000四')], 'test-source')
    const res = await post(xml, 'application/xml')
    expect(res.statusCode).toBe(202)
    expect(res.json().results.map((r: { code?: string }) => r.code ?? 'ok')).toEqual(['ok', 'INVALID_TEXT'])
  })
})

describe('XML element names __proto__, constructor, prototype', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('<%s> is data: never a 500; inside <Data> that event is rejected, the rest stored', async (name) => {
    const caseNo = `XP-${name.replace(/_/g, '')}`
    const [a, b] = caseLifecycle(caseNo, DEPTS[0], T0)
    // an unknown element at event level (ignored like any other) and one inside the second event's <Data>
    let xml = eventsToXml([a!, b!], 'test-source').replace('<Event>', `<Event><${name}>x</${name}>`)
    const lastData = xml.lastIndexOf('</Data>')
    xml = `${xml.slice(0, lastData)}<${name}><Polluted>1</Polluted></${name}>${xml.slice(lastData)}`
    const res = await post(xml, 'application/xml')
    expect(res.statusCode).toBe(202)
    const body = res.json()
    expect(body.results[0].status).toBe('accepted')
    expect(body.results[1]).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED' })
    expect(body.results[1].detail).toContain(name)
    expect(({} as Record<string, unknown>).Polluted).toBeUndefined()
    expect(await stored(`${caseNo}-%`)).toHaveLength(1)
  })

  it('a reserved name as an attribute is data too', async () => {
    const [a] = caseLifecycle('XP-ATTR', DEPTS[0], T0)
    const res = await post(eventsToXml([a!], 'test-source').replace('<Event>', '<Event __proto__="1" constructor="2">'), 'application/xml')
    expect(res.statusCode).toBe(202)
  })
})

describe('XML character references', () => {
  it('decodes the predefined entities and character references, so the stored text is what was meant', async () => {
    expect(decodeXmlText('张&amp;李 &#20013;&#x6587; &lt;b&gt; &quot;&apos; &nbsp; &#x110000;')).toBe('张&李 中文 <b> "\' &nbsp; &#x110000;')
    const ev = accepted('XENT-1', 'A&B <王>')
    const res = await post(eventsToXml([ev], 'test-source').replace('A&amp;B', 'A&#38;B'), 'application/xml')
    expect(res.statusCode).toBe(202)
    expect((await stored('XENT-1-%'))[0]?.body).toMatchObject({ applicant: { name: 'A&B <王>' } })
  })

  it('a reference to U+0000 or a surrogate is rejected per event (INVALID_TEXT)', async () => {
    const good = caseLifecycle('XENT-2', DEPTS[0], T0)[0]!
    const xml = eventsToXml([good, accepted('XENT-2', 'NAMEHERE'), accepted('XENT-3', 'NAMEHERE')], 'test-source')
      .replace('NAMEHERE', '&#0;').replace('NAMEHERE', '&#xD800;')
    const res = await post(xml, 'application/xml')
    expect(res.statusCode).toBe(202)
    expect(res.json().results.map((r: { code?: string }) => r.code ?? 'ok')).toEqual(['ok', 'INVALID_TEXT', 'INVALID_TEXT'])
  })
})

describe('encodings: strict decoding in the declared charset', () => {
  const gbEvent = (caseNo: string) => accepted(caseNo, '张三丰')

  it('refuses bytes that are not UTF-8 with 400 INVALID_ENCODING, storing nothing', async () => {
    const json = Buffer.from(JSON.stringify(gbEvent('ENC-1')), 'utf8')
    const broken = Buffer.concat([json.subarray(0, 20), Buffer.from([0xff, 0xfe, 0xc3]), json.subarray(20)])
    const res = await post(broken)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('INVALID_ENCODING')
    // GBK bytes sent without a charset are not UTF-8 either: refused, never stored as U+FFFD
    const gbkAsUtf8 = await post(encodeGbk(JSON.stringify(gbEvent('ENC-2'))))
    expect(gbkAsUtf8.statusCode).toBe(400)
    expect(gbkAsUtf8.json().code).toBe('INVALID_ENCODING')
    const xml = await post(Buffer.concat([Buffer.from('<?xml version="1.0"?><Package><Head/><Body><Event><EventId>'), Buffer.from([0xc0, 0xaf]), Buffer.from('</EventId></Event></Body></Package>')]), 'application/xml')
    expect(xml.statusCode).toBe(400)
    expect(xml.json().code).toBe('INVALID_ENCODING')
    expect(await stored('ENC-%')).toEqual([])
  })

  it.each(['GBK', 'GB18030'])('refuses GBK-declared bytes that are not valid (charset=%s), even those a lenient decoder drops (0xFF)', async (charset) => {
    const bytes = encodeGbk(JSON.stringify(gbEvent('GBBAD-1')))
    const at = bytes.indexOf(Buffer.from([0xd5, 0xc5])) // inside the name, before 张
    for (const bad of [[0xff], [0xd5, 0xff], [0x81, 0x30]]) {
      const res = await post(Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]), `application/json; charset=${charset}`)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('INVALID_ENCODING')
    }
    expect(await stored('GBBAD-%')).toEqual([])
  })

  it.each(['GBK', 'gb2312', 'GB18030', '"gbk"'])('decodes JSON sent as charset=%s (real GBK bytes of Chinese text)', async (charset) => {
    const caseNo = `GBJ-${charset.replace(/\W/g, '')}`
    const bytes = encodeGbk(JSON.stringify(gbEvent(caseNo)))
    expect(bytes.includes(Buffer.from([0xd5, 0xc5]))).toBe(true) // 张 in GBK
    const res = await post(bytes, `application/json; charset=${charset}`)
    expect(res.statusCode).toBe(202)
    expect((await stored(`${caseNo}-%`))[0]?.body).toMatchObject({ applicant: { name: '张三丰' } })
  })

  it('decodes GBK XML by its encoding declaration, and by the header charset (which wins)', async () => {
    const xmlText = eventsToXml([gbEvent('GBX-1')], 'test-source').replace('encoding="UTF-8"', 'encoding="GBK"')
    const byDecl = await post(encodeGbk(xmlText), 'application/xml')
    expect(byDecl.statusCode).toBe(202)
    const byHeader = await post(encodeGbk(eventsToXml([gbEvent('GBX-2')], 'test-source').replace('encoding="UTF-8"', 'encoding="GB18030"')), 'text/xml; charset=gbk')
    expect(byHeader.statusCode).toBe(202)
    expect((await stored('GBX-%')).map((r) => (r.body.applicant as { name: string }).name)).toEqual(['张三丰', '张三丰'])
    // declared GBK, sent as UTF-8 by the header: the header wins, UTF-8 text decodes
    const utf8 = await post(Buffer.from(eventsToXml([gbEvent('GBX-3')], 'test-source').replace('encoding="UTF-8"', 'encoding="GBK"')), 'application/xml; charset=utf-8')
    expect(utf8.statusCode).toBe(202)
  })

  it.each([
    ['application/json; charset=latin1', 'json'],
    ['application/json; charset=utf-16', 'json'],
    ['application/xml; charset=iso-8859-1', 'xml'],
    ['application/xml', 'xml-decl'],
  ])('refuses an unsupported charset (%s) with 415 UNSUPPORTED_CHARSET', async (contentType, kind) => {
    const ev = gbEvent('CS-1')
    const payload = kind === 'json' ? JSON.stringify(ev) : kind === 'xml' ? eventsToXml([ev], 'test-source') : eventsToXml([ev], 'test-source').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    const res = await post(payload, contentType)
    expect(res.statusCode).toBe(415)
    expect(res.json().code).toBe('UNSUPPORTED_CHARSET')
  })

  it('drops a UTF-8 byte order mark', async () => {
    const res = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(gbEvent('BOM-1')))]))
    expect(res.statusCode).toBe(202)
  })
})

describe('NUL and lone surrogates in other routes: 400, never 500', () => {
  it.each(['/api/v1/cases?q=%00', '/api/v1/cases?q=a%00b', '/api/v1/cases/export?format=csv&q=%00', '/api/v1/cases?department=%00', '/api/v1/cases/%00', '/api/v1/petitions?q=%00'])(
    'GET %s → 400 INVALID_TEXT naming the parameter',
    async (url) => {
      const res = await h.app.inject({ method: 'GET', url, headers: sup.headers })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('INVALID_TEXT')
      expect(res.json().detail).toMatch(/^(query|params)\//)
    },
  )

  it('a NUL in a login name is 400 INVALID_TEXT', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'a\u0000', password: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'INVALID_TEXT', detail: 'body/login: U+0000 (NUL)' })
  })

  it('the case list still answers a clean query', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/cases?q=ZJ', headers: sup.headers })).statusCode).toBe(200)
  })
})

describe('forwarded headers', () => {
  const loginMax = 20
  const attempts = async (app: typeof h.app, remoteAddress: string, xff: (i: number) => string | null) => {
    const codes: number[] = []
    for (let i = 0; i < 60; i++) {
      const xf = xff(i)
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: xf ? { 'x-forwarded-for': xf } : {}, payload: { login: `nobody${i}`, password: 'x' } })
      codes.push(res.statusCode)
    }
    return codes
  }
  const appWith = async (env: Record<string, string>) => {
    const cfg = loadConfig({ DATABASE_URL: h.db.url, REDIS_URL: process.env.REDIS_URL!, QUEUE_PREFIX: `${h.prefix}x`, LOG_LEVEL: 'silent', RATE_LIMIT_LOGIN_MAX: String(loginMax), ...env })
    const app = await buildApp(cfg, { logger: false })
    await app.ready()
    return app
  }

  it('by default trusts none: 60 logins from one peer with 60 different X-Forwarded-For hit the per-address limit', async () => {
    const app = await appWith({})
    try {
      const codes = await attempts(app, '127.0.0.1', (i) => `203.0.113.${i + 1}`)
      expect(codes.filter((c) => c === 401)).toHaveLength(loginMax)
      expect(codes.filter((c) => c === 429)).toHaveLength(60 - loginMax)
    } finally {
      await app.close()
    }
  })

  it('TRUST_PROXY names the proxy: its X-Forwarded-For is believed; the same header from another peer is not', async () => {
    const app = await appWith({ TRUST_PROXY: '10.0.0.5' })
    try {
      // behind the proxy, each client has its own counter
      const viaProxy = await attempts(app, '10.0.0.5', (i) => `203.0.113.${(i % 3) + 1}`)
      expect(viaProxy.every((c) => c === 401)).toBe(true)
      // a client that reaches the server directly cannot pose as many
      const direct = await attempts(app, '10.0.0.9', (i) => `198.51.100.${i + 1}`)
      expect(direct.filter((c) => c === 429)).toHaveLength(60 - loginMax)
    } finally {
      await app.close()
    }
  })
})

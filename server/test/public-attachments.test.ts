/**
 * Complaint attachments (issue 18): a citizen files a complaint with images; they are checked by
 * their bytes, cleaned of EXIF/GPS, stored with the complaint or not at all, and shown to the
 * supervision office and the handling department only (each view audited) — never to the public.
 * Abuse: oversize, an HTML file named .png, SVG, a declared type the bytes contradict, too many,
 * a broken image, attachments without a solved challenge, a refused petition, the hourly limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { containsText, GPS_MARKER, jpegWithExif, PNG_1X1, pngWithMetadata, webpWithExif } from '../../domain/public/imageFixtures.ts'
import { COMPLAINANT, SCJG, solvedChallenge, ZJJ } from './public-fixtures.ts'

let h: Harness
const s = {} as Record<'sup' | 'admin' | 'staff' | 'otherStaff' | 'leader' | 'display', TestSession>
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  const mk = async (login: string, roles: Parameters<typeof createUser>[1]['roles'], extra: { departmentCode?: string; jurisdictionCode?: string }) =>
    openSession(h.db.pool, await createUser(h.db.pool, { login, roles, ...extra }))
  s.sup = await mk('att.sup', ['supervisor'], { jurisdictionCode: JURISDICTION })
  s.admin = await mk('att.admin', ['admin'], {})
  s.staff = await mk('att.staff', ['department_staff'], { departmentCode: SCJG })
  s.otherStaff = await mk('att.zjj', ['department_staff'], { departmentCode: ZJJ })
  s.leader = await mk('att.leader', ['leader'], { jurisdictionCode: JURISDICTION })
  s.display = await mk('att.display', ['display'], {})
}, 60_000)

afterAll(async () => {
  await h?.close()
})

/** Forgets the hourly filing count of 127.0.0.1 (each test files several). */
const resetLimit = () => h.app.queues.redis.del(`${h.prefix}:public:rl:complaint:${Math.floor(Date.now() / 3_600_000)}:127.0.0.1`)

async function file(attachments: unknown, over: Record<string, unknown> = {}) {
  const payload = { kind: 'complaint', departmentCode: SCJG, text: '窗口要求提供清单以外的材料，见附件照片。', contactName: COMPLAINANT.name, contactPhone: COMPLAINANT.phone, altcha: await solvedChallenge(h.app), attachments, ...over }
  return h.app.inject({ method: 'POST', url: '/api/v1/public/complaints', payload })
}
const stored = async () => Number((await h.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM complaint_attachments')).rows[0]!.n)
const complaints = async () => Number((await h.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM public_complaints')).rows[0]!.n)
const get = (session: TestSession | null, url: string) => h.app.inject({ method: 'GET', url, headers: session?.headers ?? {} })

let petitionNo = ''
let trackingCode = ''

describe('filing with attachments', () => {
  it('stores JPEG, PNG and WebP without their metadata, with the complaint', async () => {
    await resetLimit()
    const res = await file([
      { contentType: 'image/jpeg', data: b64(jpegWithExif(6)) },
      { contentType: 'image/png', data: b64(pngWithMetadata()) },
      { contentType: 'image/webp', data: b64(webpWithExif()) },
    ])
    expect(res.statusCode, res.body).toBe(201)
    trackingCode = res.json().trackingCode
    petitionNo = (await h.db.pool.query<{ petition_no: string }>('SELECT petition_no FROM public_complaints')).rows[0]!.petition_no
    const rows = (await h.db.pool.query<{ ordinal: number; content_type: string; data: Buffer; byte_size: number }>('SELECT ordinal, content_type, data, byte_size FROM complaint_attachments WHERE petition_no = $1 ORDER BY ordinal', [petitionNo])).rows
    expect(rows.map((r) => [r.ordinal, r.content_type])).toEqual([[1, 'image/jpeg'], [2, 'image/png'], [3, 'image/webp']])
    for (const r of rows) {
      expect(containsText(r.data, GPS_MARKER), r.content_type).toBe(false)
      expect(r.byte_size).toBe(r.data.length)
    }
    expect(Array.from(rows[1]!.data)).toEqual(Array.from(PNG_1X1))
    await h.waitProjected()
  })

  it('refuses oversize, wrong-type, too many and broken attachments, and stores nothing', async () => {
    await resetLimit()
    const before = [await stored(), await complaints()]
    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set([0xff, 0xd8, 0xff, 0xe0])
    const oversize = await file([{ contentType: 'image/jpeg', data: b64(big) }])
    expect(oversize.statusCode).toBe(413)
    expect(oversize.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', detail: 'attachments/0', message: expect.stringContaining('5 MB'), messageEn: expect.stringContaining('5 MB') })

    const html = new TextEncoder().encode('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>')
    const htmlAsPng = await file([{ contentType: 'image/png', data: b64(html) }])
    expect(htmlAsPng.statusCode).toBe(415)
    expect(htmlAsPng.json()).toMatchObject({ code: 'ATTACHMENT_TYPE', detail: 'attachments/0: the content is not an accepted image' })
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    expect((await file([{ contentType: 'image/svg+xml', data: b64(svg) }])).json()).toMatchObject({ code: 'ATTACHMENT_TYPE' })
    // the bytes must be what the type says
    expect((await file([{ contentType: 'image/png', data: b64(PNG_1X1) }, { contentType: 'image/jpeg', data: b64(PNG_1X1) }])).json()).toMatchObject({ code: 'ATTACHMENT_TYPE', detail: 'attachments/1: the content is image/png' })
    await resetLimit()
    const four = Array.from({ length: 4 }, () => ({ contentType: 'image/png', data: b64(PNG_1X1) }))
    const tooMany = await file(four)
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ code: 'TOO_MANY_ATTACHMENTS' })
    // a PNG cut short
    expect((await file([{ contentType: 'image/png', data: b64(PNG_1X1.subarray(0, 40)) }])).json()).toMatchObject({ code: 'ATTACHMENT_TYPE' })
    expect((await file([{ contentType: 'image/png', data: '<not base64>' }])).statusCode).toBe(400)
    expect([await stored(), await complaints()]).toEqual(before)
  }, 60_000)

  it('without a solved challenge, or when the petition is refused, no attachment stays', async () => {
    await resetLimit()
    const before = [await stored(), await complaints()]
    const one = [{ contentType: 'image/png', data: b64(PNG_1X1) }]
    const unsolved = Buffer.from(JSON.stringify({ algorithm: 'SHA-256', challenge: 'x', number: 1, salt: 's', signature: 'y' })).toString('base64')
    const noChallenge = await file(one, { altcha: unsolved })
    expect(noChallenge.statusCode).toBe(400)
    expect(noChallenge.json()).toMatchObject({ code: 'CHALLENGE_FAILED' })
    expect((await file(one, { altcha: undefined })).statusCode).toBe(400)
    // the petition event is refused by ingest (unknown department): the attachment goes with it
    const refused = await file(one, { departmentCode: 'NO-SUCH-DEPT' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ code: 'UNKNOWN_DEPARTMENT' })
    expect([await stored(), await complaints()]).toEqual(before)
  })

  it('past the hourly limit an upload is refused before its body is read', async () => {
    await resetLimit()
    await h.app.queues.redis.set(`${h.prefix}:public:rl:complaint:${Math.floor(Date.now() / 3_600_000)}:127.0.0.1`, '5')
    const res = await file([{ contentType: 'image/png', data: b64(PNG_1X1) }])
    expect(res.statusCode).toBe(429)
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' })
    await resetLimit()
  })
})

describe('attachments are for staff only', () => {
  it('the supervision office and the handling department see them (audited); others do not', async () => {
    const list = `/api/v1/petitions/${petitionNo}/attachments`
    for (const who of ['sup', 'admin', 'staff'] as const) {
      const r = await get(s[who], list)
      expect(r.statusCode, who).toBe(200)
      expect(r.headers['cache-control']).toBe('private, no-store')
      expect(r.json().items.map((x: { n: number; contentType: string; url: string }) => [x.n, x.contentType, x.url])).toEqual([
        [1, 'image/jpeg', `${list}/1`],
        [2, 'image/png', `${list}/2`],
        [3, 'image/webp', `${list}/3`],
      ])
    }
    const img = await get(s.staff, `${list}/2`)
    expect(img.statusCode).toBe(200)
    expect(img.headers['content-type']).toBe('image/png')
    expect(img.headers['x-content-type-options']).toBe('nosniff')
    expect(img.headers['content-security-policy']).toContain('sandbox')
    expect(img.headers['cache-control']).toBe('private, no-store')
    expect(Array.from(img.rawPayload)).toEqual(Array.from(PNG_1X1))
    const jpeg = await get(s.sup, `${list}/1`)
    expect(jpeg.headers['content-type']).toBe('image/jpeg')
    expect(containsText(jpeg.rawPayload, GPS_MARKER)).toBe(false)
    const audit = await h.db.pool.query<{ action: string; entity_id: string; after: { fields: string[] } }>(`SELECT action, entity_id, after FROM audit_log WHERE action = 'pii.view' AND entity = 'petition' ORDER BY seq`)
    expect(audit.rows.map((r) => [r.entity_id, r.after.fields])).toEqual([[petitionNo, ['attachments/2']], [petitionNo, ['attachments/1']]])

    // another department: nothing listed, the image is not found
    expect((await get(s.otherStaff, list)).json()).toEqual({ items: [] })
    expect((await get(s.otherStaff, `${list}/1`)).statusCode).toBe(404)
    expect((await get(s.sup, `${list}/3`)).statusCode).toBe(200)
    expect((await get(s.sup, `${list}/4`)).statusCode).toBe(400)
    // leaders, displays and the public: refused
    expect((await get(s.leader, `${list}/1`)).statusCode).toBe(403)
    expect((await get(s.display, list)).statusCode).toBe(403)
    expect((await get(null, `${list}/1`)).statusCode).toBe(401)
    expect((await get(null, list)).statusCode).toBe(401)
  })

  it('no public page or public API answer carries them or points to them', async () => {
    const bodies: string[] = []
    const gets = h.app.routePolicies.filter((r) => r.url.startsWith('/api/v1/public/') && r.method === 'GET' && !r.url.includes(':'))
    expect(gets.length).toBeGreaterThan(8)
    for (const r of gets) bodies.push((await get(null, r.url + (r.url.endsWith('/search') ? `?q=${encodeURIComponent('材料')}` : ''))).body)
    const tracked = await h.app.inject({ method: 'POST', url: '/api/v1/public/complaints/track', payload: { code: trackingCode } })
    expect(tracked.statusCode).toBe(200)
    bodies.push(tracked.body)
    for (const page of ['/public', '/public/complaint', '/public/track']) bodies.push((await get(null, page)).body)
    const all = bodies.join('\n')
    expect(all).not.toContain('/attachments')
    expect(all).not.toContain(b64(PNG_1X1).slice(0, 24))
    expect(all).not.toContain('iVBORw0KGgo')
    expect(all).not.toContain(COMPLAINANT.name)
    expect(all).not.toContain(COMPLAINANT.phone)
    expect(Object.keys(tracked.json())).not.toContain('attachments')
  })
})

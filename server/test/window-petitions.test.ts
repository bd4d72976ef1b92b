/**
 * Department staff and their petitions in the approval module (real PostgreSQL and Redis): the list
 * and one petition hold only their departments' petitions (another department's is a 404), the
 * citizen is masked, the images are listed and each view is audited, and the answer goes through
 * the ingest path as one `petition.replied` event with its audit row — then the citizen reads it by
 * tracking code (masked) and the supervision office sees it among the answers it may publish.
 * Bad input: 400 with codes; a second answer: 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { PNG_1X1 } from '../../domain/public/imageFixtures.ts'
import { COMPLAINANT, SCJG, solvedChallenge, ZJJ } from './public-fixtures.ts'

let h: Harness
const s = {} as Record<'staff' | 'head' | 'otherStaff' | 'sup' | 'leader', TestSession>
let staffId = ''
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')
const get = (session: TestSession | null, url: string) => h.app.inject({ method: 'GET', url, headers: session?.headers ?? {} })
const post = (session: TestSession, url: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: session.headers, payload: payload as object })

const filed: Record<'scjg' | 'zjj', { petitionNo: string; code: string }> = { scjg: { petitionNo: '', code: '' }, zjj: { petitionNo: '', code: '' } }
const TEXT = '办事窗口要求提供清单以外的材料，见附件照片。联系电话 13711112222。'
const TEXT_SHOWN = '办事窗口要求提供清单以外的材料，见附件照片。联系电话 137****2222。'
/** 76 characters, then a mobile number across the 80-character cut of the list's excerpt. */
const LONG = `${'窗口排队时间过长，'.repeat(8)}请回电 13922223333 谢谢`

async function file(departmentCode: string, attachments: unknown[], text = TEXT): Promise<{ petitionNo: string; code: string }> {
  const payload = { kind: 'complaint', departmentCode, text, contactName: COMPLAINANT.name, contactPhone: COMPLAINANT.phone, altcha: await solvedChallenge(h.app), attachments }
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/public/complaints', payload })
  expect(res.statusCode, res.body).toBe(201)
  const code = res.json<{ trackingCode: string }>().trackingCode
  const { rows } = await h.db.pool.query<{ petition_no: string }>('SELECT petition_no FROM public_complaints ORDER BY created_at DESC LIMIT 1')
  return { petitionNo: rows[0]!.petition_no, code }
}

beforeAll(async () => {
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  const mk = async (login: string, roles: Parameters<typeof createUser>[1]['roles'], extra: { departmentCode?: string; jurisdictionCode?: string; displayName?: string }) => {
    const u = await createUser(h.db.pool, { login, roles, ...extra })
    return { u, session: await openSession(h.db.pool, u) }
  }
  const staff = await mk('wp.staff', ['department_staff'], { departmentCode: SCJG, displayName: '陈窗口' })
  staffId = staff.u.id
  s.staff = staff.session
  s.head = (await mk('wp.head', ['department_head'], { departmentCode: SCJG })).session
  s.otherStaff = (await mk('wp.zjj', ['department_staff'], { departmentCode: ZJJ })).session
  s.sup = (await mk('wp.sup', ['supervisor'], { jurisdictionCode: JURISDICTION })).session
  s.leader = (await mk('wp.leader', ['leader'], { jurisdictionCode: JURISDICTION })).session
  filed.scjg = await file(SCJG, [{ contentType: 'image/png', data: b64(PNG_1X1) }])
  filed.zjj = await file(ZJJ, [], LONG)
  await h.waitProjected()
}, 90_000)

afterAll(async () => {
  await h?.close()
})

describe('the list and one petition: only the own departments, citizen masked', () => {
  it("lists the department's petitions only, with an excerpt and the number of images; the citizen masked", async () => {
    const res = await get(s.staff, '/api/v1/window/petitions')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['cache-control']).toBe('private, no-store')
    const body = res.json<{ total: number; items: { petitionNo: string; departmentCode: string; citizen: unknown; attachmentCount: number; subjectExcerpt: string; status: string }[] }>()
    expect(body.total).toBe(1)
    expect(body.items.map((p) => [p.petitionNo, p.departmentCode, p.attachmentCount, p.status])).toEqual([[filed.scjg.petitionNo, SCJG, 1, 'received']])
    expect(body.items[0]!.citizen).toEqual({ name: '上**娟', phone: '137****2222' })
    // the text with the citizen's phone masked, as everywhere this role reads it
    expect(body.items[0]!.subjectExcerpt).toBe(TEXT_SHOWN)
    expect(res.body).not.toContain(COMPLAINANT.name)
    expect(res.body).not.toContain(COMPLAINANT.phone)
    // the other department sees its own and not this one
    const other = (await get(s.otherStaff, '/api/v1/window/petitions')).json<{ total: number; items: { petitionNo: string; attachmentCount: number; subjectExcerpt: string }[] }>()
    expect(other.items.map((p) => [p.petitionNo, p.attachmentCount])).toEqual([[filed.zjj.petitionNo, 0]])
    // masked before it is cut: no half number stays readable
    expect(other.items[0]!.subjectExcerpt).toBe(`${Array.from(LONG.replace('13922223333', '139****3333')).slice(0, 80).join('')}…`)
    expect(other.items[0]!.subjectExcerpt).not.toContain('13922')
    expect(other.total).toBe(1)
    // filters
    expect((await get(s.staff, '/api/v1/window/petitions?status=replied')).json()).toEqual({ total: 0, items: [] })
    expect((await get(s.staff, '/api/v1/window/petitions?kind=complaint')).json<{ total: number }>().total).toBe(1)
    expect((await get(s.staff, '/api/v1/window/petitions?kind=consultation')).json<{ total: number }>().total).toBe(0)
  })

  it('refuses bad filters with a code and a bilingual message', async () => {
    for (const q of ['status=lost', 'kind=x', 'limit=0', 'limit=abc', 'other=1']) {
      const res = await get(s.staff, `/api/v1/window/petitions?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json(), q).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String), messageEn: expect.any(String) })
    }
  })

  it('opens one petition of the department with its text and images; another department gets 404', async () => {
    const url = `/api/v1/window/petitions/${filed.scjg.petitionNo}`
    const res = await get(s.staff, url)
    expect(res.statusCode, res.body).toBe(200)
    const p = res.json()
    expect(p).toMatchObject({
      petitionNo: filed.scjg.petitionNo,
      departmentCode: SCJG,
      channel: 'publicSite',
      petitionKind: 'complaint',
      status: 'received',
      subject: TEXT_SHOWN,
      citizen: { name: '上**娟', phone: '137****2222' },
      answer: null,
      mayAnswer: true,
    })
    expect(p.deadlineDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(p.attachments).toEqual([
      { n: 1, contentType: 'image/png', byteSize: PNG_1X1.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), createdAt: expect.any(String), url: `/api/v1/petitions/${filed.scjg.petitionNo}/attachments/1` },
    ])
    expect(res.body).not.toContain(COMPLAINANT.name)
    expect(res.body).not.toContain(COMPLAINANT.phone)
    // the department head of the same department sees it too
    expect((await get(s.head, url)).statusCode).toBe(200)
    // another department: exactly like a petition that does not exist
    const other = await get(s.otherStaff, url)
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await get(s.staff, '/api/v1/window/petitions/GZ-NO-SUCH')).json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await get(s.staff, `/api/v1/window/petitions/${filed.zjj.petitionNo}`)).statusCode).toBe(404)
    // not the approval module's roles
    expect((await get(s.sup, url)).statusCode).toBe(403)
    expect((await get(s.leader, url)).statusCode).toBe(403)
    expect((await get(null, url)).statusCode).toBe(401)
  })

  it('asking for the citizen unmasked is refused to department staff', async () => {
    const res = await get(s.staff, `/api/v1/petitions/${filed.scjg.petitionNo}?unmask=1`)
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ code: 'UNMASK_FORBIDDEN' })
  })

  it("the console's petition detail scrubs the text for masked readers and shows it whole to a supervisor who unmasks", async () => {
    const url = `/api/v1/petitions/${filed.scjg.petitionNo}`
    for (const who of [s.staff, s.sup]) {
      const res = await get(who, url)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json<{ state: { subject: string } }>().state.subject).toBe(TEXT_SHOWN)
      expect(res.body).not.toContain(COMPLAINANT.phone)
    }
    const unmasked = await get(s.sup, `${url}?unmask=1`)
    expect(unmasked.statusCode, unmasked.body).toBe(200)
    expect(unmasked.json<{ state: { subject: string } }>().state.subject).toBe(TEXT)
  })

  it("the department's view of an image is audited (pii.view, by whom, which image)", async () => {
    const before = Number((await h.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'pii.view'`)).rows[0]!.n)
    const img = await get(s.staff, `/api/v1/petitions/${filed.scjg.petitionNo}/attachments/1`)
    expect(img.statusCode).toBe(200)
    expect(img.headers['content-type']).toBe('image/png')
    expect(Array.from(img.rawPayload)).toEqual(Array.from(PNG_1X1))
    expect((await get(s.otherStaff, `/api/v1/petitions/${filed.scjg.petitionNo}/attachments/1`)).statusCode).toBe(404)
    const rows = (await h.db.pool.query<{ actor: { kind: string; id: string }; entity_id: string; after: { fields: string[] } }>(`SELECT actor, entity_id, after FROM audit_log WHERE action = 'pii.view' ORDER BY seq`)).rows
    expect(rows.length).toBe(before + 1)
    expect(rows.at(-1)).toMatchObject({ actor: { kind: 'user', id: staffId }, entity_id: filed.scjg.petitionNo, after: { fields: ['attachments/1'] } })
  })
})

describe('answering', () => {
  const answerUrl = () => `/api/v1/window/petitions/${filed.scjg.petitionNo}/answer`
  const events = async (petitionNo: string) =>
    (await h.db.pool.query<{ kind: string; source: string; body: { reply?: string; handler?: string } }>(`SELECT kind, source, body FROM events WHERE petition_no = $1 ORDER BY seq`, [petitionNo])).rows

  it('refuses bad input with a code and stores nothing', async () => {
    const cases: [unknown, string, number][] = [
      [{}, 'VALIDATION_FAILED', 400],
      [{ answer: '' }, 'VALIDATION_FAILED', 400],
      [{ answer: 'x'.repeat(5001) }, 'VALIDATION_FAILED', 400],
      [{ answer: 'ok', extra: 1 }, 'VALIDATION_FAILED', 400],
      [{ answer: 42 }, 'VALIDATION_FAILED', 400],
      [{ answer: '  \n ' }, 'BLANK_TEXT', 400],
    ]
    for (const [payload, code, status] of cases) {
      const res = await post(s.staff, answerUrl(), payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(status)
      expect(res.json(), JSON.stringify(payload)).toMatchObject({ code, message: expect.any(String), messageEn: expect.any(String) })
    }
    // without the CSRF token
    const noCsrf = await h.app.inject({ method: 'POST', url: answerUrl(), headers: { cookie: s.staff.cookie }, payload: { answer: 'ok' } })
    expect(noCsrf.json()).toMatchObject({ code: 'CSRF_FAILED' })
    expect((await events(filed.scjg.petitionNo)).map((e) => e.kind)).toEqual(['petition.received'])
  })

  it("another department cannot answer it (404) and a supervisor may not (403); nothing stored", async () => {
    const other = await post(s.otherStaff, answerUrl(), { answer: '不是我们的' })
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await post(s.sup, answerUrl(), { answer: '监察室代答' })).statusCode).toBe(403)
    expect((await post(s.staff, '/api/v1/window/petitions/GZ-NO-SUCH/answer', { answer: 'x' })).statusCode).toBe(404)
    expect((await events(filed.scjg.petitionNo)).map((e) => e.kind)).toEqual(['petition.received'])
  })

  it('answers: one petition.replied event from the window, an audit row; a second answer is refused', async () => {
    const answer = `${COMPLAINANT.name}您好：经核查，窗口已按公示清单收取材料，多收的材料已退还。如有疑问请致电 ${COMPLAINANT.phone} 回访。`
    const res = await post(s.staff, answerUrl(), { answer })
    expect(res.statusCode, res.body).toBe(201)
    const out = res.json<{ eventId: string; status: string; repliedAt: string }>()
    expect(out).toMatchObject({ petitionNo: filed.scjg.petitionNo, status: 'replied', eventId: expect.stringMatching(/^window-/) })
    const evs = await events(filed.scjg.petitionNo)
    expect(evs.map((e) => [e.kind, e.source])).toEqual([['petition.received', 'public-site'], ['petition.replied', 'window']])
    expect(evs[1]!.body).toEqual({ handler: '陈窗口', reply: answer })
    const audit = (await h.db.pool.query<{ actor: { id: string }; entity: string; entity_id: string; before: unknown; after: Record<string, unknown> }>(`SELECT actor, entity, entity_id, before, after FROM audit_log WHERE action = 'petition.window.replied'`)).rows
    expect(audit).toEqual([
      {
        actor: expect.objectContaining({ kind: 'user', id: staffId }),
        entity: 'petition',
        entity_id: filed.scjg.petitionNo,
        before: { status: 'received' },
        after: { status: 'replied', eventId: out.eventId, departmentCode: SCJG, handler: '陈窗口', answerLength: Array.from(answer).length },
      },
    ])
    expect(JSON.stringify(audit)).not.toContain(COMPLAINANT.phone)

    // shown at once (from the event), before and after the projection
    const now = (await get(s.staff, `/api/v1/window/petitions/${filed.scjg.petitionNo}`)).json()
    expect(now).toMatchObject({ mayAnswer: false, answer: { handler: '陈窗口', source: 'window' } })
    // shown to the department masked like the petition's text
    expect(now.answer.text).toBe(answer.replace(COMPLAINANT.name, '上**娟').replace(COMPLAINANT.phone, '137****2222'))
    const again = await post(s.head, answerUrl(), { answer: '再次答复' })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'PETITION_ALREADY_ANSWERED' })
    await h.waitProjected()
    const projected = (await get(s.staff, `/api/v1/window/petitions/${filed.scjg.petitionNo}`)).json()
    expect(projected).toMatchObject({ status: 'replied', mayAnswer: false })
    expect((await get(s.staff, '/api/v1/window/petitions?status=replied')).json<{ total: number }>().total).toBe(1)
    expect((await events(filed.scjg.petitionNo)).length).toBe(2)
  })

  it('the citizen reads the answer by tracking code (masked) and may rate it; the supervision office may publish it', async () => {
    const track = await h.app.inject({ method: 'POST', url: '/api/v1/public/complaints/track', payload: { code: filed.scjg.code } })
    expect(track.statusCode).toBe(200)
    const t = track.json<{ status: string; answer: string; mayRate: boolean }>()
    expect(t.status).toBe('replied')
    expect(t.mayRate).toBe(true)
    expect(t.answer).toContain('多收的材料已退还')
    expect(t.answer).not.toContain(COMPLAINANT.phone)
    expect(t.answer).not.toContain(COMPLAINANT.name)
    // the other complaint is still waiting
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/public/complaints/track', payload: { code: filed.zjj.code } })).json()).toMatchObject({ answer: null, mayRate: false })
    const candidates = await get(s.sup, '/api/v1/answers')
    expect(candidates.statusCode).toBe(200)
    expect(candidates.body).toContain(filed.scjg.petitionNo)
    expect(candidates.body).toContain('多收的材料已退还')
  })
})

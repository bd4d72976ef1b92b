/**
 * Announcements: a supervisor publishes (audited), the public reads the live ones, reads are
 * counted into the hot list, an expired one leaves the site by itself, phones and ID numbers in
 * the text are masked, bad input is a coded 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, createUser, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let sup: TestSession
let staff: TestSession

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {})
  sup = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'ann.sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
  staff = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'ann.staff', roles: ['department_staff'], departmentCode: '440204-SCJG' }))
}, 60_000)
afterAll(async () => {
  await h?.close()
})

const publish = (s: TestSession, payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/announcements', headers: s.headers, payload })
const list = async (q = '') => (await h.app.inject({ method: 'GET', url: `/api/v1/public/announcements${q}` })).json()

describe('announcements', () => {
  it('publish, read, count, expire', async () => {
    const a = await publish(sup, { column: 'notice', title: '关于十月行政审批按时办结情况的通报', body: '举报电话 13900001111；本月共办结 1,234 件。' })
    expect(a.statusCode, a.body).toBe(201)
    const id = a.json().id as string
    const soon = new Date(Date.now() + 1500).toISOString()
    const b = await publish(sup, { column: 'news', title: '监察动态：窗口作风专项检查', body: '检查了 12 个窗口。', expiresAt: soon })
    expect(b.statusCode).toBe(201)
    expect((await publish(staff, { column: 'news', title: 'x', body: 'y' })).statusCode).toBe(403)
    expect((await publish(sup, { column: 'gossip', title: 'x', body: 'y' })).statusCode).toBe(400)
    expect((await publish(sup, { column: 'news', title: 'x', body: 'y', expiresAt: '2020-01-01T00:00:00Z' })).json()).toMatchObject({ code: 'VALIDATION_FAILED' })

    const all = await list()
    expect(all.items.map((x: { title: string }) => x.title)).toEqual(['监察动态：窗口作风专项检查', '关于十月行政审批按时办结情况的通报'])
    expect((await list('?column=notice')).items).toHaveLength(1)

    const read = await h.app.inject({ method: 'GET', url: `/api/v1/public/announcements/${id}` })
    expect(read.json()).toMatchObject({ id, column: 'notice', readCount: 1 })
    expect(read.json().body).toContain('139****1111')
    expect(read.body).not.toContain('13900001111')
    expect((await list()).hot.map((x: { id: string; readCount: number }) => [x.id, x.readCount])).toEqual([[id, 1]])

    const audit = await h.db.pool.query(`SELECT action, entity_id FROM audit_log WHERE entity = 'announcement' ORDER BY seq`)
    expect(audit.rows.map((r) => r.action)).toEqual(['announcement.publish', 'announcement.publish'])

    await new Promise((r) => setTimeout(r, 1600))
    expect((await list()).items.map((x: { id: string }) => x.id)).toEqual([id])
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/public/announcements/${b.json().id}` })).statusCode).toBe(404)
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/public/announcements/abc' })).statusCode).toBe(400)
  })

  it('answers the list from memory, yet shows a scheduled one at its time, an edit at once, and revalidates by ETag', async () => {
    const soon = new Date(Date.now() + 4000).toISOString()
    const c = await publish(sup, { column: 'law', title: '《优化营商环境条例》解读', body: '条例全文与解读。', publishedAt: soon })
    expect(c.statusCode, c.body).toBe(201)
    const laws = async () => (await list('?column=law')).items.map((x: { id: string; readCount: number }) => [x.id, x.readCount])
    expect(await laws()).toEqual([])
    // from memory: a count changed behind the server's back (not in the data version) does not show…
    const live = await h.db.pool.query<{ id: string }>(`INSERT INTO announcements (column_key, title, body) VALUES ('law', '行政许可法', '全文') RETURNING id::text`)
    // the data version is trusted for a second, then read again while the last one still answers
    await expect.poll(laws, { timeout: 2000, interval: 100 }).toEqual([[live.rows[0]!.id, 0]])
    await h.db.pool.query(`UPDATE announcements SET read_count = 7 WHERE id = $1`, [live.rows[0]!.id])
    expect(await laws()).toEqual([[live.rows[0]!.id, 0]])
    // …but the scheduled one appears at its publication time, not a cache lifetime later
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now()) + 50))
    expect(await laws()).toEqual([[c.json().id, 0], [live.rows[0]!.id, 7]])

    // an edit through the API shows on the next read
    const edited = await h.app.inject({ method: 'PATCH', url: `/api/v1/announcements/${live.rows[0]!.id}`, headers: sup.headers, payload: { title: '中华人民共和国行政许可法' } })
    expect(edited.statusCode, edited.body).toBe(200)
    expect((await list('?column=law')).items.map((x: { title: string }) => x.title)).toContain('中华人民共和国行政许可法')

    // ETag and 304, and a Cache-Control no longer than the next change
    const first = await h.app.inject({ method: 'GET', url: '/api/v1/public/announcements?column=law' })
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(first.headers['cache-control']).toBe('public, max-age=60')
    const again = await h.app.inject({ method: 'GET', url: '/api/v1/public/announcements?column=law', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    const expiring = await publish(sup, { column: 'hot', title: '热点：办事材料清单', body: '清单。', expiresAt: new Date(Date.now() + 20_000).toISOString() })
    expect(expiring.statusCode).toBe(201)
    const maxAge = Number(/max-age=(\d+)/.exec(String((await h.app.inject({ method: 'GET', url: '/api/v1/public/announcements?column=hot' })).headers['cache-control']))![1])
    expect(maxAge).toBeGreaterThanOrEqual(18)
    expect(maxAge).toBeLessThanOrEqual(20)
  })
})

/**
 * The notification outbox against a real PostgreSQL, a real SMTP server and a local HTTP SMS
 * gateway: delivery, retries with backoff, quiet hours holding non-urgent SMS until 08:00,
 * failure after the last attempt, skipped channels, and the delivery status left on each row.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { createUser, seedReference, DEPTS } from '../../test/harness.ts'
import { startSmtpSink, type SmtpSink } from '../../test/sinks/smtp.ts'
import { startHttpSink, type HttpSink } from '../../test/sinks/http.ts'
import { createChannels, deliverDue, type NotifyChannels, type NotifyOptions } from '../notify.ts'

let db: TestDatabase
let smtp: SmtpSink
let gateway: HttpSink
let channels: NotifyChannels
let opts: NotifyOptions
let userId: string

// A day in the future (rows are due from their creation, now()): Shanghai 10:00 and 22:00.
const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
const at = (hhmm: string, plusDays = 0) => Date.parse(`${day}T${hhmm}:00+08:00`) + plusDays * 86_400_000

interface OutboxRow { id: string; channel: string; status: string; attempts: number; next_attempt_at: Date; last_error: string | null; sent_at: Date | null }
const rows = async (key: string) =>
  (await db.pool.query<OutboxRow>(`SELECT id::text, channel, status, attempts, next_attempt_at, last_error, sent_at FROM notification_outbox WHERE dedupe_key LIKE $1 || ':%' ORDER BY channel`, [key])).rows
const byChannel = async (key: string, channel: string) => (await rows(key)).find((r) => r.channel === channel)!

const enqueue = (key: string, event: string, params: Record<string, unknown>, urgent = false, user = userId) =>
  db.pool.query<{ n: number }>('SELECT notify_enqueue($1::jsonb) AS n', [JSON.stringify([{ userId: user, event, subject: 'order', subjectNo: '1', params, urgent, key }])])

beforeAll(async () => {
  db = await createTestDatabase('notify')
  await seedReference(db.pool)
  const u = await createUser(db.pool, { login: 'nt-staff', roles: ['department_staff'], departmentCode: DEPTS[0], displayName: '李四' })
  userId = u.id
  await db.pool.query(`UPDATE users SET email = 'lisi@zj.example.cn', phone = '13800005678' WHERE id = $1`, [userId])
  smtp = await startSmtpSink()
  gateway = await startHttpSink()
  opts = { smtpUrl: smtp.url, smsGatewayUrl: gateway.url, smsGatewayAuth: 'Bearer test-token', zone: 'Asia/Shanghai' }
  channels = createChannels(opts, null)
})
afterAll(async () => {
  channels.close()
  await smtp.close()
  await gateway.close()
  await db.drop()
})
beforeEach(async () => {
  // each test starts with an empty queue (rows of earlier tests are settled or pushed far out)
  await db.pool.query(`UPDATE notification_outbox SET status = 'failed' WHERE status IN ('pending', 'held', 'sending')`)
  gateway.failNext = []
})

describe('notification outbox', () => {
  it('queues one row per channel the user has an address for, once per key', async () => {
    expect((await enqueue('k-once', 'order.issued', { orderNo: 'DB-000001' })).rows[0]!.n).toBe(3)
    expect((await enqueue('k-once', 'order.issued', { orderNo: 'DB-000001' })).rows[0]!.n).toBe(0)
    const other = await createUser(db.pool, { login: 'nt-noaddr', roles: ['department_staff'], departmentCode: DEPTS[0] })
    expect((await enqueue('k-noaddr', 'order.issued', {}, false, other.id)).rows[0]!.n).toBe(1) // in-app only
  })

  it('delivers in-app, e-mail and SMS in the daytime and records them sent', async () => {
    await enqueue('k-day', 'order.issued', { orderNo: 'DB-000042', orderId: 42, departmentCode: DEPTS[0], actor: '王监察', body: '请于三日内整改', dueDate: '2026-12-04' })
    const r = await deliverDue(db.pool, channels, opts, at('10:00'))
    expect(r).toMatchObject({ claimed: 3, sent: 3, held: 0 })
    for (const row of await rows('k-day')) expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null })

    const inbox = (await db.pool.query(`SELECT title, body, link, read_at FROM notifications WHERE user_id = $1 AND title LIKE '%DB-000042%'`, [userId])).rows
    expect(inbox).toEqual([{ title: '【督办】DB-000042 请于 2026-12-04 前办理', body: expect.stringContaining('请于三日内整改'), link: '/window/orders/42', read_at: null }])

    const mail = await smtp.waitFor((m) => m.subject.includes('DB-000042'))
    expect(mail.to).toEqual(['lisi@zj.example.cn'])
    expect(mail.subject).toBe('【督办】DB-000042 请于 2026-12-04 前办理 · 行政审批电子监察')
    expect(mail.text).toContain('王监察 向 440204-SCJG 发出督办 DB-000042：请于三日内整改')

    const sms = gateway.requests.find((q) => q.body.includes('DB-000042'))!
    expect(sms.headers.authorization).toBe('Bearer test-token')
    const body = JSON.parse(sms.body) as { mobile: string; content: string }
    expect(body.mobile).toBe('13800005678')
    expect(body.content.startsWith('【电子监察】【督办】DB-000042')).toBe(true)
  })

  it('retries a failing gateway with growing backoff, keeps the error without the number, then sends', async () => {
    await enqueue('k-retry', 'order.replied', { orderNo: 'DB-000043', actor: 'x', body: 'y' })
    gateway.failNext = [503, 502]
    const t0 = at('10:00')
    await deliverDue(db.pool, channels, opts, t0)
    let sms = await byChannel('k-retry', 'sms')
    expect(sms).toMatchObject({ status: 'pending', attempts: 1 })
    expect(sms.next_attempt_at.getTime()).toBe(t0 + 10_000)
    expect(sms.last_error).toContain('HTTP 503')

    expect((await deliverDue(db.pool, channels, opts, t0 + 9_000)).claimed).toBe(0) // not yet due
    await deliverDue(db.pool, channels, opts, t0 + 10_000)
    sms = await byChannel('k-retry', 'sms')
    expect(sms).toMatchObject({ status: 'pending', attempts: 2 })
    expect(sms.next_attempt_at.getTime()).toBe(t0 + 10_000 + 40_000)
    expect(sms.last_error).toContain('HTTP 502')

    await deliverDue(db.pool, channels, opts, t0 + 50_000)
    sms = await byChannel('k-retry', 'sms')
    expect(sms).toMatchObject({ status: 'sent', attempts: 3, last_error: null })
    expect(gateway.requests.filter((q) => q.body.includes('DB-000043')).map((q) => q.status)).toEqual([503, 502, 200])
  })

  it('gives up after the last attempt and marks the delivery failed', async () => {
    const o = { ...opts, retry: { baseMs: 1000, factor: 2, maxMs: 10_000, maxAttempts: 2 } }
    await enqueue('k-fail', 'order.replied', { orderNo: 'DB-000044', actor: 'x', body: 'y' })
    gateway.failNext = [500, 500, 500]
    const t0 = at('11:00')
    await deliverDue(db.pool, channels, o, t0)
    expect(await byChannel('k-fail', 'sms')).toMatchObject({ status: 'pending', attempts: 1 })
    await deliverDue(db.pool, channels, o, t0 + 1000)
    const sms = await byChannel('k-fail', 'sms')
    expect(sms).toMatchObject({ status: 'failed', attempts: 2 })
    expect(sms.last_error).not.toContain('13800005678')
    expect((await deliverDue(db.pool, channels, o, t0 + 3_600_000)).claimed).toBe(0)
  })

  it('holds a non-urgent SMS in quiet hours until 08:00 local, but sends e-mail, in-app and urgent SMS at once', async () => {
    await enqueue('k-quiet', 'order.replied', { orderNo: 'DB-000045', actor: 'x', body: 'y' })
    await enqueue('k-urgent', 'order.overdue', { orderNo: 'DB-000046', color: 'red', reason: '严重超期' }, true)
    const before = gateway.requests.length
    const r = await deliverDue(db.pool, channels, opts, at('22:00'))
    expect(r).toMatchObject({ held: 1 })
    const held = await byChannel('k-quiet', 'sms')
    expect(held).toMatchObject({ status: 'held', attempts: 0 })
    expect(held.next_attempt_at.getTime()).toBe(at('08:00', 1))
    expect(await byChannel('k-quiet', 'email')).toMatchObject({ status: 'sent' })
    expect(await byChannel('k-urgent', 'sms')).toMatchObject({ status: 'sent' })
    expect(gateway.requests.slice(before).map((q) => JSON.parse(q.body).content as string).some((c) => c.includes('DB-000046'))).toBe(true)
    expect(gateway.requests.slice(before).some((q) => q.body.includes('DB-000045'))).toBe(false)

    expect((await deliverDue(db.pool, channels, opts, at('07:59', 1))).claimed).toBe(0)
    await deliverDue(db.pool, channels, opts, at('08:00', 1))
    expect(await byChannel('k-quiet', 'sms')).toMatchObject({ status: 'sent', attempts: 1 })
    expect(gateway.requests.some((q) => q.body.includes('DB-000045'))).toBe(true)
  })

  it('marks channels that are not configured as skipped instead of retrying them', async () => {
    const inappOnly = createChannels({}, null)
    await enqueue('k-skip', 'order.replied', { orderNo: 'DB-000047', actor: 'x', body: 'y' })
    await deliverDue(db.pool, inappOnly, {}, at('10:00'))
    const r = await rows('k-skip')
    expect(r.map((x) => [x.channel, x.status])).toEqual([['email', 'skipped'], ['inapp', 'sent'], ['sms', 'skipped']])
    expect(r.find((x) => x.channel === 'email')!.last_error).toContain('SMTP_URL')
  })

  it('re-delivers a row whose worker died mid-send once its lease has expired', async () => {
    await enqueue('k-lease', 'order.replied', { orderNo: 'DB-000048', actor: 'x', body: 'y' })
    const t0 = at('10:00')
    // a worker claims and dies: the rows stay 'sending' with a lease
    await db.pool.query(`UPDATE notification_outbox SET status = 'sending', attempts = 1, next_attempt_at = $2 WHERE dedupe_key LIKE $1 || ':%'`, ['k-lease', new Date(t0 + 60_000)])
    expect((await deliverDue(db.pool, channels, opts, t0 + 30_000)).claimed).toBe(0)
    const r = await deliverDue(db.pool, channels, opts, t0 + 60_000)
    expect(r.sent).toBe(3)
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM notifications WHERE title LIKE '%DB-000048%'`)).rows[0].n).toBe(1)
  })
})


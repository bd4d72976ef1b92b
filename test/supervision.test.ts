/**
 * Urging and supervision orders end to end on the real stack (PostgreSQL, Redis, BullMQ worker,
 * SMTP sink, HTTP SMS sink, socket.io): the chain urge → order → appeal → instruction →
 * conclusion across supervisor, department staff and leader; immutability of every step; the
 * audit trail; department scoping; the order clock going warning / yellow / red through the sweep
 * with its cards; and the card trigger notifying the responsible person and the department head.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from './harness.ts'
import { startSmtpSink, type SmtpSink } from './sinks/smtp.ts'
import { startHttpSink, type HttpSink } from './sinks/http.ts'
import { TOPICS } from '../domain/realtime/topics.ts'
import type { InAppNotification } from '../domain/realtime/notification.ts'
import { sweepOrders } from '../workers/sweep-orders.ts'
import { orderLevelAt } from '../domain/supervision/orderLevelAt.ts'
import { caseLifecycle } from '../domain/events/fixtures.ts'
import { projectCases } from '../workers/project.ts'
import { createContextProvider } from '../sql/clockContext.ts'

let h: Harness
let smtp: SmtpSink
let gateway: HttpSink
let base: string
const sockets: Socket[] = []
const ids: Record<string, string> = {}
const s: Record<string, TestSession> = {}

const post = (url: string, who: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: s[who]!.headers, payload: payload as string })
const get = (url: string, who: string) => h.app.inject({ method: 'GET', url, headers: s[who]!.headers })
const until = async <T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> => {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  smtp = await startSmtpSink()
  gateway = await startHttpSink()
  h = await createHarness({ withWorkers: false, security: { cookieSecure: false } })
  // quiet hours switched off here (start = end): the outbox test pins them at fixed instants
  await h.startWorkers({ notify: { smtpUrl: smtp.url, smsGatewayUrl: gateway.url, everyMs: 200, quietHours: { startMinute: 0, endMinute: 0 } } })
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = h.app.server.address()
  if (!addr || typeof addr === 'string') throw new Error('no address')
  base = `http://127.0.0.1:${addr.port}`
  const users = [
    { login: 'sv-sup', roles: ['supervisor'] as const, jurisdictionCode: JURISDICTION, displayName: '王监察', email: 'wang@jc.example.cn' },
    { login: 'sv-staff', roles: ['department_staff'] as const, departmentCode: DEPTS[0], displayName: '李四', email: 'lisi@scjg.example.cn', phone: '13800005678' },
    { login: 'sv-head', roles: ['department_head'] as const, departmentCode: DEPTS[0], displayName: '周局长', email: 'zhou@scjg.example.cn' },
    { login: 'sv-other', roles: ['department_staff'] as const, departmentCode: DEPTS[1], displayName: '吴五' },
    { login: 'sv-leader', roles: ['leader'] as const, jurisdictionCode: JURISDICTION, displayName: '陈区长', email: 'chen@gov.example.cn' },
  ]
  for (const u of users) {
    const created = await createUser(h.db.pool, { login: u.login, roles: [...u.roles], departmentCode: u.departmentCode ?? null, jurisdictionCode: u.jurisdictionCode ?? null, displayName: u.displayName })
    ids[u.login] = created.id
    await h.db.pool.query('UPDATE users SET email = $2, phone = $3 WHERE id = $1', [created.id, u.email ?? null, u.phone ?? null])
    s[u.login] = await login(h.app, u.login)
  }
})
afterAll(async () => {
  for (const so of sockets) so.disconnect()
  await h.close()
  await smtp.close()
  await gateway.close()
})

const inbox = async (who: string) => (await get('/api/v1/notifications', who)).json<{ unread: number; items: InAppNotification[] }>()

describe('the supervision chain', () => {
  let urgingId: string
  let orderId: string

  it('urges a department; the staff see it, get it in-app and by e-mail and SMS, and reply; the supervisor sees the reply', async () => {
    const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie: s['sv-staff']!.cookie }, reconnection: false })
    sockets.push(socket)
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject) })
    const live = new Promise<InAppNotification>((resolve) => socket.on(TOPICS.notificationNew, (n: InAppNotification) => { if (n.event === 'urging.created') resolve(n) }))

    expect((await post('/api/v1/urgings', 'sv-staff', { departmentCode: DEPTS[0], message: '请加快', recipientIds: [ids['sv-staff']] })).statusCode).toBe(403)
    expect((await post('/api/v1/urgings', 'sv-sup', { departmentCode: DEPTS[0], message: '请加快', recipientIds: [ids['sv-other']] })).json()).toMatchObject({ code: 'NOT_DEPARTMENT_MEMBER' })
    const res = await post('/api/v1/urgings', 'sv-sup', { departmentCode: DEPTS[0], message: '本周积压办件较多，请加快办理', recipientIds: [ids['sv-staff']] })
    expect(res.statusCode).toBe(201)
    urgingId = res.json<{ id: string }>().id

    const pushed = await live
    expect(pushed).toMatchObject({ v: 1, event: 'urging.created', subject: 'urging', subjectNo: urgingId, title: `【催办】${DEPTS[0]}`, readAt: null })
    const mail = await smtp.waitFor((m) => m.to.includes('lisi@scjg.example.cn') && m.subject.startsWith('【催办】'))
    expect(mail.text).toContain('王监察 催办部门 440204-SCJG：本周积压办件较多，请加快办理')
    await until(async () => gateway.requests.find((q) => q.body.includes('13800005678') && q.body.includes('催办')), 'SMS to the staff')

    expect((await get('/api/v1/urgings', 'sv-staff')).json()).toMatchObject({ total: 1, items: [{ id: urgingId, replyCount: 0 }] })
    expect((await get('/api/v1/urgings', 'sv-other')).json()).toMatchObject({ total: 0 })
    expect((await get(`/api/v1/urgings/${urgingId}`, 'sv-other')).statusCode).toBe(404)
    expect((await post(`/api/v1/urgings/${urgingId}/replies`, 'sv-other', { body: '不是我们' })).statusCode).toBe(404)
    expect((await post(`/api/v1/urgings/${urgingId}/replies`, 'sv-staff', { body: '   ' })).json()).toMatchObject({ code: 'BLANK_TEXT' })
    expect((await post(`/api/v1/urgings/${urgingId}/replies`, 'sv-staff', { body: '已安排专人加班处理' })).statusCode).toBe(201)

    const detail = (await get(`/api/v1/urgings/${urgingId}`, 'sv-sup')).json<{ replies: { body: string; repliedByName: string }[]; deliveries: { channel: string; status: string; userName: string }[] }>()
    expect(detail.replies).toEqual([expect.objectContaining({ body: '已安排专人加班处理', repliedByName: '李四' })])
    await until(async () => (await inbox('sv-sup')).items.find((n) => n.event === 'urging.replied'), 'reply notification to the supervisor')
    const deliveries = (await get(`/api/v1/urgings/${urgingId}`, 'sv-sup')).json<typeof detail>().deliveries
    expect(deliveries.filter((d) => d.userName === '李四').map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'inapp:sent', 'sms:sent'])
  })

  it('issues an order with a due date on the working-day calendar; the responsible person is notified', async () => {
    const bad = await post('/api/v1/orders', 'sv-sup', { departmentCode: DEPTS[0], responsibleUserId: ids['sv-other'], opinion: '限期整改', dueInWorkingDays: 3 })
    expect(bad.json()).toMatchObject({ code: 'NOT_DEPARTMENT_MEMBER' })
    expect((await post('/api/v1/orders', 'sv-sup', { departmentCode: DEPTS[0], responsibleUserId: ids['sv-staff'], opinion: '限期整改', dueInWorkingDays: 0 })).statusCode).toBe(400)
    expect((await post('/api/v1/orders', 'sv-staff', { departmentCode: DEPTS[0], responsibleUserId: ids['sv-staff'], opinion: '限期整改', dueInWorkingDays: 3 })).statusCode).toBe(403)

    const res = await post('/api/v1/orders', 'sv-sup', { departmentCode: DEPTS[0], responsibleUserId: ids['sv-staff'], opinion: '积压办件限期清理完毕并书面报告', dueInWorkingDays: 3, urgingId })
    expect(res.statusCode).toBe(201)
    const order = res.json<{ id: string; orderNo: string; state: string; level: string; dueDate: string }>()
    orderId = order.id
    expect(order).toMatchObject({ state: 'issued', level: 'normal', orderNo: `DB-${orderId.padStart(6, '0')}` })
    expect(order.dueDate > new Date().toISOString().slice(0, 10)).toBe(true)

    const n = await until(async () => (await inbox('sv-staff')).items.find((x) => x.event === 'order.issued'), 'order notification')
    expect(n.title).toBe(`【督办】${order.orderNo} 请于 ${order.dueDate} 前办理`)
    expect(n.link).toBe(`/window/orders/${orderId}`)
    await smtp.waitFor((m) => m.to.includes('lisi@scjg.example.cn') && m.subject.includes(order.orderNo))
  })

  it('scopes orders: staff of another department neither see nor answer them', async () => {
    expect((await get('/api/v1/orders', 'sv-other')).json()).toMatchObject({ total: 0, items: [] })
    expect((await get(`/api/v1/orders/${orderId}`, 'sv-other')).statusCode).toBe(404)
    expect((await post(`/api/v1/orders/${orderId}/appeal`, 'sv-other', { body: '申诉' })).statusCode).toBe(404)
    expect((await get('/api/v1/orders', 'sv-staff')).json()).toMatchObject({ total: 1, items: [{ id: orderId, responsibleName: '李四' }] })
    expect((await get('/api/v1/notifications/deliveries?subject=order&subjectNo=' + orderId, 'sv-other')).json()).toEqual([])
  })

  it('the department appeals; the leader sees it awaiting instruction and records one; the supervisor concludes', async () => {
    expect((await post(`/api/v1/orders/${orderId}/conclusion`, 'sv-sup', { body: '结束' })).json()).toMatchObject({ code: 'ORDER_TRANSITION' })
    expect((await post(`/api/v1/orders/${orderId}/instruction`, 'sv-leader', { body: '同意' })).json()).toMatchObject({ code: 'ORDER_TRANSITION' })
    expect((await post(`/api/v1/orders/${orderId}/reply`, 'sv-sup', { body: '代答' })).statusCode).toBe(403)

    expect((await post(`/api/v1/orders/${orderId}/appeal`, 'sv-staff', { body: '积压系因省平台接口故障三天，非我局原因' })).statusCode).toBe(201)
    expect((await post(`/api/v1/orders/${orderId}/appeal`, 'sv-staff', { body: '再次申诉' })).json()).toMatchObject({ code: 'ORDER_TRANSITION' })
    expect((await post(`/api/v1/orders/${orderId}/reply`, 'sv-staff', { body: '回复' })).json()).toMatchObject({ code: 'ORDER_TRANSITION' })

    const awaiting = (await get('/api/v1/orders?awaiting=instruction', 'sv-leader')).json<{ items: { id: string; state: string }[] }>()
    expect(awaiting.items).toEqual([expect.objectContaining({ id: orderId, state: 'appealed' })])
    const n = await until(async () => (await inbox('sv-leader')).items.find((x) => x.event === 'order.appealed'), 'appeal notification to the leader')
    expect(n.body).toContain('积压系因省平台接口故障三天')
    await smtp.waitFor((m) => m.to.includes('chen@gov.example.cn') && m.subject.startsWith('【申诉待批示】'))

    expect((await post(`/api/v1/orders/${orderId}/instruction`, 'sv-leader', { body: '情况属实，延期两日，由市场监管局说明情况' })).statusCode).toBe(201)
    expect((await get('/api/v1/orders?awaiting=instruction', 'sv-leader')).json()).toMatchObject({ total: 0 })
    expect((await post(`/api/v1/orders/${orderId}/reply`, 'sv-staff', { body: '已清理完毕，报告附后' })).statusCode).toBe(201)
    expect((await post(`/api/v1/orders/${orderId}/conclusion`, 'sv-sup', { body: '整改到位，督办办结' })).statusCode).toBe(201)
    expect((await post(`/api/v1/orders/${orderId}/reply`, 'sv-staff', { body: '补充' })).json()).toMatchObject({ code: 'ORDER_TRANSITION' })

    const d = (await get(`/api/v1/orders/${orderId}`, 'sv-sup')).json<{ state: string; steps: { seq: number; kind: string; actorName: string; actorRole: string; fromState: string | null; toState: string }[] }>()
    expect(d.state).toBe('concluded')
    expect(d.steps.map((x) => [x.seq, x.kind, x.actorName, x.actorRole, x.fromState, x.toState])).toEqual([
      [1, 'issued', '王监察', 'supervisor', null, 'issued'],
      [2, 'appealed', '李四', 'department_staff', 'issued', 'appealed'],
      [3, 'instructed', '陈区长', 'leader', 'appealed', 'instructed'],
      [4, 'replied', '李四', 'department_staff', 'instructed', 'replied'],
      [5, 'concluded', '王监察', 'supervisor', 'replied', 'concluded'],
    ])
    await until(async () => (await inbox('sv-staff')).items.find((x) => x.event === 'order.concluded'), 'conclusion notification')
  })

  it('keeps every step immutable and audited', async () => {
    await expect(h.db.pool.query('UPDATE supervision_order_steps SET body = $1 WHERE order_id = $2', ['改写', orderId])).rejects.toThrow(/append-only/)
    await expect(h.db.pool.query('DELETE FROM supervision_order_steps WHERE order_id = $1', [orderId])).rejects.toThrow(/append-only/)
    await expect(h.db.pool.query('UPDATE supervision_orders SET opinion = $1 WHERE id = $2', ['改写', orderId])).rejects.toThrow(/fixed/)
    await expect(h.db.pool.query(`UPDATE supervision_orders SET state = 'issued' WHERE id = $1`, [orderId])).rejects.toThrow(/stays concluded/)
    await expect(h.db.pool.query('UPDATE urging_replies SET body = $1', ['改写'])).rejects.toThrow(/append-only/)
    const audit = (await h.db.pool.query<{ action: string; name: string }>(`SELECT action, actor ->> 'name' AS name FROM audit_log WHERE entity IN ('supervision_order', 'urging') ORDER BY seq`)).rows
    expect(audit.map((a) => `${a.action}:${a.name}`)).toEqual([
      'urging.create:sv-sup', 'urging.reply:sv-staff', 'order.issue:sv-sup', 'order.appealed:sv-staff', 'order.instructed:sv-leader', 'order.replied:sv-staff', 'order.concluded:sv-sup',
    ])
  })

  it('marks notifications read (mine only)', async () => {
    const mine = await inbox('sv-staff')
    expect(mine.unread).toBeGreaterThanOrEqual(3)
    const first = mine.items[0]!
    expect((await post('/api/v1/notifications/read', 'sv-leader', { ids: [first.id] })).json()).toMatchObject({ marked: 0 })
    expect((await post('/api/v1/notifications/read', 'sv-staff', { ids: [first.id] })).json()).toEqual({ marked: 1, unread: mine.unread - 1 })
    expect((await post('/api/v1/notifications/read', 'sv-staff', {})).json()).toEqual({ marked: mine.unread - 1, unread: 0 })
    expect((await inbox('sv-staff')).items.every((n) => n.readAt !== null)).toBe(true)
  })
})

describe('orders on the clock', () => {
  it('go warning, yellow and red through the sweep, with cards that notify the responsible person and the head (red: urgent)', async () => {
    const res = await post('/api/v1/orders', 'sv-sup', { departmentCode: DEPTS[0], responsibleUserId: ids['sv-staff'], opinion: '限期答复群众投诉', dueInWorkingDays: 2 })
    const o = res.json<{ id: string; dueDate: string; warningFrom: string; yellowFrom: string; redFrom: string }>()
    const noon = (d: string) => Date.parse(`${d}T12:00:00+08:00`)

    expect(await sweepOrders(h.db.pool, noon(o.warningFrom))).toMatchObject({ moved: 1, changed: 1, cards: 0 })
    expect((await get(`/api/v1/orders/${o.id}`, 'sv-sup')).json()).toMatchObject({ level: 'warning' })
    await until(async () => (await inbox('sv-staff')).items.find((x) => x.event === 'order.warning' && x.subjectNo === o.id), 'order warning')
    expect(await sweepOrders(h.db.pool, noon(o.warningFrom))).toMatchObject({ moved: 0 })

    expect(await sweepOrders(h.db.pool, noon(o.redFrom))).toMatchObject({ moved: 1, changed: 1, cards: 2 })
    const d = (await get(`/api/v1/orders/${o.id}`, 'sv-sup')).json<{ level: string; cards: { color: string; reason: string }[]; levelChanges: { fromLevel: string; toLevel: string }[] }>()
    expect(d.level).toBe('red')
    expect(d.cards.map((c) => c.color)).toEqual(['yellow', 'red'])
    expect(d.levelChanges.map((l) => `${l.fromLevel}→${l.toLevel}`)).toEqual(['normal→warning', 'warning→red'])

    const overdue = (await h.db.pool.query<{ user_id: string; channel: string; urgent: boolean; color: string }>(
      `SELECT user_id::text, channel, urgent, params ->> 'color' AS color FROM notification_outbox WHERE event = 'order.overdue' AND subject_no = $1 ORDER BY 1, 2, 4`, [o.id])).rows
    const who = (id: string) => Object.keys(ids).find((k) => ids[k] === id)
    expect(new Set(overdue.map((r) => who(r.user_id)))).toEqual(new Set(['sv-staff', 'sv-head']))
    expect(overdue.filter((r) => r.color === 'red').every((r) => r.urgent)).toBe(true)
    await smtp.waitFor((m) => m.to.includes('zhou@scjg.example.cn') && m.subject.includes('督办超期·红牌'))

    // an answered order's clock stops: no further level changes
    const o2 = (await post('/api/v1/orders', 'sv-sup', { departmentCode: DEPTS[0], responsibleUserId: ids['sv-staff'], opinion: '说明情况', dueInWorkingDays: 1 })).json<{ id: string; redFrom: string }>()
    await post(`/api/v1/orders/${o2.id}/reply`, 'sv-staff', { body: '已说明' })
    await sweepOrders(h.db.pool, noon(o2.redFrom))
    expect((await get(`/api/v1/orders/${o2.id}`, 'sv-sup')).json()).toMatchObject({ level: 'normal', levelChanges: [] })
  })

  it('the order sweep agrees with orderLevelAt on every day from issue to past the red day', async () => {
    const o = (await post('/api/v1/orders', 'sv-sup', { departmentCode: DEPTS[1], responsibleUserId: ids['sv-other'], opinion: '逐日核对', dueInWorkingDays: 4 })).json<{ id: string; warningFrom: string; yellowFrom: string; redFrom: string }>()
    const start = Date.now()
    for (let d = 0; d <= 20; d++) {
      const at = start + d * 86_400_000
      await sweepOrders(h.db.pool, at)
      const { level } = (await h.db.pool.query<{ level: string }>('SELECT level FROM supervision_orders WHERE id = $1', [o.id])).rows[0]!
      const want = orderLevelAt({ state: 'issued', level: 'normal', warningFrom: o.warningFrom, yellowFrom: o.yellowFrom, redFrom: o.redFrom }, at, 'Asia/Shanghai')!.level
      expect(level, new Date(at).toISOString()).toBe(want)
    }
    expect((await h.db.pool.query('SELECT to_level FROM level_changes WHERE subject = $1 AND subject_no = $2 ORDER BY id', ['order', o.id])).rows.map((r) => r.to_level)).toEqual(['warning', 'yellow', 'red'])
  })

  it('a manual red card on a case notifies the case handler and the department head (and, in-app, the leaders in scope), with delivery status per card', async () => {
    const events = caseLifecycle('SV-CASE-1', DEPTS[0], Date.parse('2026-11-02T02:00:00Z')).slice(0, 2) // handler 李四
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })).statusCode).toBe(202)
    await projectCases(h.db.pool, ['SV-CASE-1'], { context: createContextProvider(h.db.pool) })
    const card = (await post('/api/v1/cards', 'sv-sup', { subject: 'case', subjectNo: 'SV-CASE-1', color: 'red', reason: '超时未受理且无正当理由' })).json<{ id: string }>()
    const deliveries = await until(async () => {
      const r = (await get(`/api/v1/notifications/deliveries?cardId=${card.id}`, 'sv-sup')).json<{ userName: string; channel: string; status: string; event: string }[]>()
      return r.length > 0 && r.every((x) => x.status === 'sent') && r
    }, 'card deliveries sent')
    // the leader whose scope holds the department (陈区长, a district leader) is told of a red card
    // in-app only (migration 170, for the leaders' mobile inbox); e-mail and SMS stay with the
    // responsible person and the department head
    expect(deliveries.map((x) => `${x.userName}:${x.channel}`).sort()).toEqual(['周局长:email', '周局长:inapp', '李四:email', '李四:inapp', '李四:sms', '陈区长:inapp'])
    expect(deliveries.every((x) => x.event === 'card.issued')).toBe(true)
    expect((await get(`/api/v1/notifications/deliveries?cardId=${card.id}`, 'sv-other')).json()).toEqual([])
    // (the case is long overdue, so the projection has issued automatic cards too: pick the manual one)
    const mail = await smtp.waitFor((m) => m.to.includes('zhou@scjg.example.cn') && m.subject.startsWith('【红牌】办件 SV-CASE-1') && m.text.includes('人工'))
    expect(mail.text).toContain('被人工出具红牌：超时未受理且无正当理由')

    // the projection's automatic cards on the same case notified the same people (the trigger is on `cards`)
    const auto = (await h.db.pool.query<{ user_id: string }>(
      `SELECT DISTINCT n.user_id::text FROM notification_outbox n JOIN cards c ON c.id = n.card_id WHERE c.subject_no = 'SV-CASE-1' AND c.issued_by = 'system'`)).rows.map((r) => r.user_id)
    // (and the district leader, in-app, for the automatic red card: migration 170)
    expect(auto.sort()).toEqual([ids['sv-staff'], ids['sv-head'], ids['sv-leader']].sort())
    const leaderRows = (await h.db.pool.query<{ channel: string; color: string }>(
      `SELECT DISTINCT n.channel, c.color FROM notification_outbox n JOIN cards c ON c.id = n.card_id WHERE c.subject_no = 'SV-CASE-1' AND n.user_id = $1`, [ids['sv-leader']])).rows
    expect(leaderRows).toEqual([{ channel: 'inapp', color: 'red' }])

    // a case entering warning notifies its handler (not the head)
    await h.db.pool.query(`INSERT INTO level_changes (subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation)
                           VALUES ('case', 'SV-CASE-1', $1, 'normal', 'warning', now(), 'sweep', '{}')`, [DEPTS[0]])
    const warned = (await h.db.pool.query<{ user_id: string; channel: string }>(`SELECT user_id::text, channel FROM notification_outbox WHERE event = 'case.warning' AND subject_no = 'SV-CASE-1' ORDER BY channel`)).rows
    expect(warned).toEqual([{ user_id: ids['sv-staff'], channel: 'email' }, { user_id: ids['sv-staff'], channel: 'inapp' }, { user_id: ids['sv-staff'], channel: 'sms' }])
  })
})

/** The notification events the outbox knows (written by the triggers in sql/migrations/071.notifications.sql). */
export const NOTIFICATION_EVENTS = [
  'card.issued', 'case.warning',
  'order.issued', 'order.replied', 'order.appealed', 'order.instructed', 'order.concluded', 'order.warning', 'order.overdue',
  'urging.created', 'urging.replied',
] as const
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]

/** A rendered notification: in-app title and body, e-mail subject and text, SMS text, a dashboard link. */
export interface RenderedNotification {
  title: string
  body: string
  emailSubject: string
  emailText: string
  sms: string
  link: string | null
}

type Params = Readonly<Record<string, unknown>>
const s = (p: Params, k: string): string => {
  const v = p[k]
  return v === null || v === undefined ? '' : String(v)
}
const COLOR: Record<string, string> = { yellow: '黄牌', red: '红牌' }
const clip = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t)

const TEMPLATES: Record<NotificationEvent, (p: Params) => { title: string; body: string; link: string | null }> = {
  'card.issued': (p) => ({
    title: `【${COLOR[s(p, 'color')] ?? '亮牌'}】办件 ${s(p, 'subjectNo')}`,
    body: `${s(p, 'departmentCode')} 的办件 ${s(p, 'subjectNo')} 被${s(p, 'manual') === 'true' ? '人工' : '自动'}出具${COLOR[s(p, 'color')] ?? ''}：${s(p, 'reason')}。请尽快处理。`,
    link: '/window',
  }),
  'case.warning': (p) => ({
    title: `【预警】办件 ${s(p, 'subjectNo')} 今日到期`,
    body: `您承办的办件 ${s(p, 'subjectNo')} 时限截止 ${s(p, 'deadlineDate')}，已进入预警，请按时办结。`,
    link: '/window',
  }),
  'order.issued': (p) => ({
    title: `【督办】${s(p, 'orderNo')} 请于 ${s(p, 'dueDate')} 前办理`,
    body: `${s(p, 'actor')} 向 ${s(p, 'departmentCode')} 发出督办 ${s(p, 'orderNo')}${s(p, 'caseNo') ? `（办件 ${s(p, 'caseNo')}）` : ''}：${s(p, 'body')}。办理期限 ${s(p, 'dueDate')}。`,
    link: `/window/orders/${s(p, 'orderId')}`,
  }),
  'order.replied': (p) => ({
    title: `【督办回复】${s(p, 'orderNo')}`,
    body: `${s(p, 'actor')} 回复了督办 ${s(p, 'orderNo')}：${s(p, 'body')}`,
    link: `/console/orders/${s(p, 'orderId')}`,
  }),
  'order.appealed': (p) => ({
    title: `【申诉待批示】${s(p, 'orderNo')}`,
    body: `${s(p, 'departmentCode')} 对督办 ${s(p, 'orderNo')} 提出申诉（${s(p, 'actor')}）：${s(p, 'body')}。请批示。`,
    link: `/console/orders/${s(p, 'orderId')}`,
  }),
  'order.instructed': (p) => ({
    title: `【领导批示】${s(p, 'orderNo')}`,
    body: `${s(p, 'actor')} 对督办 ${s(p, 'orderNo')} 的申诉作出批示：${s(p, 'body')}`,
    link: `/window/orders/${s(p, 'orderId')}`,
  }),
  'order.concluded': (p) => ({
    title: `【督办办结】${s(p, 'orderNo')}`,
    body: `督办 ${s(p, 'orderNo')} 已由 ${s(p, 'actor')} 作出结论：${s(p, 'body')}`,
    link: `/window/orders/${s(p, 'orderId')}`,
  }),
  'order.warning': (p) => ({
    title: `【督办预警】${s(p, 'orderNo')} 今日到期`,
    body: `督办 ${s(p, 'orderNo')} 办理期限 ${s(p, 'deadlineDate')}，今日到期，请尽快回复。`,
    link: `/window/orders/${s(p, 'subjectNo')}`,
  }),
  'order.overdue': (p) => ({
    title: `【督办超期·${COLOR[s(p, 'color')] ?? ''}】${s(p, 'orderNo')}`,
    body: `督办 ${s(p, 'orderNo')} 已超期，被出具${COLOR[s(p, 'color')] ?? ''}：${s(p, 'reason')}。请立即办理。`,
    link: `/window/orders/${s(p, 'subjectNo')}`,
  }),
  'urging.created': (p) => ({
    title: `【催办】${s(p, 'caseNo') ? `办件 ${s(p, 'caseNo')}` : s(p, 'departmentCode')}`,
    body: `${s(p, 'actor')} 催办${s(p, 'caseNo') ? `办件 ${s(p, 'caseNo')}` : `部门 ${s(p, 'departmentCode')}`}：${s(p, 'body')}`,
    link: `/window/urgings/${s(p, 'urgingId')}`,
  }),
  'urging.replied': (p) => ({
    title: `【催办回复】${s(p, 'caseNo') ? `办件 ${s(p, 'caseNo')}` : s(p, 'departmentCode')}`,
    body: `${s(p, 'actor')} 回复了您的催办：${s(p, 'body')}`,
    link: `/console/urgings/${s(p, 'urgingId')}`,
  }),
}

export const isNotificationEvent = (e: string): e is NotificationEvent => (NOTIFICATION_EVENTS as readonly string[]).includes(e)

/**
 * Renders a notification in Simplified Chinese from its event and parameters (the outbox row's
 * `params`): the in-app title and body, the e-mail subject and text, and an SMS text (signed,
 * at most 200 characters, no link). Unknown events render a generic message rather than failing:
 * a notification must never be lost over a template.
 *
 * @pure
 * @param event - e.g. `order.appealed`
 * @param params - values for the template (strings, numbers, booleans)
 * @param sign - the SMS signature @default '【电子监察】'
 * @returns the texts
 *
 * @example
 * renderNotification('order.appealed', { orderNo: 'DB-000001', departmentCode: '440204-SCJG', actor: '李四', body: '材料已补齐', orderId: 1 }).title
 * //=> '【申诉待批示】DB-000001'
 */
export function renderNotification(event: string, params: Params, sign = '【电子监察】'): RenderedNotification {
  const t = isNotificationEvent(event) ? TEMPLATES[event](params) : { title: '【通知】电子监察系统', body: `您有一条新的通知（${event}）。`, link: null }
  return {
    title: t.title,
    body: t.body,
    emailSubject: `${t.title} · 行政审批电子监察`,
    emailText: `${t.body}\n\n——行政审批电子监察指挥中心（系统自动发送，请勿直接回复）`,
    sms: clip(`${sign}${t.title}：${t.body}`, 200),
    link: t.link,
  }
}

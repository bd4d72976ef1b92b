/**
 * The notification outbox processor: claims due rows of `notification_outbox` (written by the
 * triggers of migration 071), renders them (domain/notify/renderNotification.ts) and delivers
 * them — in-app (an inbox row + socket.io to room `user:<id>` through the redis emitter), e-mail
 * (SMTP) or SMS (HTTP gateway) — then records the outcome on the row: `sent`, `held` (quiet
 * hours, until 08:00 local), `pending` again with a backoff (domain/notify/retryDelayMs.ts),
 * `failed` after the last attempt, or `skipped` (channel not configured, user inactive).
 * At-least-once: a worker that dies mid-send leaves its claim to expire and the row is sent again.
 * Addresses never reach the logs or the stored errors (scrubContacts).
 */
import type pg from 'pg'
import { renderNotification } from '../domain/notify/renderNotification.ts'
import { quietHoursRelease } from '../domain/notify/quietHoursRelease.ts'
import { retryDelayMs } from '../domain/notify/retryDelayMs.ts'
import { scrubContacts } from '../domain/privacy/scrubContacts.ts'
import { TOPICS, type MobileRefresh } from '../domain/realtime/topics.ts'
import type { InAppNotification } from '../domain/realtime/notification.ts'
import { sql } from '../sql/queries.ts'
import type { RoomEmitter } from './emit.ts'
import type { NotifyOptions } from './notify/config.ts'
import { createEmailSender, type EmailSender } from './notify/email.ts'
import { createSmsSender, type SmsSender } from './notify/sms.ts'
import type { PushPayload, PushSender } from './notify/push.ts'

export type { NotifyOptions } from './notify/config.ts'

export interface NotifyChannels {
  emitter: RoomEmitter | null
  /** Web Push to the user's browsers, alongside each in-app notification (best effort). */
  push?: PushSender | null
  email: EmailSender | null
  sms: SmsSender | null
  close(): void
}

/** The channels configured by the options (e-mail and SMS only when their URL is set). */
export function createChannels(opts: NotifyOptions, emitter: RoomEmitter | null): NotifyChannels {
  const email = opts.smtpUrl ? createEmailSender(opts.smtpUrl, opts.smtpFrom ?? '行政审批电子监察 <noreply@localhost>') : null
  const sms = opts.smsGatewayUrl
    ? createSmsSender({ url: opts.smsGatewayUrl, auth: opts.smsGatewayAuth ?? null, ...(opts.smsGatewayTemplate ? { template: opts.smsGatewayTemplate } : {}), ...(opts.smsGatewayFormat ? { format: opts.smsGatewayFormat } : {}) })
    : null
  return { emitter, email, sms, close: () => email?.close() }
}

interface ClaimedRow {
  id: string
  event: string
  channel: 'inapp' | 'email' | 'sms'
  user_id: string
  subject: InAppNotification['subject']
  subject_no: string
  params: Record<string, unknown>
  urgent: boolean
  attempts: number
  email: string | null
  phone: string | null
  active: boolean
}

interface InboxRow {
  id: string
  event: string
  subject: InAppNotification['subject']
  subject_no: string
  title: string
  body: string
  link: string | null
  urgent: boolean
  created_at: Date
  read_at: Date | null
}

export interface DeliveryResult {
  claimed: number
  sent: number
  held: number
  retried: number
  failed: number
  skipped: number
  /** The same outcomes per channel (`inapp`, `email`, `sms`): the worker's metrics. */
  byChannel: Record<string, Partial<Record<DeliveryOutcome, number>>>
}

export type DeliveryOutcome = 'sent' | 'held' | 'retried' | 'failed' | 'skipped'

const LEASE_MS = 60_000

/**
 * Delivers the outbox rows due at `nowMs` (at most `batchSize`, default 100).
 *
 * @param pool - the database
 * @param channels - from `createChannels`
 * @param opts - zone, quiet hours, retry policy, SMS signature
 * @param nowMs - the instant (tests pass a fixed one)
 */
export async function deliverDue(pool: pg.Pool, channels: NotifyChannels, opts: NotifyOptions, nowMs: number, log: (m: string) => void = () => {}): Promise<DeliveryResult> {
  const out: DeliveryResult = { claimed: 0, sent: 0, held: 0, retried: 0, failed: 0, skipped: 0, byChannel: {} }
  const tally = (channel: string, outcome: DeliveryOutcome) => {
    out[outcome]++
    const c = (out.byChannel[channel] ??= {})
    c[outcome] = (c[outcome] ?? 0) + 1
  }
  const { rows } = await pool.query<ClaimedRow>(sql('outbox_claim'), [new Date(nowMs), opts.batchSize ?? 100, new Date(nowMs + LEASE_MS)])
  out.claimed = rows.length
  const settle = (id: string, status: string, next: number | null, error: string | null, giveBack = false) =>
    pool.query(sql('outbox_settle'), [id, status, next === null ? null : new Date(next), error === null ? null : scrubContacts(error).slice(0, 500), giveBack])

  const refreshes = new Map<string, MobileRefresh>()
  const pushes: PendingPush[] = []
  // the in-app rows of active users together (one insert, one settle), before anything slower
  const inapp = rows.filter((r) => r.channel === 'inapp' && r.active)
  const batched = await deliverInAppBatch(pool, channels, inapp, opts.smsSign, refreshes, pushes, log)
  for (const r of batched === 'settled' ? inapp : []) tally('inapp', 'sent')
  for (const row of rows) {
    if (batched !== 'failed' && row.channel === 'inapp' && row.active) continue
    const text = renderNotification(row.event, row.params, opts.smsSign)
    try {
      if (!row.active) {
        await settle(row.id, 'skipped', null, 'user inactive')
        tally(row.channel, 'skipped')
        continue
      }
      if (row.channel === 'inapp') {
        const n = (await pool.query<InboxRow>(sql('inbox_insert'), [row.id, row.user_id, row.event, row.subject, row.subject_no, text.title, text.body, text.link, row.urgent])).rows[0]!
        channels.emitter?.to(`user:${row.user_id}`).emit(TOPICS.notificationNew, inAppPayload(n))
        noteMobileRefresh(refreshes, row)
        // pushed after the batch's in-app rows, so no socket waits for a push service (best effort)
        pushes.push({ id: row.id, userId: row.user_id, payload: { title: n.title, body: n.body, url: mobileLink(n), urgent: n.urgent } })
      } else if (row.channel === 'email') {
        if (!channels.email || !row.email) {
          await settle(row.id, 'skipped', null, channels.email ? 'no e-mail address' : 'e-mail channel not configured (SMTP_URL)')
          tally(row.channel, 'skipped')
          continue
        }
        await channels.email.send(row.email, text.emailSubject, text.emailText)
      } else {
        if (!channels.sms || !row.phone) {
          await settle(row.id, 'skipped', null, channels.sms ? 'no phone number' : 'SMS channel not configured (SMS_GATEWAY_URL)')
          tally(row.channel, 'skipped')
          continue
        }
        const release = quietHoursRelease(nowMs, opts.zone ?? 'Asia/Shanghai', row.urgent, opts.quietHours)
        if (release !== null) {
          await settle(row.id, 'held', release, null, true)
          tally(row.channel, 'held')
          continue
        }
        await channels.sms.send(row.phone, text.sms)
      }
      await settle(row.id, 'sent', null, null)
      tally(row.channel, 'sent')
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const delay = retryDelayMs(row.attempts, opts.retry)
      if (delay === null) {
        await settle(row.id, 'failed', null, message)
        tally(row.channel, 'failed')
      } else {
        await settle(row.id, 'pending', nowMs + delay, message)
        tally(row.channel, 'retried')
      }
      log(`notify ${row.channel} #${row.id} attempt ${row.attempts} failed: ${scrubContacts(message)}`)
    }
  }
  for (const r of refreshes.values()) channels.emitter?.to('mobile').emit(TOPICS.mobileRefresh, r)
  for (const p of pushes) await channels.push?.send(p.userId, p.payload).catch((err: unknown) => log(`push #${p.id}: ${(err as Error).message}`))
  return out
}

interface PendingPush {
  id: string
  userId: string
  payload: PushPayload
}

function inAppPayload(n: InboxRow): InAppNotification {
  return {
    v: 1, id: n.id, event: n.event, subject: n.subject, subjectNo: n.subject_no, title: n.title, body: n.body, link: n.link,
    urgent: n.urgent, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null,
  }
}

/**
 * Delivers a batch's in-app rows at once: one inbox insert, the emits, one settle — a red card's
 * rows for twenty leaders no longer take sixty round trips one after another. 'failed': the
 * insert failed and nothing was emitted (the caller delivers them one by one, with their retries);
 * 'emitted': emitted but not recorded sent (the rows come again when their lease ends, as after a
 * crash: at least once); 'settled': delivered and recorded.
 */
async function deliverInAppBatch(
  pool: pg.Pool, channels: NotifyChannels, rows: readonly ClaimedRow[], smsSign: string | undefined,
  refreshes: Map<string, MobileRefresh>, pushes: PendingPush[], log: (m: string) => void,
): Promise<'failed' | 'emitted' | 'settled'> {
  if (rows.length === 0) return 'settled'
  const texts = rows.map((r) => renderNotification(r.event, r.params, smsSign))
  let inserted: (InboxRow & { outbox_id: string })[]
  try {
    inserted = (await pool.query<InboxRow & { outbox_id: string }>(sql('inbox_insert_many'), [
      rows.map((r) => r.id), rows.map((r) => r.user_id), rows.map((r) => r.event), rows.map((r) => r.subject), rows.map((r) => r.subject_no),
      texts.map((t) => t.title), texts.map((t) => t.body), texts.map((t) => t.link), rows.map((r) => r.urgent),
    ])).rows
  } catch (err) {
    log(`notify in-app batch of ${rows.length} failed, one by one instead: ${scrubContacts((err as Error).message)}`)
    return 'failed'
  }
  const byOutbox = new Map(inserted.map((n) => [n.outbox_id, n]))
  for (const row of rows) {
    const n = byOutbox.get(row.id)!
    channels.emitter?.to(`user:${row.user_id}`).emit(TOPICS.notificationNew, inAppPayload(n))
    noteMobileRefresh(refreshes, row)
    pushes.push({ id: row.id, userId: row.user_id, payload: { title: n.title, body: n.body, url: mobileLink(n), urgent: n.urgent } })
  }
  try {
    await pool.query(sql('outbox_settle_sent_many'), [rows.map((r) => r.id)])
    return 'settled'
  } catch (err) {
    log(`notify in-app batch of ${rows.length} emitted but not recorded (delivered again after the lease): ${scrubContacts((err as Error).message)}`)
    return 'emitted'
  }
}

/** Where a push opens on the phone: the case, or the order awaiting an instruction, in /m. */
function mobileLink(n: Pick<InboxRow, 'subject' | 'subject_no' | 'event'>): string {
  if (n.subject === 'case') return `/m/cases/${encodeURIComponent(n.subject_no)}`
  if (n.subject === 'order' && n.event === 'order.appealed') return `/m/awaiting/${n.subject_no}`
  return '/m/inbox'
}

/**
 * A delivered in-app card or order notification means the leaders' screens changed: one
 * `mobile/refresh` per kind and department per batch (room `mobile`, no personal data).
 */
function noteMobileRefresh(into: Map<string, MobileRefresh>, row: Pick<ClaimedRow, 'event' | 'params'>): void {
  const kind = row.event === 'card.issued' ? 'card' : row.event.startsWith('order.') ? 'order' : null
  const dept = row.params['departmentCode']
  if (kind === null || typeof dept !== 'string') return
  into.set(`${kind}:${dept}`, { v: 1, kind, departmentCode: dept, at: new Date().toISOString() })
}

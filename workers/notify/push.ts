/**
 * Web Push (RFC 8030/8291/8292) for in-app notifications: each delivered in-app notification is
 * also pushed, best effort, to the user's registered browsers (push_subscriptions, migration 171),
 * signed with the server's VAPID key (push_vapid_keys; the server generates it on first use).
 * A subscription the push service reports gone (404/410) is removed; other failures are recorded
 * on it. Without a key or subscriptions nothing is sent: the in-app inbox and SMS carry the alert.
 */
import type pg from 'pg'
import webpush from 'web-push'
import { sql } from '../../sql/queries.ts'
import { scrubContacts } from '../../domain/privacy/scrubContacts.ts'

export interface PushPayload {
  title: string
  body: string
  url: string | null
  urgent: boolean
}

export interface PushSender {
  /** Pushes to every subscription of the user; resolves how many the push services accepted. */
  send(userId: string, payload: PushPayload): Promise<number>
}

interface Vapid { public_key: string; private_key: string; subject: string }
interface Sub { endpoint: string; p256dh: string; auth: string }

export function createPushSender(pool: pg.Pool, opts: { timeoutMs?: number } = {}): PushSender {
  let vapid: Vapid | null = null
  return {
    async send(userId, payload) {
      const subs = (await pool.query<Sub>(sql('push_subscriptions_of'), [userId])).rows
      if (subs.length === 0) return 0
      vapid ??= (await pool.query<Vapid>(sql('push_vapid_get'))).rows[0] ?? null
      if (!vapid) return 0
      let ok = 0
      for (const s of subs) {
        try {
          await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
            vapidDetails: { subject: vapid.subject, publicKey: vapid.public_key, privateKey: vapid.private_key },
            TTL: payload.urgent ? 86_400 : 3_600,
            urgency: payload.urgent ? 'high' : 'normal',
            timeout: opts.timeoutMs ?? 5_000,
          })
          ok++
          await pool.query(sql('push_subscription_result'), [s.endpoint, true, null, false])
        } catch (err) {
          const status = (err as { statusCode?: number }).statusCode
          const message = scrubContacts(err instanceof Error ? err.message : String(err)).slice(0, 300)
          await pool.query(sql('push_subscription_result'), [s.endpoint, false, message, status === 404 || status === 410])
        }
      }
      return ok
    },
  }
}

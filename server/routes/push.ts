/**
 * Web Push subscriptions of the leaders' mobile view (issue 16). The server generates its VAPID key
 * pair on first use and keeps it in the database (push_vapid_keys, migration 171), so every server
 * and worker process signs with the same one; the page subscribes with the public key and
 * registers the subscription here; the workers push each in-app notification to it
 * (workers/notify/push.ts). On an intranet without a push service the subscription simply fails in
 * the browser: the in-app inbox and SMS carry the alerts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import webpush from 'web-push'
import { sql } from '../../sql/queries.ts'
import { ErrorResponse } from '../schemas.ts'
import { MOBILE_READERS } from '../mobile/constants.ts'

const B64URL = '^[A-Za-z0-9_-]+=*$'
/** The sender's contact in the VAPID claims (RFC 8292). */
export const VAPID_SUBJECT = 'mailto:supervision@localhost'

const push: FastifyPluginAsyncTypebox = async (app) => {
  let publicKey: string | null = null
  const ensureKey = async (): Promise<string> => {
    if (publicKey) return publicKey
    const existing = (await app.pg.query<{ public_key: string }>(sql('push_vapid_get'))).rows[0]
    if (existing) return (publicKey = existing.public_key)
    const k = webpush.generateVAPIDKeys()
    publicKey = (await app.pg.query<{ public_key: string }>(sql('push_vapid_init'), [k.publicKey, k.privateKey, VAPID_SUBJECT])).rows[0]!.public_key
    return publicKey
  }

  app.get('/api/v1/push/key', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: "The server's VAPID public key (applicationServerKey for PushManager.subscribe); generated and stored on first use",
      response: { 200: Type.Object({ publicKey: Type.String() }), '4xx': ErrorResponse },
    },
  }, async () => ({ publicKey: await ensureKey() }))

  app.post('/api/v1/push/subscriptions', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: "Registers this browser's push subscription for your in-app notifications",
      body: Type.Object({
        endpoint: Type.String({ minLength: 10, maxLength: 2000, pattern: '^https?://' }),
        keys: Type.Object({ p256dh: Type.String({ minLength: 40, maxLength: 200, pattern: B64URL }), auth: Type.String({ minLength: 16, maxLength: 64, pattern: B64URL }) }, { additionalProperties: false }),
      }, { additionalProperties: true }),
      response: { 201: Type.Object({ endpoint: Type.String() }), '4xx': ErrorResponse },
    },
  }, async (req, reply) => {
    await ensureKey()
    const b = req.body
    await app.pg.query(sql('push_subscription_upsert'), [b.endpoint, req.user!.userId, b.keys.p256dh, b.keys.auth])
    return reply.code(201).send({ endpoint: b.endpoint })
  })

  app.delete('/api/v1/push/subscriptions', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: "Removes one of your browsers' push subscriptions",
      body: Type.Object({ endpoint: Type.String({ minLength: 10, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), '4xx': ErrorResponse },
    },
  }, async (req, reply) => {
    await app.pg.query(sql('push_subscription_delete'), [req.body.endpoint, req.user!.userId])
    return reply.code(204).send(null)
  })
}

export default push

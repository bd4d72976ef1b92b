/**
 * The in-app inbox (every user: list mine, unread count, mark read) and the delivery status of
 * notifications about an order, urging, case or card (who, which channel, sent / held / failed,
 * attempts), for users who may see its department. Delivery itself is workers/notify.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { ANY_USER, CASE_READERS } from '../auth/roles.ts'
import { Digits, intParam } from '../http/paging.ts'
import { camelRow } from '../rows.ts'
import type { InAppNotification } from '../../domain/realtime/notification.ts'

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
  unread: number
}

const toItem = (r: InboxRow): InAppNotification => ({
  v: 1, id: r.id, event: r.event, subject: r.subject, subjectNo: r.subject_no, title: r.title, body: r.body, link: r.link,
  urgent: r.urgent, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null,
})

const notifications: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/notifications',
    {
      config: { policy: ANY_USER },
      schema: {
        tags: ['notifications'],
        summary: 'My in-app notifications, newest first, with the unread count',
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Digits('page size (default 20, at most 100)')),
          before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'older than this id' })),
        }),
        response: { 200: Type.Object({ unread: Type.Integer(), items: Type.Array(Type.Unknown()) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const userId = req.user!.userId
      const limit = intParam('limit', req.query.limit, 20, 1, 100)
      const { rows } = await app.pg.query<InboxRow>(sql('inbox_list'), [userId, req.query.unread === true, limit, req.query.before ?? null])
      const unread = rows[0]?.unread ?? (await app.pg.query<{ unread: number }>(sql('inbox_unread_count'), [userId])).rows[0]!.unread
      return { unread, items: rows.map(toItem) }
    },
  )

  app.post(
    '/api/v1/notifications/read',
    {
      config: { policy: ANY_USER },
      schema: {
        tags: ['notifications'],
        summary: 'Mark my notifications read: the given ids, or all without `ids`',
        body: Type.Object({ ids: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,18}$' }), { minItems: 1, maxItems: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ marked: Type.Integer(), unread: Type.Integer() }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const userId = req.user!.userId
      const { rowCount } = await app.pg.query(sql('inbox_mark_read'), [userId, req.body.ids ?? null])
      const unread = (await app.pg.query<{ unread: number }>(sql('inbox_unread_count'), [userId])).rows[0]!.unread
      return { marked: rowCount ?? 0, unread }
    },
  )

  app.get(
    '/api/v1/notifications/deliveries',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['notifications'],
        summary: 'Delivery status of the notifications about a subject (order, urging, case, petition) or a card',
        querystring: Type.Object({
          subject: Type.Optional(Type.Union([Type.Literal('order'), Type.Literal('urging'), Type.Literal('case'), Type.Literal('petition')])),
          subjectNo: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          cardId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
        }),
        response: { 200: Type.Array(Type.Unknown()), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      if (q.cardId === undefined && (q.subject === undefined || q.subjectNo === undefined)) throw new AppError('VALIDATION_FAILED', 'cardId, or subject and subjectNo, are required')
      const { rows } = await app.pg.query(sql('deliveries_list'), [req.user!.userId, q.subject ?? null, q.subjectNo ?? null, q.cardId ?? null])
      return rows.map(camelRow)
    },
  )
}

export default notifications

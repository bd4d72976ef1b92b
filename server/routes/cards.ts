/**
 * Cards (黄牌/红牌): the list in the user's scope, manual cards issued by supervisors with a reason,
 * and revocation — a new record with a reason; a card is never edited or deleted.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { CASE_READERS } from '../plugins/app/roles.ts'

const Subject = Type.Union([Type.Literal('case'), Type.Literal('petition')])
const Reason = Type.String({ minLength: 2, maxLength: 2000 })

const cards: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/cards',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cards'],
        summary: 'Cards in your department scope, newest first, with their revocations',
        querystring: Type.Object({ subjectNo: Type.Optional(Type.String({ maxLength: 128 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: Type.Array(Type.Unknown()) },
      },
    },
    async (req) => (await app.pg.query(sql('card_list'), [req.user!.userId, req.query.subjectNo ?? null, req.query.limit ?? 100, req.query.offset ?? 0])).rows,
  )

  app.post(
    '/api/v1/cards',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['cards'],
        summary: 'Issue a manual yellow or red card on a case or petition, with a reason',
        body: Type.Object({ subject: Subject, subjectNo: Type.String({ minLength: 1, maxLength: 128 }), color: Type.Union([Type.Literal('yellow'), Type.Literal('red')]), reason: Reason }, { additionalProperties: false }),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = req.user!
      const b = req.body
      const card = await withTransaction(app.pg, async (c) => {
        const dept = (await c.query<{ department_code: string }>(sql('card_subject'), [user.userId, b.subject, b.subjectNo])).rows[0]
        if (!dept) throw new AppError('NOT_FOUND', `${b.subject} ${b.subjectNo}`)
        const row = (await c.query(sql('card_issue_manual'), [b.subject, b.subjectNo, dept.department_code, b.color, b.reason.trim(), user.login])).rows[0]
        await appendAudit(c, { actor: actorOf(req), action: 'card.issue', entity: 'card', entityId: String(row.id), before: null, after: row, requestId: req.id })
        return row
      })
      return reply.code(201).send(card)
    },
  )

  app.post(
    '/api/v1/cards/:id/revoke',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['cards'],
        summary: 'Revoke a card with a reason (a new record; the card and its history stay)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), revokes: Type.String() }), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = req.user!
      const out = await withTransaction(app.pg, async (c) => {
        const card = (await c.query<{ id: string; revoked: boolean }>(sql('card_get_visible'), [user.userId, req.params.id])).rows[0]
        if (!card) throw new AppError('NOT_FOUND', `card ${req.params.id}`)
        if (card.revoked) throw new AppError('CONFLICT', 'already revoked')
        const rows = (await c.query<{ id: string; revokes: string }>(sql('revoke_cards'), [JSON.stringify([{ id: card.id, reason: req.body.reason.trim(), issued_by: user.login }])])).rows
        if (!rows[0]) throw new AppError('CONFLICT', 'already revoked')
        await appendAudit(c, { actor: actorOf(req), action: 'card.revoke', entity: 'card', entityId: card.id, before: card, after: { revokedBy: rows[0].id, reason: req.body.reason.trim() }, requestId: req.id })
        return rows[0]
      })
      return reply.code(201).send(out)
    },
  )
}

export default cards

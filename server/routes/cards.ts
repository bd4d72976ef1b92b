/**
 * Cards (黄牌/红牌): the list in the user's scope, manual cards issued by supervisors with a reason,
 * revocation — a new record with a reason; a card is never edited or deleted — and confirmation of
 * automatic cards for publication (also a new, immutable record).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { CASE_READERS } from '../auth/roles.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

const Subject = Type.Union([Type.Literal('case'), Type.Literal('petition')])
const Reason = Type.String({ minLength: 2, maxLength: 2000 })

/** The card list and confirming a card. */
function registerCardReadAndConfirmRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/cards',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cards'],
        summary: 'Cards in your department scope, newest first, with their revocations',
        querystring: Type.Object({
          subjectNo: Type.Optional(Type.String({ maxLength: 128 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
          state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('unconfirmed'), Type.Literal('published')], { description: 'unconfirmed: automatic, not revoked, not yet confirmed for publication' })),
          color: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
        }),
        response: { 200: Type.Array(Type.Unknown()) },
      },
    },
    async (req) => (await app.pg.query(sql('card_list'), [req.user!.userId, req.query.subjectNo ?? null, req.query.limit ?? 100, req.query.offset ?? 0, req.query.state ?? null, req.query.color ?? null])).rows,
  )

  app.post(
    '/api/v1/cards/:id/confirm',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['cards'],
        summary: 'Confirm an automatic card for publication on the public site (an immutable record, audited)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.String(), cardId: Type.String(), confirmedAt: Type.String(), confirmedBy: Type.String(), note: Type.Union([Type.Null(), Type.String()]) }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const user = req.user!
      const note = req.body.note?.trim() || null
      const out = await withTransaction(app.pg, async (c) => {
        const card = (await c.query<{ id: string; rule: string; revoked: boolean }>(sql('card_get_visible'), [user.userId, req.params.id])).rows[0]
        if (!card) throw new AppError('NOT_FOUND', `card ${req.params.id}`)
        if (card.rule === 'manual') throw new AppError('CARD_NOT_AUTOMATIC')
        if (card.revoked) throw new AppError('CARD_REVOKED')
        const row = (await c.query<{ id: string; card_id: string; confirmed_at: Date; confirmed_by: string; note: string | null }>(sql('card_confirm'), [card.id, user.login, note])).rows[0]
        if (!row) throw new AppError('CARD_ALREADY_CONFIRMED')
        await appendAudit(c, { actor: actorOf(req), action: 'card.confirm', entity: 'card', entityId: card.id, before: card, after: { confirmation: row.id, note }, requestId: req.id })
        return { id: row.id, cardId: row.card_id, confirmedAt: row.confirmed_at.toISOString(), confirmedBy: row.confirmed_by, note: row.note }
      })
      return reply.code(201).send(out)
    },
  )
}

/** Issuing a manual card and revoking one. */
function registerCardIssueRoutes(app: TypeboxApp): void {
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
        // triggers: cards → notification outbox (071 cards_notify), NOTIFY wall_changed (060)
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
        // a revocation is a cards row too: NOTIFY wall_changed (060); no notification (color NULL, 071)
        const rows = (await c.query<{ id: string; revokes: string }>(sql('revoke_cards'), [JSON.stringify([{ id: card.id, reason: req.body.reason.trim(), issued_by: user.login }])])).rows
        if (!rows[0]) throw new AppError('CONFLICT', 'already revoked')
        await appendAudit(c, { actor: actorOf(req), action: 'card.revoke', entity: 'card', entityId: card.id, before: card, after: { revokedBy: rows[0].id, reason: req.body.reason.trim() }, requestId: req.id })
        return rows[0]
      })
      return reply.code(201).send(out)
    },
  )
}

const cards: FastifyPluginAsyncTypebox = async (app) => {
  registerCardReadAndConfirmRoutes(app)
  registerCardIssueRoutes(app)
}

export default cards

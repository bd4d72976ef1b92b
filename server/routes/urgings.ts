/**
 * Urging (催办): a supervisor urges a department about one case or as a whole, with a message to
 * chosen staff of that department; the department replies. Both are immutable rows, audited and
 * scoped to the caller's departments; the triggers of migration 071 notify the recipients and,
 * on a reply, the supervisor.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { CASE_READERS } from '../auth/roles.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { asJson, camelRow } from '../rows.ts'
import { DEPARTMENT_USERS, SUPERVISORS } from './orders.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
const UserId = Type.String({ pattern: '^[0-9]{1,18}$' })

/** Sending an urging, the list and one urging. */
function registerUrgingRoutes(app: TypeboxApp): void {
  app.post(
    '/api/v1/urgings',
    {
      config: { policy: SUPERVISORS },
      schema: {
        tags: ['supervision'],
        summary: 'Urge (催办) a case or a department: message and recipients (staff of that department)',
        description: 'With `caseNo` the department is the case\'s; without it `departmentCode` is required.',
        body: Type.Object(
          {
            caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            message: Type.String({ minLength: 2, maxLength: 2000 }),
            recipientIds: Type.Array(UserId, { minItems: 1, maxItems: 50, uniqueItems: true }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = req.user!
      const b = req.body
      const message = b.message.trim()
      if (message.length < 2) throw new AppError('BLANK_TEXT')
      const row = await withTransaction(app.pg, async (c) => {
        let department = b.departmentCode ?? null
        if (b.caseNo !== undefined) {
          const cs = (await c.query<{ department_code: string }>(sql('card_subject'), [user.userId, 'case', b.caseNo])).rows[0]
          if (!cs) throw new AppError('NOT_FOUND', `case ${b.caseNo}`)
          if (department !== null && department !== cs.department_code) throw new AppError('VALIDATION_FAILED', 'departmentCode must be the case\'s department')
          department = cs.department_code
        }
        if (department === null) throw new AppError('VALIDATION_FAILED', 'caseNo or departmentCode is required')
        const dept = (await c.query(sql('order_department'), [user.userId, department])).rows[0]
        if (!dept) throw new AppError('UNKNOWN_DEPARTMENT', department)
        const members = (await c.query<{ id: string }>(sql('department_members'), [user.userId, department, b.recipientIds])).rows
        if (members.length !== b.recipientIds.length) {
          const found = new Set(members.map((m) => m.id))
          throw new AppError('NOT_DEPARTMENT_MEMBER', `recipientIds ${b.recipientIds.filter((id) => !found.has(id)).join(',')}`)
        }
        // trigger: urgings → notification outbox for each recipient (071 urgings_notify)
        const g = (await c.query(sql('urging_insert'), [b.caseNo !== undefined ? 'case' : 'department', b.caseNo ?? null, department, message, b.recipientIds, user.userId, user.displayName])).rows[0] as { id: string }
        await appendAudit(c, { actor: actorOf(req), action: 'urging.create', entity: 'urging', entityId: g.id, before: null, after: asJson(camelRow(g)), requestId: req.id })
        return g
      })
      return reply.code(201).send(camelRow(row))
    },
  )

  app.get(
    '/api/v1/urgings',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['supervision'],
        summary: 'Urgings in your department scope, newest first',
        querystring: Type.Object({
          departmentCode: Type.Optional(Type.String({ maxLength: 64 })),
          caseNo: Type.Optional(Type.String({ maxLength: 128 })),
          unanswered: Type.Optional(Type.Boolean()),
          ...PagingQuery,
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Unknown()) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      const page = paging(q)
      const { rows } = await app.pg.query<{ total: string }>(sql('urging_list'), [req.user!.userId, q.departmentCode ?? null, q.caseNo ?? null, q.unanswered === true, page.limit, page.offset])
      return { total: Number(rows[0]?.total ?? 0), items: rows.map(({ total: _t, ...r }) => camelRow(r)) }
    },
  )

  app.get(
    '/api/v1/urgings/:id',
    {
      config: { policy: CASE_READERS },
      schema: { tags: ['supervision'], summary: 'One urging with its recipients, replies and delivery status', params: IdParams, response: { 200: Type.Unknown(), '4xx': ErrorResponse } },
    },
    async (req) => {
      const row = (await app.pg.query(sql('urging_detail'), [req.user!.userId, req.params.id])).rows[0]
      if (!row) throw new AppError('NOT_FOUND', `urging ${req.params.id}`)
      return camelRow(row)
    },
  )
}

/** Replying to an urging. */
function registerUrgingReplyRoute(app: TypeboxApp): void {
  app.post(
    '/api/v1/urgings/:id/replies',
    {
      config: { policy: DEPARTMENT_USERS },
      schema: {
        tags: ['supervision'],
        summary: "The department's reply to an urging",
        params: IdParams,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = req.user!
      const body = req.body.body.trim()
      if (body.length === 0) throw new AppError('BLANK_TEXT')
      const row = await withTransaction(app.pg, async (c) => {
        // trigger: urging_replies → notification outbox for the supervisor who urged (071 urging_replies_notify)
        const r = (await c.query(sql('urging_reply_insert'), [user.userId, req.params.id, body, user.displayName])).rows[0] as { id: string } | undefined
        if (!r) throw new AppError('NOT_FOUND', `urging ${req.params.id}`)
        await appendAudit(c, { actor: actorOf(req), action: 'urging.reply', entity: 'urging', entityId: req.params.id, before: null, after: asJson(camelRow(r)), requestId: req.id })
        return r
      })
      return reply.code(201).send(camelRow(row))
    },
  )
}

const urgings: FastifyPluginAsyncTypebox = async (app) => {
  registerUrgingRoutes(app)
  registerUrgingReplyRoute(app)
}

export default urgings

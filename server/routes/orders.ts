/**
 * Supervision orders (督办): supervisors issue them (opinion, responsible department and person, due
 * in working days on the jurisdiction's calendar) — and leaders too, when an instruction forwards
 * (转办) an appeal to a department with a deadline (/m's instruction form issues the new order here,
 * then records the instruction); the department replies or appeals; a leader records an
 * instruction on an appeal; the supervisor records the conclusion. Each step is a new
 * immutable row (supervision_order_steps), attributed, timestamped and audited. Every list and
 * step is scoped to the caller's departments in SQL (visible_departments). Notifications are
 * written by database triggers on the step rows (migration 071).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { loadWorkCalendar } from '../../sql/calendar.ts'
import { startOfLocalDay } from '../../domain/calendar/startOfLocalDay.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { orderClock } from '../../domain/supervision/orderClock.ts'
import { orderLevelAt } from '../../domain/supervision/orderLevelAt.ts'
import { nextOrderState } from '../../domain/supervision/nextOrderState.ts'
import type { OrderAction, OrderState } from '../../domain/supervision/types.ts'
import type { Level } from '../../domain/clock/types.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { CASE_READERS } from '../auth/roles.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { asJson, camelRow } from '../rows.ts'
import { LEVELS } from '../../domain/contracts/levels.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

export const SUPERVISORS = ['supervisor', 'admin'] as const
export const DEPARTMENT_USERS = ['department_staff', 'department_head'] as const

const Text = Type.String({ minLength: 1, maxLength: 4000 })
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
const STATES = ['issued', 'replied', 'appealed', 'instructed', 'concluded'] as const

const nonBlank = (s: string): string => {
  const t = s.trim()
  if (t.length === 0) throw new AppError('BLANK_TEXT')
  return t
}

interface LockedOrder {
  id: string
  order_no: string
  department_code: string
  state: OrderState
  level: Level
  responsible_user_id: string
}

const STEP_ROUTES: { path: string; action: OrderAction; policy: readonly ('supervisor' | 'admin' | 'leader' | 'department_staff' | 'department_head')[]; summary: string }[] = [
  { path: 'reply', action: 'reply', policy: DEPARTMENT_USERS, summary: "The department's reply (issued or instructed orders)" },
  { path: 'appeal', action: 'appeal', policy: DEPARTMENT_USERS, summary: 'The department appeals (申诉) an issued order; it goes to the leaders for an instruction' },
  { path: 'instruction', action: 'instruct', policy: ['leader'], summary: "A leader's instruction (批示) on an appealed order" },
  { path: 'conclusion', action: 'conclude', policy: SUPERVISORS, summary: "The supervisor's conclusion (结论) on a replied or instructed order" },
]

/** Who may issue an order: supervisors and admins, and leaders (a 转办 instruction). */
export const ORDER_ISSUERS = [...SUPERVISORS, 'leader'] as const

/** The issuer's role as recorded on the `issued` step. */
const issuerRole = (roles: readonly string[]): 'supervisor' | 'admin' | 'leader' =>
  roles.includes('supervisor') ? 'supervisor' : roles.includes('admin') ? 'admin' : 'leader'

/** Issuing an order. */
function registerOrderRoutes(app: TypeboxApp): void {
  app.post(
    '/api/v1/orders',
    {
      config: { policy: ORDER_ISSUERS },
      schema: {
        tags: ['supervision'],
        summary: 'Issue a supervision order (督办); leaders issue one when an instruction forwards (转办) an appeal to a department',
        body: Type.Object(
          {
            departmentCode: Type.String({ minLength: 1, maxLength: 64 }),
            responsibleUserId: Type.String({ pattern: '^[0-9]{1,18}$' }),
            opinion: Type.String({ minLength: 2, maxLength: 4000 }),
            dueInWorkingDays: Type.Integer({ minimum: 1, maximum: 60 }),
            caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            urgingId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = req.user!
      const b = req.body
      const opinion = nonBlank(b.opinion)
      const order = await withTransaction(app.pg, async (c) => {
        const dept = (await c.query<{ code: string; jurisdiction_code: string; time_zone: string }>(sql('order_department'), [user.userId, b.departmentCode])).rows[0]
        if (!dept) throw new AppError('UNKNOWN_DEPARTMENT', b.departmentCode)
        const member = (await c.query<{ id: string }>(sql('department_members'), [user.userId, dept.code, [b.responsibleUserId]])).rows[0]
        if (!member) throw new AppError('NOT_DEPARTMENT_MEMBER', `responsibleUserId ${b.responsibleUserId}`)
        if (b.caseNo !== undefined) {
          const cs = (await c.query(sql('card_subject'), [user.userId, 'case', b.caseNo])).rows[0]
          if (!cs) throw new AppError('NOT_FOUND', `case ${b.caseNo}`)
        }
        if (b.urgingId !== undefined) {
          const u = (await c.query<{ department_code: string }>(sql('urging_detail'), [user.userId, b.urgingId])).rows[0]
          if (!u || u.department_code !== dept.code) throw new AppError('URGING_MISMATCH', `urgingId ${b.urgingId}`)
        }
        const now = Date.now()
        const clock = orderClock(await loadWorkCalendar(c, dept.jurisdiction_code), now, b.dueInWorkingDays, dept.time_zone)
        if (!clock) throw new AppError('DUE_OUTSIDE_CALENDAR')
        const lv = orderLevelAt({ state: 'issued', level: 'normal', warningFrom: clock.warningFrom, yellowFrom: clock.yellowFrom, redFrom: clock.redFrom }, now, dept.time_zone)!
        const next = lv.nextChange === null ? null : new Date(startOfLocalDay(toEpochDay(lv.nextChange), dept.time_zone))
        const row = (await c.query(sql('order_insert'), [
          dept.jurisdiction_code, dept.code, b.responsibleUserId, b.caseNo ?? null, b.urgingId ?? null, opinion, b.dueInWorkingDays,
          user.userId, user.displayName, new Date(now), dept.time_zone, clock.dueDate, clock.warningFrom, clock.yellowFrom, clock.redFrom,
          JSON.stringify(clock), lv.level, next,
        ])).rows[0] as { id: string }
        // trigger: supervision_order_steps → notification outbox (071 order_steps_notify)
        await c.query(sql('order_step_insert'), [row.id, 'issued', opinion, null, 'issued', user.userId, user.displayName, issuerRole(user.roles), new Date(now)])
        await appendAudit(c, { actor: actorOf(req), action: 'order.issue', entity: 'supervision_order', entityId: row.id, before: null, after: asJson(camelRow(row)), requestId: req.id })
        return row
      })
      return reply.code(201).send(camelRow(order))
    },
  )
}

/** The order list and one order. */
function registerOrderReadRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/orders',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['supervision'],
        summary: 'Supervision orders in your department scope, newest first',
        querystring: Type.Object({
          state: Type.Optional(Type.Union(STATES.map((s) => Type.Literal(s)))),
          level: Type.Optional(Type.Union(LEVELS.map((s) => Type.Literal(s)))),
          departmentCode: Type.Optional(Type.String({ maxLength: 64 })),
          awaiting: Type.Optional(Type.Literal('instruction', { description: 'only appealed orders awaiting a leader' })),
          ...PagingQuery,
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Unknown()) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      const page = paging(q)
      const { rows } = await app.pg.query<{ total: string }>(sql('order_list'), [req.user!.userId, q.state ?? null, q.departmentCode ?? null, q.awaiting === 'instruction', q.level ?? null, page.limit, page.offset])
      return { total: Number(rows[0]?.total ?? 0), items: rows.map(({ total: _t, ...r }) => camelRow(r)) }
    },
  )

  app.get(
    '/api/v1/orders/:id',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['supervision'],
        summary: 'One order with its immutable timeline, level changes, cards and notification delivery status',
        params: IdParams,
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const row = (await app.pg.query(sql('order_detail'), [req.user!.userId, req.params.id])).rows[0]
      if (!row) throw new AppError('NOT_FOUND', `order ${req.params.id}`)
      return camelRow(row)
    },
  )
}

/** The order's workflow steps (reply, appeal, instruct, conclude). */
function registerOrderStepRoutes(app: TypeboxApp): void {
  for (const r of STEP_ROUTES) {
    app.post(
      `/api/v1/orders/:id/${r.path}`,
      {
        config: { policy: r.policy },
        schema: {
          tags: ['supervision'],
          summary: r.summary,
          params: IdParams,
          body: Type.Object({ body: Text }, { additionalProperties: false }),
          response: { 201: Type.Unknown(), '4xx': ErrorResponse },
        },
      },
      async (req, reply) => {
        const user = req.user!
        const body = nonBlank(req.body.body)
        const step = await withTransaction(app.pg, async (c) => {
          const o = (await c.query<LockedOrder>(sql('order_lock_visible'), [user.userId, req.params.id])).rows[0]
          if (!o) throw new AppError('NOT_FOUND', `order ${req.params.id}`)
          const t = nextOrderState(o.state, r.action, user.roles)
          if (!t.ok) throw t.reason === 'role' ? new AppError('FORBIDDEN') : new AppError('ORDER_TRANSITION', `${o.state} → ${r.action}`)
          // trigger: supervision_order_steps → notification outbox (071 order_steps_notify)
          const s = (await c.query(sql('order_step_insert'), [o.id, t.step, body, o.state, t.state, user.userId, user.displayName, t.role, new Date()])).rows[0] as Record<string, unknown>
          await c.query(sql('order_set_state'), [o.id, t.state, t.clockRunning])
          await appendAudit(c, {
            actor: actorOf(req), action: `order.${t.step}`, entity: 'supervision_order', entityId: o.id,
            before: { state: o.state, level: o.level }, after: { state: t.state, step: asJson(camelRow(s)) }, requestId: req.id,
          })
          return s
        })
        return reply.code(201).send(camelRow(step))
      },
    )
  }
}

/** Departments and their members, for addressing orders. */
function registerSupervisionDirectoryRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/supervision/departments',
    {
      config: { policy: [...SUPERVISORS, 'leader'] },
      schema: { tags: ['supervision'], summary: 'Departments you may urge or order', response: { 200: Type.Array(Type.Unknown()), '4xx': ErrorResponse } },
    },
    async (req) => (await app.pg.query(sql('supervision_departments'), [req.user!.userId])).rows.map(camelRow),
  )

  app.get(
    '/api/v1/supervision/departments/:code/members',
    {
      config: { policy: [...SUPERVISORS, 'leader'] },
      schema: {
        tags: ['supervision'],
        summary: "A department's active staff and heads (recipients of urgings, responsible persons of orders); no contact data",
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Array(Type.Unknown()), '4xx': ErrorResponse },
      },
    },
    async (req) => (await app.pg.query(sql('department_members'), [req.user!.userId, req.params.code, null])).rows.map(camelRow),
  )
}

const orders: FastifyPluginAsyncTypebox = async (app) => {
  registerOrderRoutes(app)
  registerOrderReadRoutes(app)
  registerOrderStepRoutes(app)
  registerSupervisionDirectoryRoutes(app)
}

export default orders

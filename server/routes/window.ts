/**
 * The approval module API (窗口办件) for department staff: the item catalogue, registering a case,
 * and every action on it. Each action is checked against the case folded from its events
 * (domain/window/checkAction) under the case's lock, then emits exactly one event through the
 * shared ingest path (server/ingest.ts, source `window`) — the same validation and INSERT as
 * POST /api/v1/events; nothing here writes the cases tables. A refused action stores nothing.
 * Department scope: visible_departments (a case outside it is 404, a department outside it 403).
 * The writes (one transaction of several statements each) are server/window/service.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { maskPersonalData, type PersonalData } from '../../domain/privacy/mask.ts'
import { clockDays } from '../../domain/window/clockDays.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { jointParts } from '../../domain/case/jointParts.ts'
import type { CaseState } from '../../domain/case/foldCase.ts'
import { maskPersonalDataIn } from '../../domain/privacy/mask.ts'
import { actingDepartment } from '../../domain/window/actingDepartment.ts'
import { availableActions } from '../../domain/window/availableActions.ts'
import { WINDOW_ACTIONS, type WindowActionName } from '../../domain/window/types.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf } from '../audit.ts'
import { AppError } from '../errors.ts'
import type { UserRole } from '../auth/roles.ts'
import { ErrorResponse } from '../schemas.ts'
import { loadCase, visibleDepartments } from '../window/loadCase.ts'
import { ACTION_BODIES, ACTION_PATHS, ACTION_SUMMARIES, ActionResponse, ItemSchema, RegisterBody, WindowCaseList, WindowCaseResponse } from '../window/schemas.ts'
import { actionContext, actOnCase, findItem, itemOut, registerCase, WINDOW_SOURCE, type ActionBody, type ItemRow, type WindowCaller } from '../window/service.ts'
import { LEVELS } from '../../domain/contracts/levels.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

type ContextProvider = ReturnType<typeof createContextProvider>

const callerOf = (req: FastifyRequest): WindowCaller => ({ user: req.user!, actor: actorOf(req), requestId: req.id })

/** Who may use the approval module. */
export const WINDOW_ROLES: readonly UserRole[] = ['department_staff', 'department_head', 'admin']
export { WINDOW_SOURCE }

interface ListRow {
  case_no: string
  department_code: string
  item_code: string | null
  item_name: string | null
  case_type: string | null
  status: string
  level: string
  applicant: PersonalData | null
  submitted_at: Date | null
  accepted_at: Date | null
  concluded_at: Date | null
  returned_at: Date | null
  deadline_date: string | null
  suspended: boolean
  joint_departments: string[]
  state: CaseState
}
const iso = (d: Date | null) => d?.toISOString() ?? null
const STATUSES = ['submitted', 'accepted', 'undertaken', 'reviewed', 'approved', 'concluded', 'returned'] as const

/** The window's case list. */
function registerWindowCaseListRoute(app: TypeboxApp, context: ContextProvider): void {
  app.get(
    '/api/v1/window/cases',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: "Your departments' cases, newest first, with level and the clock's days used and left (from the engine, now)",
        querystring: Type.Object(
          {
            department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            status: Type.Optional(Type.Enum(STATUSES)),
            level: Type.Optional(Type.Enum(LEVELS)),
            ...PagingQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: WindowCaseList, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      const page = paging(q, 200)
      const filters = [req.user!.userId, q.department ?? null, q.status ?? null, q.level ?? null]
      const [{ rows }, count] = await Promise.all([
        app.pg.query<ListRow>(sql('window_case_list'), [...filters, page.limit, page.offset]),
        app.pg.query<{ total: string }>(sql('case_list_count'), [...filters, null, null, null, null, null, null]),
      ])
      const nowMs = Date.now()
      const items = await Promise.all(
        rows.map(async (r) => {
          const ctx = await context.forCase(r.department_code, r.item_code, r.state.acceptedAt)
          const clock = caseClock(r.state, { ...ctx, nowMs, explain: true })
          return {
            caseNo: r.case_no,
            departmentCode: r.department_code,
            itemCode: r.item_code,
            itemName: r.item_name,
            caseType: r.case_type,
            status: r.status,
            level: r.level,
            applicant: maskPersonalData(r.applicant),
            submittedAt: iso(r.submitted_at),
            acceptedAt: iso(r.accepted_at),
            concludedAt: iso(r.concluded_at),
            returnedAt: iso(r.returned_at),
            deadlineDate: r.deadline_date,
            suspended: r.suspended,
            jointDepartments: r.joint_departments,
            days: clockDays(clock),
          }
        }),
      )
      return { total: Number(count.rows[0]?.total ?? 0), items }
    },
  )
}

/** Items and departments a window may register for, and registering a case. */
function registerWindowItemRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/window/items',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: 'The item catalogue for the window forms: active items of the departments you act for (limits, fee standard, stage set)',
        querystring: Type.Object({ department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ItemSchema) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { rows } = await app.pg.query<ItemRow>(sql('window_items'), [req.user!.userId, req.query.department ?? null])
      return { items: rows.map(itemOut) }
    },
  )

  app.get(
    '/api/v1/window/departments',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: 'Departments of your jurisdiction, to name as joint departments (联办部门); `own`: one you act for',
        response: { 200: Type.Object({ departments: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), own: Type.Boolean() })) }), '4xx': ErrorResponse },
      },
    },
    async (req) => ({ departments: (await app.pg.query(sql('window_departments'), [req.user!.userId])).rows }),
  )

  app.post(
    '/api/v1/window/cases',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: 'Register a case (收件) at the window or from an online application: a new case number, one `submitted` event',
        body: RegisterBody,
        response: { 201: ActionResponse, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await registerCase(app, callerOf(req), req.body)),
  )
}

/** One case with its clock and the actions available. */
function registerWindowCaseRoute(app: TypeboxApp, context: ContextProvider): void {
  app.get(
    '/api/v1/window/cases/:caseNo',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: 'A case as the window sees it now (folded from its events): the actions its state allows you, the next stage, joint parts',
        params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 128 }) }),
        querystring: Type.Object({ department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false }),
        response: { 200: WindowCaseResponse, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const user = req.user!
      const [visible, { state }] = await Promise.all([visibleDepartments(app.pg, user.userId), loadCase(app.pg, req.params.caseNo)])
      if (!state) throw new AppError('NOT_FOUND')
      const acting = actingDepartment(state, visible, user, req.query.department)
      if (!acting.ok) throw new AppError(acting.code, acting.detail)
      const item = await findItem(app.pg, state.itemCode)
      const next = availableActions(state, actionContext(acting.departmentCode, item))
      const clock = caseClock(state, { ...(await context.forCase(state.departmentCode, state.itemCode, state.acceptedAt)), nowMs: Date.now(), explain: true })
      return {
        clock: {
          status: clock.status,
          level: clock.level,
          deadlineDate: clock.deadlineDate,
          legalDeadlineDate: clock.legalDeadlineDate,
          provisional: clock.provisional,
          stop: clock.stop,
          days: clockDays(clock),
        },
        caseNo: state.caseNo,
        departmentCode: acting.departmentCode,
        leadDepartmentCode: state.departmentCode,
        status: state.status,
        item: item ? itemOut(item) : null,
        ...next,
        jointParts: jointParts(state),
        state: maskPersonalDataIn(state),
      }
    },
  )
}

const window: FastifyPluginAsyncTypebox = async (app) => {
  const context = createContextProvider(app.pg)
  registerWindowCaseListRoute(app, context)
  registerWindowItemRoutes(app)
  registerWindowCaseRoute(app, context)
  for (const name of WINDOW_ACTIONS) registerAction(app, name)
}

function registerAction(app: FastifyInstance, name: WindowActionName): void {
  app.post(
    `/api/v1/window/cases/:caseNo/${ACTION_PATHS[name]}`,
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: ACTION_SUMMARIES[name],
        params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: ACTION_BODIES[name],
        response: { 201: ActionResponse, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { caseNo } = req.params as { caseNo: string }
      return reply.code(201).send(await actOnCase(app, callerOf(req), caseNo, name, req.body as ActionBody))
    },
  )
}

export default window

/**
 * The approval module API (窗口办件) for department staff: the item catalogue, registering a case,
 * and every action on it. Each action is checked against the case folded from its events
 * (domain/window/checkAction) under the case's lock, then emits exactly one event through the
 * shared ingest path (server/ingest.ts, source `window`) — the same validation and INSERT as
 * POST /api/v1/events; nothing here writes the cases tables. A refused action stores nothing.
 * Department scope: visible_departments (a case outside it is 404, a department outside it 403).
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import type pg from 'pg'
import { DateTime } from 'luxon'
import { foldCase, type CaseState } from '../../domain/case/foldCase.ts'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { maskPersonalData, type PersonalData } from '../../domain/privacy/mask.ts'
import { clockDays } from '../../domain/window/clockDays.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { paging, PagingQuery } from '../plugins/app/paging.ts'
import { jointParts } from '../../domain/case/jointParts.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { maskPersonalDataIn } from '../../domain/privacy/mask.ts'
import { actingDepartment } from '../../domain/window/actingDepartment.ts'
import { actionEvent } from '../../domain/window/actionEvent.ts'
import { availableActions } from '../../domain/window/availableActions.ts'
import { checkAction } from '../../domain/window/checkAction.ts'
import { formatCaseNo } from '../../domain/window/formatCaseNo.ts'
import { WINDOW_ACTIONS, type ActionContext, type WindowAction, type WindowActionName } from '../../domain/window/types.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { finishIngest, storeEvents, type StoredBatch } from '../ingest.ts'
import type { UserRole } from '../plugins/app/roles.ts'
import { ErrorResponse } from '../schemas.ts'
import { loadCase, visibleDepartments } from '../window/loadCase.ts'
import { ACTION_BODIES, ACTION_PATHS, ACTION_SUMMARIES, ActionResponse, ItemSchema, RegisterBody, WindowCaseList, WindowCaseResponse } from '../window/schemas.ts'
import { LEVELS } from '../../domain/contracts/levels.ts'

/** Who may use the approval module. */
export const WINDOW_ROLES: readonly UserRole[] = ['department_staff', 'department_head', 'admin']
/** The source name of events the window emits. */
export const WINDOW_SOURCE = 'window'
const DEFAULT_STAGE_SET = ['accepted', 'undertaken', 'reviewed', 'approved', 'concluded']
const MAX_NUMBER_TRIES = 50

interface ItemRow {
  code: string
  department_code: string
  department_name?: string
  name: string
  case_type: string
  legal_limit: number | null
  legal_unit: string
  promised_limit: number | null
  promised_unit: string
  fee_standard: number
  stage_set: string[]
  special_procedure: boolean
  supplement_mode: string
  time_zone?: string
}

const limit = (value: number | null, unit: string) => (value === null ? null : { value, unit })
const itemOut = (r: ItemRow) => ({
  code: r.code,
  departmentCode: r.department_code,
  departmentName: r.department_name ?? r.department_code,
  name: r.name,
  caseType: r.case_type,
  legalLimit: limit(r.legal_limit, r.legal_unit),
  promisedLimit: limit(r.promised_limit, r.promised_unit),
  feeStandard: r.fee_standard,
  stageSet: r.stage_set,
  specialProcedure: r.special_procedure,
  supplementMode: r.supplement_mode,
})

async function findItem(db: pg.Pool | pg.ClientBase, code: string | null): Promise<ItemRow | null> {
  if (code === null) return null
  const { rows } = await db.query<ItemRow>(sql('window_item'), [code])
  return rows[0] ?? null
}

const actionContext = (departmentCode: string, item: ItemRow | null): ActionContext => ({
  departmentCode,
  stageSet: item?.stage_set ?? DEFAULT_STAGE_SET,
  itemCaseType: item?.case_type ?? null,
})

/** Stores one event of the window inside the caller's transaction; throws (rolling back) if refused. */
async function emit(app: FastifyInstance, c: pg.PoolClient, raw: Record<string, unknown>, visible: readonly string[], nowMs: number): Promise<StoredBatch> {
  const batch = await storeEvents(app, c, [raw], { source: WINDOW_SOURCE, departments: visible }, { nowMs })
  const r = batch.results[0]
  if (!r || r.status === 'rejected') throw new AppError((r?.code as ConstructorParameters<typeof AppError>[0]) ?? 'INTERNAL', r?.detail)
  return batch
}

const audit = (c: pg.PoolClient, req: FastifyRequest, caseNo: string, kind: string, before: string | null, after: { status: string; eventId: string; departmentCode: string }) =>
  appendAudit(c, { actor: actorOf(req), action: `case.window.${kind}`, entity: 'case', entityId: caseNo, before: before === null ? null : { status: before }, after, requestId: req.id })

function stateAfter(events: readonly StoredEvent[], batch: StoredBatch): CaseState | null {
  const maxSeq = events.reduce((m, e) => Math.max(m, e.seq), 0)
  const added = batch.events.map((e, i) => ({ ...e, seq: maxSeq + i + 1, receivedAt: e.occurredAt }))
  return foldCase([...events, ...added])
}

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

const window: FastifyPluginAsyncTypebox = async (app) => {
  const context = createContextProvider(app.pg)

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
          const ctx = await context.forCase(r.department_code, r.item_code)
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
    async (req, reply) => {
      const user = req.user!
      const b = req.body
      const item = await findItem(app.pg, b.itemCode)
      if (!item) throw new AppError('UNKNOWN_ITEM', b.itemCode)
      const visible = await visibleDepartments(app.pg, user.userId)
      if (!visible.includes(item.department_code)) throw new AppError('DEPARTMENT_OUT_OF_SCOPE', item.department_code)
      if (b.applicant.name.trim() === '') throw new AppError('APPLICANT_REQUIRED')
      const nowMs = Date.now()
      let occurredAt = new Date(nowMs).toISOString()
      if (b.submittedAt !== undefined) {
        const at = DateTime.fromISO(b.submittedAt, { setZone: true })
        if (!at.isValid || !/(Z|[+-]\d{2}:?\d{2})$/.test(b.submittedAt)) throw new AppError('INVALID_DATE', b.submittedAt)
        if (at.toMillis() > nowMs) throw new AppError('DATE_OUT_OF_RANGE', b.submittedAt)
        occurredAt = at.toUTC().toISO() as string
      }
      const year = DateTime.fromISO(occurredAt, { zone: item.time_zone ?? 'Asia/Shanghai' }).year
      const applicant = Object.fromEntries(Object.entries({ name: b.applicant.name.trim(), idNumber: b.applicant.idNumber?.trim() || undefined, phone: b.applicant.phone?.trim() || undefined }).filter(([, v]) => v !== undefined))
      const { batch, caseNo, eventId } = await withTransaction(app.pg, async (c) => {
        let caseNo = ''
        for (let i = 0; i < MAX_NUMBER_TRIES; i++) {
          const { rows } = await c.query<{ last_no: number }>(sql('window_case_number_next'), [item.department_code, year])
          caseNo = formatCaseNo(item.department_code, year, rows[0]!.last_no)
          const taken = await c.query<{ taken: boolean }>(sql('window_case_no_taken'), [caseNo])
          if (!taken.rows[0]?.taken) break
          if (i === MAX_NUMBER_TRIES - 1) throw new AppError('CONFLICT', 'case number')
        }
        const eventId = `window-${randomUUID()}`
        const raw = { eventId, kind: 'submitted', occurredAt, caseNo, departmentCode: item.department_code, body: { itemCode: item.code, applicant, channel: b.channel ?? 'window' } }
        const batch = await emit(app, c, raw, visible, nowMs)
        await audit(c, req, caseNo, 'submitted', null, { status: 'submitted', eventId, departmentCode: item.department_code })
        return { batch, caseNo, eventId }
      })
      const projectionQueued = await finishIngest(app, batch, 'json')
      const state = stateAfter([], batch)
      const next = availableActions(state, actionContext(item.department_code, item))
      return reply.code(201).send({ caseNo, eventId, kind: 'submitted', departmentCode: item.department_code, occurredAt, status: state?.status ?? 'submitted', ...next, projectionQueued })
    },
  )

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
      const clock = caseClock(state, { ...(await context.forCase(state.departmentCode, state.itemCode)), nowMs: Date.now(), explain: true })
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
      const user = req.user!
      const { caseNo } = req.params as { caseNo: string }
      const body = req.body as Record<string, unknown> & { departmentCode?: string; handler?: string; approver?: string; jointDepartments?: string[] }
      const handler = body.handler ?? user.displayName
      const input = { ...body, action: name, handler, ...(name === 'suspend' ? { approver: body.approver ?? handler } : {}) } as unknown as WindowAction
      delete (input as { departmentCode?: string }).departmentCode
      const visible = await visibleDepartments(app.pg, user.userId)
      if (body.jointDepartments) {
        const known = await app.departments.known(body.jointDepartments)
        const unknown = body.jointDepartments.find((d) => !known.has(d))
        if (unknown !== undefined) throw new AppError('JOINT_DEPARTMENTS_INVALID', unknown)
      }
      const nowMs = Date.now()
      const occurredAt = new Date(nowMs).toISOString()
      const out = await withTransaction(app.pg, async (c) => {
        const { state, events } = await loadCase(c, caseNo, { lock: true })
        if (!state) throw new AppError('NOT_FOUND')
        const acting = actingDepartment(state, visible, user, body.departmentCode)
        if (!acting.ok) throw new AppError(acting.code, acting.detail)
        const item = await findItem(c, state.itemCode)
        const ctx = actionContext(acting.departmentCode, item)
        const refused = checkAction(state, input, ctx)
        if (refused) throw new AppError(refused.code, refused.detail)
        const ev = actionEvent(state, input, ctx)
        const eventId = `window-${randomUUID()}`
        const batch = await emit(app, c, { eventId, kind: ev.kind, occurredAt, caseNo, departmentCode: acting.departmentCode, body: ev.body }, visible, nowMs)
        const after = stateAfter(events, batch)
        await audit(c, req, caseNo, ev.kind, state.status, { status: after?.status ?? state.status, eventId, departmentCode: acting.departmentCode })
        return { batch, after, ctx, eventId, kind: ev.kind, departmentCode: acting.departmentCode }
      })
      const projectionQueued = await finishIngest(app, out.batch, 'json')
      const next = availableActions(out.after, out.ctx)
      return reply.code(201).send({ caseNo, eventId: out.eventId, kind: out.kind, departmentCode: out.departmentCode, occurredAt, status: out.after?.status ?? '', ...next, projectionQueued })
    },
  )
}

export default window

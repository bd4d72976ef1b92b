/**
 * The approval module's writes (窗口办件) as a service: registering a case and acting on one, each
 * one transaction of several statements (the case's lock, the checks against its folded events,
 * one event through the shared ingest path, the audit row), then the projection's enqueue. The
 * routes (server/routes/window.ts) only validate, call, and answer.
 *
 * Nothing here writes the cases tables: the event's projection does (workers/project.ts).
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { DateTime } from 'luxon'
import { foldCase, type CaseState } from '../../domain/case/foldCase.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { actingDepartment } from '../../domain/window/actingDepartment.ts'
import { actionEvent } from '../../domain/window/actionEvent.ts'
import { availableActions } from '../../domain/window/availableActions.ts'
import { checkAction } from '../../domain/window/checkAction.ts'
import { formatCaseNo } from '../../domain/window/formatCaseNo.ts'
import type { ActionContext, WindowAction, WindowActionName } from '../../domain/window/types.ts'
import { sql } from '../../sql/queries.ts'
import { appendAudit, withTransaction, type AuditActor } from '../audit.ts'
import { AppError } from '../errors.ts'
import { finishIngest, storeEvents, type StoredBatch } from '../ingest.ts'
import type { UserPrincipal } from '../auth/session.ts'
import { loadCase, visibleDepartments } from './loadCase.ts'

/** The source name of events the window emits. */
export const WINDOW_SOURCE = 'window'
const DEFAULT_STAGE_SET = ['accepted', 'undertaken', 'reviewed', 'approved', 'concluded']
const MAX_NUMBER_TRIES = 50

export interface ItemRow {
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

/** An item row as the API shows it (`ItemSchema`). */
export const itemOut = (r: ItemRow) => ({
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

export async function findItem(db: pg.Pool | pg.ClientBase, code: string | null): Promise<ItemRow | null> {
  if (code === null) return null
  const { rows } = await db.query<ItemRow>(sql('window_item'), [code])
  return rows[0] ?? null
}

export const actionContext = (departmentCode: string, item: ItemRow | null): ActionContext => ({
  departmentCode,
  stageSet: item?.stage_set ?? DEFAULT_STAGE_SET,
  itemCaseType: item?.case_type ?? null,
})

/** Who asks, for the checks and the audit row. */
export interface WindowCaller {
  user: UserPrincipal
  actor: AuditActor
  requestId: string
}

/** What a register or an action answers (`ActionResponse`). */
export interface WindowActionResult {
  caseNo: string
  eventId: string
  kind: string
  departmentCode: string
  occurredAt: string
  status: string
  actions: WindowActionName[]
  nextStage: string | null
  projectionQueued: boolean
}

/** Stores one event of the window inside the caller's transaction; throws (rolling back) if refused. */
async function emit(app: FastifyInstance, c: pg.PoolClient, raw: Record<string, unknown>, visible: readonly string[], nowMs: number): Promise<StoredBatch> {
  const batch = await storeEvents(app, c, [raw], { source: WINDOW_SOURCE, departments: visible }, { nowMs })
  const r = batch.results[0]
  if (!r || r.status === 'rejected') throw new AppError((r?.code as ConstructorParameters<typeof AppError>[0]) ?? 'INTERNAL', r?.detail)
  return batch
}

const audit = (c: pg.PoolClient, caller: WindowCaller, caseNo: string, kind: string, before: string | null, after: { status: string; eventId: string; departmentCode: string }) =>
  appendAudit(c, { actor: caller.actor, action: `case.window.${kind}`, entity: 'case', entityId: caseNo, before: before === null ? null : { status: before }, after, requestId: caller.requestId })

function stateAfter(events: readonly StoredEvent[], batch: StoredBatch): CaseState | null {
  const maxSeq = events.reduce((m, e) => Math.max(m, e.seq), 0)
  const added = batch.events.map((e, i) => ({ ...e, seq: maxSeq + i + 1, receivedAt: e.occurredAt }))
  return foldCase([...events, ...added])
}

/** The case's occurred-at: now, or the given submission time (with an offset, not in the future). */
function submissionTime(submittedAt: string | undefined, nowMs: number): string {
  if (submittedAt === undefined) return new Date(nowMs).toISOString()
  const at = DateTime.fromISO(submittedAt, { setZone: true })
  if (!at.isValid || !/(Z|[+-]\d{2}:?\d{2})$/.test(submittedAt)) throw new AppError('INVALID_DATE', submittedAt)
  if (at.toMillis() > nowMs) throw new AppError('DATE_OUT_OF_RANGE', submittedAt)
  return at.toUTC().toISO() as string
}

/** The next free case number of the department and year (inside the transaction). */
async function nextCaseNo(c: pg.PoolClient, departmentCode: string, year: number): Promise<string> {
  for (let i = 0; i < MAX_NUMBER_TRIES; i++) {
    const { rows } = await c.query<{ last_no: number }>(sql('window_case_number_next'), [departmentCode, year])
    const caseNo = formatCaseNo(departmentCode, year, rows[0]!.last_no)
    const taken = await c.query<{ taken: boolean }>(sql('window_case_no_taken'), [caseNo])
    if (!taken.rows[0]?.taken) return caseNo
  }
  throw new AppError('CONFLICT', 'case number')
}

export interface RegisterInput {
  itemCode: string
  applicant: { name: string; idNumber?: string; phone?: string }
  channel?: 'window' | 'online'
  submittedAt?: string
}

/** Registers a case (收件): a new case number and its `submitted` event, in one transaction. */
export async function registerCase(app: FastifyInstance, caller: WindowCaller, b: RegisterInput, nowMs = Date.now()): Promise<WindowActionResult> {
  const item = await findItem(app.pg, b.itemCode)
  if (!item) throw new AppError('UNKNOWN_ITEM', b.itemCode)
  const visible = await visibleDepartments(app.pg, caller.user.userId)
  if (!visible.includes(item.department_code)) throw new AppError('DEPARTMENT_OUT_OF_SCOPE', item.department_code)
  if (b.applicant.name.trim() === '') throw new AppError('APPLICANT_REQUIRED')
  const occurredAt = submissionTime(b.submittedAt, nowMs)
  const year = DateTime.fromISO(occurredAt, { zone: item.time_zone ?? 'Asia/Shanghai' }).year
  const applicant = Object.fromEntries(Object.entries({ name: b.applicant.name.trim(), idNumber: b.applicant.idNumber?.trim() || undefined, phone: b.applicant.phone?.trim() || undefined }).filter(([, v]) => v !== undefined))
  const { batch, caseNo, eventId } = await withTransaction(app.pg, async (c) => {
    const caseNo = await nextCaseNo(c, item.department_code, year)
    const eventId = `window-${randomUUID()}`
    const raw = { eventId, kind: 'submitted', occurredAt, caseNo, departmentCode: item.department_code, body: { itemCode: item.code, applicant, channel: b.channel ?? 'window' } }
    const batch = await emit(app, c, raw, visible, nowMs)
    await audit(c, caller, caseNo, 'submitted', null, { status: 'submitted', eventId, departmentCode: item.department_code })
    return { batch, caseNo, eventId }
  })
  const projectionQueued = await finishIngest(app, batch, 'json')
  const state = stateAfter([], batch)
  const next = availableActions(state, actionContext(item.department_code, item))
  return { caseNo, eventId, kind: 'submitted', departmentCode: item.department_code, occurredAt, status: state?.status ?? 'submitted', ...next, projectionQueued }
}

export type ActionBody = Record<string, unknown> & { departmentCode?: string; handler?: string; approver?: string; jointDepartments?: string[] }

/**
 * One action on a case: under the case's lock, checked against its folded events, one event
 * through the ingest path and its audit row, in one transaction; a refused action stores nothing.
 */
export async function actOnCase(app: FastifyInstance, caller: WindowCaller, caseNo: string, name: WindowActionName, body: ActionBody, nowMs = Date.now()): Promise<WindowActionResult> {
  const { user } = caller
  const handler = body.handler ?? user.displayName
  const input = { ...body, action: name, handler, ...(name === 'suspend' ? { approver: body.approver ?? handler } : {}) } as unknown as WindowAction
  delete (input as { departmentCode?: string }).departmentCode
  const visible = await visibleDepartments(app.pg, user.userId)
  if (body.jointDepartments) {
    const known = await app.departments.known(body.jointDepartments)
    const unknown = body.jointDepartments.find((d) => !known.has(d))
    if (unknown !== undefined) throw new AppError('JOINT_DEPARTMENTS_INVALID', unknown)
  }
  const occurredAt = new Date(nowMs).toISOString()
  const out = await withTransaction(app.pg, async (c) => {
    const { state, events } = await loadCase(c, caseNo, { lock: true })
    if (!state) throw new AppError('NOT_FOUND')
    const acting = actingDepartment(state, visible, user, body.departmentCode)
    if (!acting.ok) throw new AppError(acting.code, acting.detail)
    const ctx = actionContext(acting.departmentCode, await findItem(c, state.itemCode))
    const refused = checkAction(state, input, ctx)
    if (refused) throw new AppError(refused.code, refused.detail)
    const ev = actionEvent(state, input, ctx)
    const eventId = `window-${randomUUID()}`
    const batch = await emit(app, c, { eventId, kind: ev.kind, occurredAt, caseNo, departmentCode: acting.departmentCode, body: ev.body }, visible, nowMs)
    const after = stateAfter(events, batch)
    await audit(c, caller, caseNo, ev.kind, state.status, { status: after?.status ?? state.status, eventId, departmentCode: acting.departmentCode })
    return { batch, after, ctx, eventId, kind: ev.kind, departmentCode: acting.departmentCode }
  })
  const projectionQueued = await finishIngest(app, out.batch, 'json')
  const next = availableActions(out.after, out.ctx)
  return { caseNo, eventId: out.eventId, kind: out.kind, departmentCode: out.departmentCode, occurredAt, status: out.after?.status ?? '', ...next, projectionQueued }
}

/**
 * The handling department answers a petition (答复) from the approval module: one transaction that
 * takes the petition's projection lock, folds its events (domain/case/foldPetition), checks that
 * the petition belongs to the caller's departments and is not answered or closed yet, stores one
 * `petition.replied` event through the shared ingest path (server/ingest.ts, source `window`) and
 * appends the audit row; then the projection is enqueued. Nothing here writes the petitions table:
 * the event's projection does, and the citizen reads the answer by tracking code
 * (POST /api/v1/public/complaints/track), masked; the supervision office may publish it.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { foldPetition } from '../../domain/case/foldPetition.ts'
import type { WindowPetitionAnswerResult } from '../../domain/contracts/api/windowPetitions.ts'
import type { ErrorCode } from '../../domain/errors.ts'
import { sql } from '../../sql/queries.ts'
import { toStoredEvent, type EventRow } from '../../sql/storedEvent.ts'
import { appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { finishIngest, storeEvents } from '../ingest.ts'
import { visibleDepartments } from './loadCase.ts'
import { WINDOW_SOURCE, type WindowCaller } from './service.ts'

export interface AnswerInput {
  answer: string
  handler?: string
}

/** Answers one petition; 404 outside the caller's departments, 409 when answered or closed already. */
export async function answerPetition(app: FastifyInstance, caller: WindowCaller, petitionNo: string, input: AnswerInput, nowMs = Date.now()): Promise<WindowPetitionAnswerResult> {
  const reply = input.answer.trim()
  if (reply === '') throw new AppError('BLANK_TEXT', 'answer')
  const handler = input.handler?.trim() || caller.user.displayName
  const visible = await visibleDepartments(app.pg, caller.user.userId)
  const occurredAt = new Date(nowMs).toISOString()
  const eventId = `window-${randomUUID()}`
  const batch = await withTransaction(app.pg, async (c) => {
    await c.query(sql('lock_subjects'), [[petitionNo], 'petition'])
    const { rows } = await c.query<EventRow>(sql('petition_events'), [[petitionNo]])
    const state = foldPetition(rows.map((r) => toStoredEvent(r, 'petition')))
    // outside the scope exactly like absent
    if (!state || !visible.includes(state.departmentCode)) throw new AppError('NOT_FOUND')
    if (state.status === 'replied' || state.status === 'closed') throw new AppError('PETITION_ALREADY_ANSWERED', state.status)
    const raw = { eventId, kind: 'petition.replied', occurredAt, petitionNo, departmentCode: state.departmentCode, body: { handler, reply } }
    const b = await storeEvents(app, c, [raw], { source: WINDOW_SOURCE, departments: visible }, { nowMs })
    const r = b.results[0]
    if (!r || r.status !== 'accepted') throw new AppError((r?.code as ErrorCode | undefined) ?? 'CONFLICT', r?.detail)
    await appendAudit(c, {
      actor: caller.actor,
      action: 'petition.window.replied',
      entity: 'petition',
      entityId: petitionNo,
      // the answer's text is in the event; the audit row records the step, not the words
      before: { status: state.status },
      after: { status: 'replied', eventId, departmentCode: state.departmentCode, handler, answerLength: Array.from(reply).length },
      requestId: caller.requestId,
    })
    return b
  })
  const projectionQueued = await finishIngest(app, batch, 'json')
  return { petitionNo, eventId, status: 'replied', repliedAt: occurredAt, projectionQueued }
}

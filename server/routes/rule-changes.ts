/**
 * Rule and calendar changes with a preview before save (issue 19), for administrators:
 * - POST /api/v1/rules/preview: what a proposed scheme or calendar-override change would do to the
 *   open cases (counts by level move and department, cards raised/revoked, the first cases); a
 *   scheme change applies to every open case now, or (`acceptedFrom`) only to the cases accepted
 *   from a date — a new version of the scope's scheme, older cases keep theirs (migration 270);
 *   an item's limits likewise (a new version of the item's limits, migration 320);
 * - POST /api/v1/rules/changes: save it — change, recompute and record with its preview in one
 *   transaction (sql/ruleChangeSave.ts), audited; 409 when another change was saved since the preview;
 * - GET /api/v1/rules/changes: the history; POST /api/v1/rules/changes/undo: undo the latest as a
 *   new change (its preview: POST /preview with the listed `inverse`).
 * No personal data in any answer: cases are named by number and department only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { PreviewBody, PreviewResponse, RuleChangeRecord, SaveBody, SaveResponse, type CaseMove, type WhatIfSummary } from '../../domain/contracts/api/ruleChanges.ts'
import type { RuleChange } from '../../domain/rules/whatIf/types.ts'
import { LimitVersionMissing, RuleChangeConflict, saveRuleChange, SchemeVersionMissing, type SavedChange } from '../../sql/ruleChangeSave.ts'
import { previewChange, scopeOf, type ChangeScope } from '../../sql/ruleChanges.ts'
import { sql } from '../../sql/queries.ts'
import { resolveWallJurisdiction } from '../../sql/wall.ts'
import { actorOf, appendAudit } from '../audit.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

interface ListRow {
  id: string; change: RuleChange; inverse: RuleChange; reason: string; requested_by: string; at: Date
  summary: RuleChangeRecord['summary']; recompute_id: string | null; undoes: string | null; undone_by: string | null
}

const toRecord = (j: string, r: ListRow): RuleChangeRecord => ({
  id: r.id, jurisdictionCode: j, change: r.change, inverse: r.inverse, reason: r.reason, requestedBy: r.requested_by,
  at: new Date(r.at).toISOString(), summary: r.summary, recomputeId: r.recompute_id, undoes: r.undoes, undoneBy: r.undone_by,
})

/** Checks a change and finds its scope: 400 for a bad one, 404 for an unknown scope code. */
async function checked(app: TypeboxApp, change: RuleChange): Promise<ChangeScope> {
  if (change.kind === 'calendarOverride' && Number.isNaN(toEpochDay(change.date))) throw new AppError('INVALID_DATE', change.date)
  if (change.kind === 'calendarOverride' && (change.date < '2000' || change.date > '2100')) throw new AppError('VALIDATION_FAILED', 'date: 2000–2100')
  if (change.kind === 'scheme' && change.scheme && change.scheme.red < change.scheme.yellow) throw new AppError('VALIDATION_FAILED', 'red must be on or after yellow')
  if ((change.kind === 'scheme' || change.kind === 'itemLimits') && change.acceptedFrom) {
    if (Number.isNaN(toEpochDay(change.acceptedFrom))) throw new AppError('INVALID_DATE', change.acceptedFrom)
    if (change.acceptedFrom < '2000' || change.acceptedFrom > '2100') throw new AppError('VALIDATION_FAILED', 'acceptedFrom: 2000–2100')
  }
  if (change.kind === 'itemLimits' && change.promised && change.legal && change.promised.unit === change.legal.unit && change.promised.value > change.legal.value) {
    throw new AppError('VALIDATION_FAILED', 'promised: longer than the legal limit')
  }
  const scope = await scopeOf(app.pg, change)
  if (!scope) {
    throw new AppError('NOT_FOUND', change.kind === 'scheme' || change.kind === 'schemeRetract' ? `${change.scope} ${change.code}` : change.kind === 'itemLimits' || change.kind === 'itemLimitsRetract' ? `item ${change.code}` : `jurisdiction ${change.jurisdictionCode}`)
  }
  return scope
}
const lastId = async (app: TypeboxApp, j: string) => (await app.pg.query<{ id: string }>(sql('rule_change_last'), [j])).rows[0]?.id ?? null

/** Saves (or undoes), audits, queues the projection's part of the recompute. */
async function save(app: TypeboxApp, req: Parameters<typeof actorOf>[0], change: RuleChange, reason: string, baseChangeId: string | null, undoes: string | null) {
  const user = req.user
  if (!user) throw new AppError('UNAUTHENTICATED')
  const scope = await checked(app, change)
  let saved: SavedChange
  try {
    saved = await saveRuleChange(app.pg, {
      change, scope, reason: reason.trim(), requestedBy: user.login, nowMs: Date.now(), baseChangeId, undoes,
      onSaved: async (c, s) => {
        await appendAudit(c, { actor: actorOf(req), action: undoes ? 'rule_change.undo' : 'rule_change.save', entity: 'rule_change', entityId: s.id, before: s.inverse, after: change, requestId: req.id })
      },
    })
  } catch (err) {
    if (err instanceof RuleChangeConflict) throw new AppError('CONFLICT', err.message)
    if (err instanceof SchemeVersionMissing || err instanceof LimitVersionMissing) throw new AppError('NOT_FOUND', err.message)
    throw err
  }
  // stopped clocks and stage clocks are the projection's (as after any calendar change)
  const recomputeQueued = saved.recompute.reproject > 0
    ? await app.queues.enqueueMaintenance('recompute', { jurisdictionCode: scope.jurisdictionCode, departmentCode: scope.departmentCode, itemCode: scope.itemCode, reason: `rule change ${saved.id}: ${reason.trim()}`, requestedBy: user.login })
    : false
  const row = (await app.pg.query<ListRow>(sql('rule_change_list'), [scope.jurisdictionCode, 1])).rows[0]!
  const { reproject: _r, ...recompute } = saved.recompute
  return { change: toRecord(scope.jurisdictionCode, row), cases: saved.preview.moves.slice(0, 50) as CaseMove[], recompute, recomputeQueued }
}

const ruleChanges: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/rules/preview',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Preview a level-scheme or calendar-override change: which open cases would move or change level, by department and level, and the cards raised or revoked; nothing is written',
        body: PreviewBody,
        response: { 200: PreviewResponse, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const change = req.body.change as RuleChange
      const scope = await checked(app, change)
      const t0 = performance.now()
      const nowMs = Date.now()
      const [r, base] = await Promise.all([previewChange(app.pg, change, scope, nowMs), lastId(app, scope.jurisdictionCode)])
      return {
        jurisdictionCode: scope.jurisdictionCode, at: new Date(nowMs).toISOString(), baseChangeId: base,
        summary: r.summary as WhatIfSummary, cases: r.moves.slice(0, req.body.limit ?? 50) as CaseMove[], elapsedMs: Math.round(performance.now() - t0),
      }
    },
  )

  app.post(
    '/api/v1/rules/changes',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Save a level-scheme or calendar-override change: applied, recomputed and recorded with its preview in one transaction; 409 when another change was saved since the preview',
        body: SaveBody,
        response: { 201: SaveResponse, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await save(app, req, req.body.change as RuleChange, req.body.reason, req.body.baseChangeId, null)),
  )

  app.get(
    '/api/v1/rules/changes',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Saved rule and calendar changes of a jurisdiction, newest first, each with its preview summary, who, when, why and its inverse',
        querystring: Type.Object({ jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Object({ jurisdictionCode: Type.String(), latestId: Type.Union([Type.String(), Type.Null()]), items: Type.Array(RuleChangeRecord) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const j = req.query.jurisdiction ?? (await resolveWallJurisdiction(app.pg, app.config.jurisdictionCode))
      if (!j) throw new AppError('NOT_FOUND', 'no jurisdiction')
      const rows = (await app.pg.query<ListRow>(sql('rule_change_list'), [j, req.query.limit ?? 50])).rows
      return { jurisdictionCode: j, latestId: rows[0]?.id ?? null, items: rows.map((r) => toRecord(j, r)) }
    },
  )

  app.post(
    '/api/v1/rules/changes/undo',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Undo the latest saved change of a jurisdiction, as a new change (its inverse) with its own preview and recompute; 409 when it is not the latest any more',
        body: Type.Object({ jurisdictionCode: Type.String({ pattern: '^[0-9]{6}$' }), changeId: Type.String({ pattern: '^[0-9]{1,19}$' }), reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 201: SaveResponse, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const last = (await app.pg.query<{ id: string; inverse: RuleChange }>(sql('rule_change_last'), [req.body.jurisdictionCode])).rows[0]
      if (!last) throw new AppError('NOT_FOUND', 'no saved change')
      if (last.id !== req.body.changeId) throw new AppError('CONFLICT', `change ${req.body.changeId} is not the latest (${last.id} is)`)
      return reply.code(201).send(await save(app, req, last.inverse, req.body.reason, last.id, last.id))
    },
  )
}

export default ruleChanges



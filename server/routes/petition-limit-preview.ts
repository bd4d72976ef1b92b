/**
 * Preview of a petition time limit change (issue 19 "preview before save"), for administrators:
 * POST /api/v1/rules/petition-limits/preview answers what setting one limit (a kind's acknowledge
 * or conclude limit in a jurisdiction) would do to the open petitions of that kind — counts by
 * level move and department, cards raised/revoked, the first petitions with old and new deadline
 * and level — computed by `petitionClock`, the function the projection writes them with, under the
 * limits before and after; nothing is written. The save is the existing
 * PUT /api/v1/petition-limits/:jurisdiction/:kind/:stage, which re-projects the open petitions;
 * with `acceptedFrom` (both here and in the PUT) only the petitions received from that date take
 * the new limit (a version, migration 320), the others keep theirs
 * (server/test/petition-limit-preview.test.ts: the projected clocks equal the preview's).
 * No personal data: petitions are named by number and department only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import type { PetitionState } from '../../domain/case/foldPetition.ts'
import { PreviewResponse, type CaseMove, type WhatIfSummary } from '../../domain/contracts/api/ruleChanges.ts'
import { PETITION_KINDS, type PetitionKind } from '../../domain/events/schema.ts'
import { petitionLimitsAfter, petitionWhatIf, type PetitionRules } from '../../domain/rules/whatIf/petitionWhatIf.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { versionHolds } from '../../domain/rules/schemeVersions.ts'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import { parseInstant } from '../../domain/calendar/parseInstant.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'

const Body = Type.Object(
  {
    jurisdictionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    petitionKind: Type.Union(PETITION_KINDS.map((k) => Type.Literal(k))),
    stage: Type.Union([Type.Literal('acknowledge'), Type.Literal('conclude')]),
    limit: Type.Object({ value: Type.Integer({ minimum: 0, maximum: 365 }), unit: Type.Union([Type.Literal('workday'), Type.Literal('day')]) }, { additionalProperties: false }),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** Effective from (migration 320): only the petitions received on or after this local date take the new limit. */
    acceptedFrom: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])),
  },
  { additionalProperties: false },
)

const petitionLimitPreview: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/rules/petition-limits/preview',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Preview a petition time limit change: which open petitions of the kind would move or change level, by department and level, and the cards raised or revoked; nothing is written',
        body: Body,
        response: { 200: PreviewResponse, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const b = req.body
      if (b.acceptedFrom && (Number.isNaN(toEpochDay(b.acceptedFrom)) || b.acceptedFrom < '2000' || b.acceptedFrom > '2100')) throw new AppError('INVALID_DATE', b.acceptedFrom)
      const t0 = performance.now()
      const nowMs = Date.now()
      const { rows: j } = await app.pg.query<{ jurisdiction_code: string | null }>(sql('scope_jurisdiction'), ['jurisdiction', b.jurisdictionCode])
      if (!j[0]?.jurisdiction_code) throw new AppError('NOT_FOUND', `jurisdiction ${b.jurisdictionCode}`)
      const { rows } = await app.pg.query<{ state: PetitionState }>(sql('rule_preview_petitions'), [b.jurisdictionCode, b.petitionKind])
      // a fresh context: the limits and calendar as stored now (not a cached copy)
      const context = createContextProvider(app.pg, { ttlMs: 60_000 })
      // per petition: its department's rules under the scheme version its receipt selects (migration 270)
      const rules = new Map<PetitionState, { before: PetitionRules; after: PetitionRules }>()
      const change = { petitionKind: b.petitionKind as PetitionKind, stage: b.stage, limit: b.limit }
      for (const { state } of rows) {
        const ctx = await context.forPetition(state.departmentCode, state.receivedAt)
        const before: PetitionRules = { calendar: ctx.calendar, zone: ctx.zone, scheme: ctx.scheme, overdueCards: ctx.overdueCards, limits: ctx.limits }
        // the new version governs the petitions its date holds for (domain/rules/limitVersions.ts: the newest holding version wins)
        const received = state.receivedAt === null ? null : fromEpochDay(localDayOf(parseInstant(state.receivedAt), ctx.zone))
        const holds = versionHolds({ acceptedFrom: b.acceptedFrom ?? null }, received)
        rules.set(state, { before, after: holds ? { ...before, limits: petitionLimitsAfter(ctx.limits, change) } : before })
      }
      const r = petitionWhatIf({ petitions: rows.map((x) => x.state), rulesOf: (_d, p) => rules.get(p)!, nowMs })
      return {
        jurisdictionCode: b.jurisdictionCode, at: new Date(nowMs).toISOString(), baseChangeId: null,
        summary: r.summary as WhatIfSummary, cases: r.moves.slice(0, b.max ?? 50) as CaseMove[], elapsedMs: Math.round(performance.now() - t0),
      }
    },
  )
}

export default petitionLimitPreview

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
 * POST /api/v1/rules/petition-limits/retract/preview previews the undo — the retraction of a
 * version (DELETE petition-limits/:jurisdiction/versions/:id) — by running the retraction's own
 * statements in a transaction it rolls back and reading the petitions' rules inside it.
 * No personal data: petitions are named by number and department only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import type { PetitionState } from '../../domain/case/foldPetition.ts'
import { PreviewResponse, type CaseMove, type WhatIfSummary } from '../../domain/contracts/api/ruleChanges.ts'
import { PETITION_KINDS, type PetitionKind } from '../../domain/events/schema.ts'
import { petitionLimitsAfter, petitionWhatIf, type PetitionRules } from '../../domain/rules/whatIf/petitionWhatIf.ts'
import { createContextProvider, type PetitionContext } from '../../sql/clockContext.ts'
import { retractPetitionLimitVersion } from '../../sql/petitionLimits.ts'
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
const RetractBody = Type.Object(
  { jurisdictionCode: Type.String({ pattern: '^[0-9]{6}$' }), versionId: Type.String({ pattern: '^[0-9]{1,19}$' }), max: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
)

type Db = Parameters<typeof createContextProvider>[0]
const BEFORE = (ctx: PetitionContext): PetitionRules => ({ calendar: ctx.calendar, zone: ctx.zone, scheme: ctx.scheme, overdueCards: ctx.overdueCards, limits: ctx.limits })

/** The open petitions of a kind in a jurisdiction, as folded by the projection. */
const openPetitions = async (db: Db, jurisdictionCode: string, kind: string) =>
  (await db.query<{ state: PetitionState }>(sql('rule_preview_petitions'), [jurisdictionCode, kind])).rows.map((r) => r.state)

/** Each petition's rules as the projection would read them from `db` now (a fresh context: not a cached copy). */
async function rulesNow(db: Db, petitions: readonly PetitionState[]): Promise<Map<PetitionState, PetitionContext>> {
  const context = createContextProvider(db, { ttlMs: 60_000 })
  const out = new Map<PetitionState, PetitionContext>()
  for (const p of petitions) out.set(p, await context.forPetition(p.departmentCode, p.receivedAt))
  return out
}

/** The answer: the what-if of the petitions under their rules before and after. */
function answer(jurisdictionCode: string, petitions: readonly PetitionState[], rules: Map<PetitionState, { before: PetitionRules; after: PetitionRules }>, nowMs: number, max: number, t0: number) {
  const r = petitionWhatIf({ petitions, rulesOf: (_d, p) => rules.get(p)!, nowMs })
  return {
    jurisdictionCode, at: new Date(nowMs).toISOString(), baseChangeId: null,
    summary: r.summary as WhatIfSummary, cases: r.moves.slice(0, max) as CaseMove[], elapsedMs: Math.round(performance.now() - t0),
  }
}

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
      const petitions = await openPetitions(app.pg, b.jurisdictionCode, b.petitionKind)
      // per petition: its department's rules under the scheme version its receipt selects (migration 270)
      const contexts = await rulesNow(app.pg, petitions)
      const rules = new Map<PetitionState, { before: PetitionRules; after: PetitionRules }>()
      const change = { petitionKind: b.petitionKind as PetitionKind, stage: b.stage, limit: b.limit }
      for (const p of petitions) {
        const ctx = contexts.get(p)!
        const before = BEFORE(ctx)
        // the new version governs the petitions its date holds for (domain/rules/limitVersions.ts: the newest holding version wins)
        const received = p.receivedAt === null ? null : fromEpochDay(localDayOf(parseInstant(p.receivedAt), ctx.zone))
        const holds = versionHolds({ acceptedFrom: b.acceptedFrom ?? null }, received)
        rules.set(p, { before, after: holds ? { ...before, limits: petitionLimitsAfter(ctx.limits, change) } : before })
      }
      return answer(b.jurisdictionCode, petitions, rules, nowMs, b.max ?? 50, t0)
    },
  )

  app.post(
    '/api/v1/rules/petition-limits/retract/preview',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Preview the retraction of a petition limit version (the undo of its save): which open petitions of its kind would move or change level, and the cards raised or revoked; nothing is written',
        description: 'The retraction runs as DELETE petition-limits/:jurisdiction/versions/:id runs it, in a transaction that is rolled back; the petitions\' rules after it are read inside that transaction.',
        body: RetractBody,
        response: { 200: PreviewResponse, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { jurisdictionCode, versionId } = req.body
      const t0 = performance.now()
      const nowMs = Date.now()
      const client = await app.pg.connect()
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
        const version = (await client.query<{ id: string; petition_kind: string }>(sql('petition_limit_versions'), [jurisdictionCode])).rows.find((v) => v.id === versionId)
        if (!version) throw new AppError('NOT_FOUND', `petition limit version ${versionId} of ${jurisdictionCode}`)
        const petitions = await openPetitions(client, jurisdictionCode, version.petition_kind)
        // before: the rules as stored; after: as the retraction leaves them (same statements, rolled back)
        const before = await rulesNow(client, petitions)
        await retractPetitionLimitVersion(client, jurisdictionCode, versionId)
        const after = await rulesNow(client, petitions)
        const rules = new Map(petitions.map((p) => [p, { before: BEFORE(before.get(p)!), after: BEFORE(after.get(p)!) }]))
        return answer(jurisdictionCode, petitions, rules, nowMs, req.body.max ?? 50, t0)
      } finally {
        await client.query('ROLLBACK').catch(() => {})
        client.release()
      }
    },
  )
}

export default petitionLimitPreview

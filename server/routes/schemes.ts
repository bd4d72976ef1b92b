/**
 * Level schemes (预警/黄牌/红牌 thresholds and card-rule switches) per jurisdiction, department or
 * item, for administrators, and petition time limits — each limit save a version, for every
 * petition or for those received from a date (migration 320), retractable. A change is audited
 * and recomputes the open cases (petitions) it governs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { retractPetitionLimitVersion } from '../../sql/petitionLimits.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'

const Scope = Type.Union([Type.Literal('jurisdiction'), Type.Literal('department'), Type.Literal('item')])
const CardRules = Type.Object(
  { overdue: Type.Optional(Type.Boolean()), fee: Type.Optional(Type.Boolean()), procedure: Type.Optional(Type.Boolean()), oneTimeNotification: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
const SchemeBody = Type.Object(
  {
    warning: Type.Union([
      Type.Object({ offset: Type.Integer({ minimum: -30, maximum: 0 }) }, { additionalProperties: false }),
      Type.Object({ share: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) }, { additionalProperties: false }),
    ]),
    yellow: Type.Integer({ minimum: 1, maximum: 60 }),
    red: Type.Integer({ minimum: 1, maximum: 120 }),
    cardRules: Type.Optional(CardRules),
  },
  { additionalProperties: false },
)
const SchemeRow = Type.Object({
  id: Type.String(), scope: Type.String(), scope_code: Type.String(), warning_offset: Type.Union([Type.Integer(), Type.Null()]),
  warning_share: Type.Union([Type.Number(), Type.Null()]), yellow_offset: Type.Integer(), red_offset: Type.Integer(), card_rules: Type.Unknown(),
  /** Versioned schemes (migration 270): governs the cases accepted on or after this date; null: every case. */
  accepted_from: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.Unknown(), updated_by: Type.Union([Type.String(), Type.Null()]),
})

const PetitionKind = Type.Union(['consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint'].map((k) => Type.Literal(k)))
const LimitRow = Type.Object({ jurisdiction_code: Type.String(), petition_kind: Type.String(), stage: Type.String(), limit_value: Type.Integer(), limit_unit: Type.String() })

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

/** An effective-from date, checked: 400 INVALID_DATE for one that does not exist. */
function checkedDate(d: string | null): string | null {
  if (d === null) return null
  if (Number.isNaN(toEpochDay(d))) throw new AppError('INVALID_DATE', d)
  if (d < '2000' || d > '2100') throw new AppError('VALIDATION_FAILED', 'acceptedFrom: 2000–2100')
  return d
}

/** Petition time limits: the rows, a save (now or from a date: a version), the versions, a retraction. */
const petitionLimitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/petition-limits/:jurisdiction',
    {
      config: { policy: ['admin', 'supervisor'] },
      schema: {
        tags: ['rules'],
        summary: "Petition time limits: the jurisdiction's own rows and the shipped defaults ('*')",
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: { 200: Type.Array(LimitRow) },
      },
    },
    async (req) => (await app.pg.query(sql('petition_limits_list'), [req.params.jurisdiction])).rows,
  )

  app.put(
    '/api/v1/petition-limits/:jurisdiction/:kind/:stage',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Set a petition time limit (acknowledge or conclude) for a jurisdiction, for every open petition now or (acceptedFrom) only for the petitions received from a date; open petitions are recomputed',
        description: 'Each save is a version of the limit (migration 320); a petition keeps the limit of the version in force when it was received. Without acceptedFrom the jurisdiction\'s limit itself changes too. DELETE …/versions/:id retracts a version (the undo).',
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }), kind: PetitionKind, stage: Type.Union([Type.Literal('acknowledge'), Type.Literal('conclude')]) }),
        body: Type.Object(
          { value: Type.Integer({ minimum: 0, maximum: 365 }), unit: Type.Union([Type.Literal('workday'), Type.Literal('day')]), acceptedFrom: Type.Optional(Type.Union([IsoDate, Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ before: Type.Unknown(), after: Type.Unknown(), version: Type.Unknown(), recomputeQueued: Type.Boolean() }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { jurisdiction, kind, stage } = req.params
      const user = req.user
      if (!user) throw new AppError('UNAUTHENTICATED')
      const from = checkedDate(req.body.acceptedFrom ?? null)
      const { rows } = await app.pg.query<{ jurisdiction_code: string | null }>(sql('scope_jurisdiction'), ['jurisdiction', jurisdiction])
      if (!rows[0]?.jurisdiction_code) throw new AppError('NOT_FOUND', `jurisdiction ${jurisdiction}`)
      const change = await withTransaction(app.pg, async (c) => {
        // for every petition: the jurisdiction's limit changes (its value before kept for the retraction); from a date: a version only
        const r = from === null
          ? (await c.query<{ before: unknown; after: unknown }>(sql('petition_limit_upsert'), [jurisdiction, kind, stage, req.body.value, req.body.unit])).rows[0]!
          : { before: null, after: null }
        const version = (await c.query(sql('petition_limit_version_insert'), [
          jurisdiction, kind, stage, req.body.value, req.body.unit, from, from === null ? JSON.stringify(r.before ?? { none: true }) : null, user.login,
        ])).rows[0]
        await appendAudit(c, { actor: actorOf(req), action: 'petition_limit.set', entity: 'petition_limit', entityId: `${jurisdiction}:${kind}:${stage}`, before: r.before, after: { ...req.body, version }, requestId: req.id })
        return { ...r, version }
      })
      const recomputeQueued = await app.queues.enqueueMaintenance('recompute', { jurisdictionCode: jurisdiction, petitions: true, reason: `petition limit ${kind}/${stage}`, requestedBy: user.login })
      return { ...change, recomputeQueued }
    },
  )

  app.get(
    '/api/v1/petition-limits/:jurisdiction/versions',
    {
      config: { policy: ['admin', 'supervisor'] },
      schema: {
        tags: ['rules'],
        summary: "The saved versions of a jurisdiction's petition limits, oldest first, each with its effective-from date (null: every petition)",
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }) },
      },
    },
    async (req) => ({ items: (await app.pg.query(sql('petition_limit_versions'), [req.params.jurisdiction])).rows }),
  )

  app.delete(
    '/api/v1/petition-limits/:jurisdiction/versions/:id',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Retract a saved version of a petition limit (the undo of its save): the petitions it governed take the limit in force without it; open petitions are recomputed (its preview: POST rules/petition-limits/retract/preview)',
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }), id: Type.String({ pattern: '^[0-9]{1,19}$' }) }),
        response: { 200: Type.Object({ retracted: Type.Unknown(), recomputeQueued: Type.Boolean() }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const user = req.user
      if (!user) throw new AppError('UNAUTHENTICATED')
      const { jurisdiction, id } = req.params
      const retracted = await withTransaction(app.pg, async (c) => {
        const gone = await retractPetitionLimitVersion(c, jurisdiction, id)
        if (!gone) throw new AppError('NOT_FOUND', `petition limit version ${id} of ${jurisdiction}`)
        await appendAudit(c, { actor: actorOf(req), action: 'petition_limit.retract', entity: 'petition_limit', entityId: `${jurisdiction}:${gone.petition_kind}:${gone.stage}`, before: gone, after: null, requestId: req.id })
        return gone
      })
      const recomputeQueued = await app.queues.enqueueMaintenance('recompute', { jurisdictionCode: jurisdiction, petitions: true, reason: `petition limit version ${id} retracted`, requestedBy: user.login })
      return { retracted, recomputeQueued }
    },
  )
}

/** Level schemes of a jurisdiction, department or item. */
const schemeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/schemes',
    { config: { policy: ['admin', 'supervisor'] }, schema: { tags: ['rules'], summary: 'Level scheme versions that can still govern a case, with their effective-from date (the shipped default applies where none is set)', response: { 200: Type.Array(SchemeRow) } } },
    async () => (await app.pg.query(sql('scheme_list'))).rows,
  )

  app.put(
    '/api/v1/schemes/:scope/:code',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['rules'],
        summary: 'Set the level scheme of a jurisdiction, department or item (precedence item > department > jurisdiction); recomputes the open cases it governs',
        params: Type.Object({ scope: Scope, code: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: SchemeBody,
        response: { 200: Type.Object({ scheme: Type.Unknown(), recomputeQueued: Type.Boolean() }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { scope, code } = req.params
      const b = req.body
      if (b.red < b.yellow) throw new AppError('VALIDATION_FAILED', 'red must be on or after yellow')
      const user = req.user
      if (!user) throw new AppError('UNAUTHENTICATED')
      const { rows } = await app.pg.query<{ jurisdiction_code: string | null }>(sql('scope_jurisdiction'), [scope, code])
      const jurisdictionCode = rows[0]?.jurisdiction_code
      if (!jurisdictionCode) throw new AppError('NOT_FOUND', `${scope} ${code}`)
      const offset = 'offset' in b.warning ? b.warning.offset : null
      const share = 'share' in b.warning ? b.warning.share : null
      const after = await withTransaction(app.pg, async (c) => {
        const r = (await c.query<{ before: unknown; after: unknown }>(sql('scheme_upsert'), [scope, code, offset, share, b.yellow, b.red, JSON.stringify(b.cardRules ?? {}), user.login])).rows[0]!
        await appendAudit(c, { actor: actorOf(req), action: 'scheme.set', entity: 'level_scheme', entityId: `${scope}:${code}`, before: r.before, after: r.after, requestId: req.id })
        return r.after
      })
      const recomputeQueued = await app.queues.enqueueMaintenance('recompute', {
        jurisdictionCode,
        ...(scope === 'department' ? { departmentCode: code } : {}),
        ...(scope === 'item' ? { itemCode: code } : {}),
        reason: `scheme ${scope}:${code}`,
        requestedBy: user.login,
      })
      return { scheme: after, recomputeQueued }
    },
  )
}

const schemes: FastifyPluginAsyncTypebox = async (app, opts) => {
  await petitionLimitRoutes(app, opts)
  await schemeRoutes(app, opts)
}

export default schemes

/**
 * Performance evaluation (绩效考核), `/api/v1/performance/*`:
 *
 * - schemes (绩效评比指标管理): every version of a jurisdiction's indicator scheme and the shipped
 *   default (admin, supervisor, leader read; admin writes a new version — every number editable
 *   without code);
 * - runs (流程配置、实施、审核): a supervisor computes a month's draft from the stored facts, reviews it
 *   (recompute, comment, correct with a reason) and submits it; a leader approves it (or returns it
 *   with a reason; not the person who submitted it); a supervisor or leader publishes it. A
 *   published run is frozen (database triggers, migration 160); a later correction is a new
 *   version with its reason (`revisions`), and both stay readable. Every step is audited.
 * - the draft 监察建议书 (DOCX) for a department graded 不合格 (supervisor);
 * - published scores: months ranked by peer group, quarters and years as the mean of months
 *   (supervisor, leader), and the public-safe shape without personal data (public).
 *
 * Runs are scoped: a user sees a jurisdiction's runs when they see at least one of its departments.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { DEFAULT_PERFORMANCE_SCHEME } from '../../domain/performance/DEFAULT_PERFORMANCE_SCHEME.ts'
import { meanOfMonths } from '../../domain/performance/meanOfMonths.ts'
import { performancePeriod } from '../../domain/performance/performancePeriod.ts'
import { publicScorecard } from '../../domain/performance/publicScorecard.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import { PerformanceSchemeSchema } from '../../domain/performance/schemeSchema.ts'
import { validateScheme } from '../../domain/performance/validateScheme.ts'
import type { PerformanceScheme } from '../../domain/performance/types.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { asJson, camelRow } from '../rows.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'
import { Jurisdiction, Month, RUN_READERS, SCHEME_READERS, schemeFor, type ScoreRow } from '../performance/runs.ts'
import { registerPerformanceRunComputeRoutes, registerPerformanceRunReadRoutes, registerPerformanceRunReviewRoutes, registerPerformanceRunWorkflowRoutes } from './performance-runs.ts'

/** Indicator schemes: versions, a new version, and the scheme's JSON schema. */
function registerPerformanceSchemeRoutes(app: TypeboxApp): void {

  app.get(
    '/api/v1/performance/schemes/:jurisdiction',
    {
      config: { policy: SCHEME_READERS },
      schema: {
        tags: ['performance'],
        summary: "A jurisdiction's indicator scheme versions (newest first), the one that applies to a month, and the shipped default",
        params: Type.Object({ jurisdiction: Jurisdiction }),
        querystring: Type.Object({ period: Type.Optional(Month) }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { jurisdiction } = req.params
      const versions = (await app.pg.query(sql('perf_scheme_list'), [jurisdiction])).rows.map(camelRow)
      const month = req.query.period ?? null
      const current = month === null ? null : await schemeFor(app.pg, jurisdiction, month)
      return { jurisdictionCode: jurisdiction, versions, applies: current, shippedDefault: DEFAULT_PERFORMANCE_SCHEME }
    },
  )

  app.post(
    '/api/v1/performance/schemes/:jurisdiction',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['performance'],
        summary: 'A new version of the indicator scheme (weights, formulas, thresholds, grade cut-offs, minimum volume, peer groups), from a month on',
        params: Type.Object({ jurisdiction: Jurisdiction }),
        body: Type.Object({ validFrom: Month, definition: Type.Unknown(), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { jurisdiction } = req.params
      const checked = validateScheme(req.body.definition)
      if (!checked.ok) throw new AppError('PERFORMANCE_SCHEME_INVALID', checked.problems.join('; '))
      const row = await withTransaction(app.pg, async (c) => {
        if (!(await c.query(sql('jurisdiction_get'), [jurisdiction])).rows[0]) throw new AppError('UNKNOWN_JURISDICTION', jurisdiction)
        const r = (await c.query(sql('perf_scheme_insert'), [jurisdiction, req.body.validFrom, JSON.stringify(checked.scheme), req.body.note ?? null, req.user!.userId, req.user!.displayName])).rows[0] as Record<string, unknown>
        await appendAudit(c, { actor: actorOf(req), action: 'performance.scheme.create', entity: 'performance_scheme', entityId: `${jurisdiction}:v${String(r.version)}`, before: null, after: asJson(camelRow(r)), requestId: req.id })
        return r
      })
      return reply.code(201).send(camelRow(row))
    },
  )

  app.get(
    '/api/v1/performance/scheme-schema',
    {
      config: { policy: SCHEME_READERS },
      schema: { tags: ['performance'], summary: 'The JSON schema of an indicator scheme (for the scheme editor)', response: { 200: Type.Unknown() } },
    },
    async () => PerformanceSchemeSchema,
  )
}

/** Published scores: the ranking for supervisors and leaders, the public-safe shape for the site. */
function registerPerformancePublishedRoutes(app: TypeboxApp): void {
  async function published(jurisdiction: string, key: string) {
    const p = performancePeriod(key)
    if (!p) throw new AppError('PERFORMANCE_PERIOD_INVALID', key)
    const rows = (await app.pg.query<ScoreRow & { run_id: string; period: string; version: number; revision_reason: string | null; published_at: Date; scheme: PerformanceScheme }>(sql('perf_published'), [jurisdiction, p.months])).rows
    return { p, rows }
  }

  app.get(
    '/api/v1/performance/published/:jurisdiction',
    {
      config: { policy: RUN_READERS },
      schema: {
        tags: ['performance'],
        summary: 'Published scores: a month ranked by peer group, or a quarter / year as the mean of its published months',
        params: Type.Object({ jurisdiction: Jurisdiction }),
        querystring: Type.Object({ period: Type.String({ maxLength: 8 }) }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { p, rows } = await published(req.params.jurisdiction, req.query.period)
      const runs = [...new Map(rows.map((r) => [r.run_id, { runId: r.run_id, period: r.period, version: r.version, revisionReason: r.revision_reason, publishedAt: r.published_at.toISOString() }])).values()]
      if (p.kind === 'month') return { period: p.key, kind: p.kind, runs, groups: rankScorecards(rows.map((r) => r.scorecard)) }
      const scheme = rows.at(-1)?.scheme ?? DEFAULT_PERFORMANCE_SCHEME
      return { period: p.key, kind: p.kind, runs, departments: meanOfMonths(rows.map((r) => ({ departmentCode: r.department_code, name: r.department_name, peerGroup: r.scorecard.peerGroup, month: r.period, score: r.score, volume: r.volume })), scheme) }
    },
  )

  app.get(
    '/api/v1/performance/public/:jurisdiction',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['performance'],
        summary: 'Published scores for the public site: figures only, no handlers, case numbers or reviewers',
        params: Type.Object({ jurisdiction: Jurisdiction }),
        querystring: Type.Object({ period: Type.String({ maxLength: 8 }) }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { p, rows } = await published(req.params.jurisdiction, req.query.period)
      const runs = [...new Map(rows.map((r) => [r.run_id, { period: r.period, version: r.version, publishedAt: r.published_at.toISOString(), corrected: r.version > 1 }])).values()]
      if (p.kind === 'month') {
        return { period: p.key, kind: p.kind, runs, groups: rankScorecards(rows.map((r) => r.scorecard)).map((g) => ({ peerGroup: g.peerGroup, ranked: g.ranked.map(publicScorecard), insufficient: g.insufficient.map(publicScorecard) })) }
      }
      const scheme = rows.at(-1)?.scheme ?? DEFAULT_PERFORMANCE_SCHEME
      return { period: p.key, kind: p.kind, runs, departments: meanOfMonths(rows.map((r) => ({ departmentCode: r.department_code, name: r.department_name, peerGroup: r.scorecard.peerGroup, month: r.period, score: r.score, volume: r.volume })), scheme) }
    },
  )
}

const performance: FastifyPluginAsyncTypebox = async (app) => {
  registerPerformanceSchemeRoutes(app)
  registerPerformanceRunReadRoutes(app)
  registerPerformanceRunComputeRoutes(app)
  registerPerformanceRunReviewRoutes(app)
  registerPerformanceRunWorkflowRoutes(app)
  registerPerformancePublishedRoutes(app)
}

export default performance

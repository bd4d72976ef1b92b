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
import type { FastifyRequest } from 'fastify'
import type pg from 'pg'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { DEFAULT_PERFORMANCE_SCHEME } from '../../domain/performance/DEFAULT_PERFORMANCE_SCHEME.ts'
import { applyCorrections } from '../../domain/performance/applyCorrections.ts'
import { meanOfMonths } from '../../domain/performance/meanOfMonths.ts'
import { nextRunState, type RunAction, type RunState } from '../../domain/performance/nextRunState.ts'
import { performancePeriod } from '../../domain/performance/performancePeriod.ts'
import { publicScorecard } from '../../domain/performance/publicScorecard.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import { recommendationDraft } from '../../domain/performance/recommendationDraft.ts'
import { PerformanceSchemeSchema } from '../../domain/performance/schemeSchema.ts'
import { validateScheme } from '../../domain/performance/validateScheme.ts'
import type { Correction, PerformanceScheme, RankedScore, Scorecard } from '../../domain/performance/types.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { asJson, camelRow } from '../rows.ts'
import { loadFacts, scoreFacts, scoreRows } from '../performance/scoreRun.ts'
import { recommendationDocx } from '../performance/recommendationDocx.ts'

const SCHEME_READERS = ['admin', 'supervisor', 'leader'] as const
const RUN_READERS = ['supervisor', 'leader'] as const
const SUPERVISOR = ['supervisor'] as const
const LEADER = ['leader'] as const

const Jurisdiction = Type.String({ pattern: '^[0-9]{6}$' })
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
const DeptParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }), code: Type.String({ minLength: 1, maxLength: 64 }) })
const Note = Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }))
const Reason = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false })

interface LockedRun { id: string; jurisdiction_code: string; period: string; version: number; state: RunState; scheme: PerformanceScheme; submitted_by: string | null; time_zone: string }
interface ScoreRow { department_code: string; department_name: string; peer_group: string; score: number; grade: string; rank: number | null; volume: number; insufficient: boolean; scorecard: RankedScore; computed: Scorecard | null }

const nonBlank = (s: string): string => {
  const t = s.trim()
  if (t.length < 2) throw new AppError('BLANK_TEXT')
  return t
}
const periodLabel = (month: string) => `${month.slice(0, 4)} 年 ${Number(month.slice(5, 7))} 月`
/** The role a user acts in for a step: the first of the policy's roles they hold. */
const actingRole = (req: FastifyRequest, roles: readonly string[]) => roles.find((r) => req.user!.roles.includes(r as never)) ?? req.user!.roles[0]!
/** A scorecard without its traces and handlers (lists). */
const summary = (s: RankedScore) => ({ ...s, handlers: undefined, lines: s.lines.map((l) => ({ ...l, trace: undefined, count: l.trace.length })) })

async function schemeFor(db: pg.ClientBase | pg.Pool, jurisdiction: string, month: string): Promise<{ id: string | null; version: number; scheme: PerformanceScheme }> {
  const row = (await db.query<{ id: string; version: number; definition: PerformanceScheme }>(sql('perf_scheme_current'), [jurisdiction, month])).rows[0]
  return row ? { id: row.id, version: row.version, scheme: row.definition } : { id: null, version: 0, scheme: DEFAULT_PERFORMANCE_SCHEME }
}

async function lockRun(c: pg.ClientBase, req: FastifyRequest, id: string, action: RunAction): Promise<LockedRun & { to: RunState }> {
  const run = (await c.query<LockedRun>(sql('perf_run_lock'), [req.user!.userId, id])).rows[0]
  if (!run) throw new AppError('NOT_FOUND', `performance run ${id}`)
  const step = nextRunState(run.state, action, req.user!.roles)
  if (!step.ok) throw new AppError(step.code, `${action} on a ${run.state} run`)
  return { ...run, to: step.to }
}

async function corrections(c: pg.ClientBase, runId: string): Promise<Correction[]> {
  return (await c.query<{ id: string; department_code: string; points: number; reason: string; created_by_name: string }>(sql('perf_corrections_list'), [runId])).rows
    .map((r) => ({ id: r.id, departmentCode: r.department_code, points: r.points, reason: r.reason, by: r.created_by_name }))
}

/** Computes the run's scores from the facts now (a draft) and writes them, corrections re-applied. */
async function computeInto(c: pg.ClientBase, runId: string, jurisdiction: string, month: string, zone: string, scheme: PerformanceScheme): Promise<number> {
  const facts = await loadFacts(c, jurisdiction, month, zone)
  const scored = scoreFacts(facts, scheme, await corrections(c, runId))
  await c.query(sql('perf_scores_upsert'), [runId, JSON.stringify(scoreRows(scored))])
  return scored.ranked.length
}

async function step(c: pg.ClientBase, req: FastifyRequest, run: { id: string; state: RunState }, action: string, to: RunState, note: string | null, roles: readonly string[]) {
  await c.query(sql('perf_step_insert'), [run.id, action, run.state, to, note, req.user!.userId, req.user!.displayName, actingRole(req, roles)])
}

const performance: FastifyPluginAsyncTypebox = async (app) => {
  // ------------------------------------------------------------------------------------------
  // schemes

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

  // ------------------------------------------------------------------------------------------
  // runs

  app.get(
    '/api/v1/performance/runs',
    {
      config: { policy: RUN_READERS },
      schema: {
        tags: ['performance'],
        summary: 'Scoring runs you may see, newest first',
        querystring: Type.Object({ jurisdiction: Type.Optional(Jurisdiction), period: Type.Optional(Month) }),
        response: { 200: Type.Unknown() },
      },
    },
    async (req) => (await app.pg.query(sql('perf_run_list'), [req.user!.userId, req.query.jurisdiction ?? null, req.query.period ?? null])).rows.map(camelRow),
  )

  app.post(
    '/api/v1/performance/runs',
    {
      config: { policy: SUPERVISOR },
      schema: {
        tags: ['performance'],
        summary: "Compute a month's scores from the stored facts (a draft run)",
        body: Type.Object({ jurisdictionCode: Jurisdiction, period: Month }, { additionalProperties: false }),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { jurisdictionCode, period } = req.body
      const out = await withTransaction(app.pg, async (c) => {
        const jur = (await c.query<{ code: string; time_zone: string }>(sql('perf_jurisdiction_visible'), [req.user!.userId, jurisdictionCode])).rows[0]
        if (!jur) throw new AppError('UNKNOWN_JURISDICTION', jurisdictionCode)
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`performance:${jurisdictionCode}:${period}`])
        const nv = (await c.query<{ next_version: number; open_id: string | null }>(sql('perf_run_next_version'), [jurisdictionCode, period])).rows[0]!
        if (nv.open_id !== null) throw new AppError('PERFORMANCE_RUN_EXISTS', `run ${nv.open_id}`)
        if (nv.next_version > 1) throw new AppError('PERFORMANCE_RUN_STATE', 'this month is published: correct it with a new version (POST …/runs/:id/revisions)')
        const s = await schemeFor(c, jurisdictionCode, period)
        const id = (await c.query<{ id: string }>(sql('perf_run_insert'), [jurisdictionCode, period, 1, null, null, s.id, s.version, JSON.stringify(s.scheme), new Date(), req.user!.userId, req.user!.displayName])).rows[0]!.id
        const departments = await computeInto(c, id, jurisdictionCode, period, jur.time_zone, s.scheme)
        await step(c, req, { id, state: 'draft' }, 'compute', 'draft', null, SUPERVISOR)
        await appendAudit(c, { actor: actorOf(req), action: 'performance.run.compute', entity: 'performance_run', entityId: id, before: null, after: { jurisdictionCode, period, version: 1, schemeVersion: s.version, departments }, requestId: req.id })
        return { id, departments }
      })
      return reply.code(201).send(out)
    },
  )

  app.get(
    '/api/v1/performance/runs/:id',
    {
      config: { policy: RUN_READERS },
      schema: {
        tags: ['performance'],
        summary: 'A run: its ranking by peer group (volumes beside every rate, 样本不足 apart), corrections, comments and workflow steps',
        params: IdParams,
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const run = (await app.pg.query(sql('perf_run_get'), [req.user!.userId, req.params.id])).rows[0] as Record<string, unknown> | undefined
      if (!run) throw new AppError('NOT_FOUND', `performance run ${req.params.id}`)
      const rows = (await app.pg.query<ScoreRow>(sql('perf_scores_list'), [req.params.id, false])).rows
      const groups = rankScorecards(rows.map((r) => r.scorecard)).map((g) => ({ peerGroup: g.peerGroup, ranked: g.ranked.map(summary), insufficient: g.insufficient.map(summary) }))
      const [corr, comments, steps] = await Promise.all([
        app.pg.query(sql('perf_corrections_list'), [req.params.id]), app.pg.query(sql('perf_comments_list'), [req.params.id]), app.pg.query(sql('perf_steps_list'), [req.params.id]),
      ])
      return { run: camelRow(run), groups, corrections: corr.rows.map(camelRow), comments: comments.rows.map(camelRow), steps: steps.rows.map(camelRow) }
    },
  )

  app.get(
    '/api/v1/performance/runs/:id/departments/:code',
    {
      config: { policy: RUN_READERS },
      schema: {
        tags: ['performance'],
        summary: "A department's scorecard in a run: every line with the cases, cards, petitions and orders behind it, each handler's contribution, and the score as computed before corrections",
        params: DeptParams,
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const run = (await app.pg.query(sql('perf_run_get'), [req.user!.userId, req.params.id])).rows[0]
      if (!run) throw new AppError('NOT_FOUND', `performance run ${req.params.id}`)
      const row = (await app.pg.query<ScoreRow>(sql('perf_scores_list'), [req.params.id, true])).rows.find((r) => r.department_code === req.params.code)
      if (!row) throw new AppError('NOT_FOUND', `department ${req.params.code}`)
      return { scorecard: { ...row.scorecard, rank: row.rank }, computed: row.computed ?? row.scorecard }
    },
  )

  app.post(
    '/api/v1/performance/runs/:id/recompute',
    {
      config: { policy: SUPERVISOR },
      schema: { tags: ['performance'], summary: 'Recompute a draft from the facts now (and the scheme that applies now); corrections stay', params: IdParams, response: { 200: Type.Unknown(), '4xx': ErrorResponse } },
    },
    async (req) =>
      withTransaction(app.pg, async (c) => {
        const run = await lockRun(c, req, req.params.id, 'recompute')
        const s = run.version === 1 ? await schemeFor(c, run.jurisdiction_code, run.period) : { id: null, version: -1, scheme: run.scheme }
        if (run.version === 1) await c.query(sql('perf_run_recomputed'), [run.id, s.id, s.version, JSON.stringify(s.scheme), new Date()])
        const departments = await computeInto(c, run.id, run.jurisdiction_code, run.period, run.time_zone, s.scheme)
        await step(c, req, run, 'recompute', 'draft', null, SUPERVISOR)
        await appendAudit(c, { actor: actorOf(req), action: 'performance.run.recompute', entity: 'performance_run', entityId: run.id, before: null, after: { departments }, requestId: req.id })
        return { id: run.id, departments }
      }),
  )

  app.post(
    '/api/v1/performance/runs/:id/corrections',
    {
      config: { policy: SUPERVISOR },
      schema: {
        tags: ['performance'],
        summary: "Correct a department's score in review: points added or taken, with the reason (a line of its own; the computation stays visible)",
        params: IdParams,
        body: Type.Object({ departmentCode: Type.String({ minLength: 1, maxLength: 64 }), points: Type.Number({ minimum: -100, maximum: 100 }), reason: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      if (req.body.points === 0) throw new AppError('VALIDATION_FAILED', 'points must not be 0')
      const reason = nonBlank(req.body.reason)
      const out = await withTransaction(app.pg, async (c) => {
        const run = await lockRun(c, req, req.params.id, 'correct')
        const rows = (await c.query<ScoreRow>(sql('perf_scores_list'), [run.id, true])).rows
        const target = rows.find((r) => r.department_code === req.body.departmentCode)
        if (!target) throw new AppError('NOT_FOUND', `department ${req.body.departmentCode}`)
        const corr = (await c.query(sql('perf_correction_insert'), [run.id, req.body.departmentCode, req.body.points, reason, req.user!.userId, req.user!.displayName])).rows[0] as Record<string, unknown>
        const all = await corrections(c, run.id)
        const computed = rows.map((r) => r.computed ?? r.scorecard)
        const corrected = computed.map((c) => applyCorrections(c, all, run.scheme))
        const ranked = rankScorecards(corrected).flatMap((g) => [...g.ranked, ...g.insufficient])
        await c.query(sql('perf_scores_upsert'), [run.id, JSON.stringify(scoreRows({ computed, ranked }))])
        const after = ranked.find((s) => s.departmentCode === req.body.departmentCode)!
        await appendAudit(c, {
          actor: actorOf(req), action: 'performance.run.correct', entity: 'performance_run', entityId: run.id,
          before: { departmentCode: target.department_code, score: target.score }, after: { departmentCode: after.departmentCode, score: after.score, points: req.body.points, reason }, requestId: req.id,
        })
        return { correction: camelRow(corr), score: after.score, grade: after.grade, rank: after.rank }
      })
      return reply.code(201).send(out)
    },
  )

  app.post(
    '/api/v1/performance/runs/:id/comments',
    {
      config: { policy: RUN_READERS },
      schema: {
        tags: ['performance'],
        summary: 'A review comment on a run (or one of its departments), until publication',
        params: IdParams,
        body: Type.Object({ departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), body: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const body = req.body.body.trim()
      if (body.length === 0) throw new AppError('BLANK_TEXT')
      const out = await withTransaction(app.pg, async (c) => {
        const run = await lockRun(c, req, req.params.id, 'comment')
        const row = (await c.query(sql('perf_comment_insert'), [run.id, req.body.departmentCode ?? null, body, req.user!.userId, req.user!.displayName, actingRole(req, RUN_READERS)])).rows[0] as Record<string, unknown>
        await appendAudit(c, { actor: actorOf(req), action: 'performance.run.comment', entity: 'performance_run', entityId: run.id, before: null, after: asJson(camelRow(row)), requestId: req.id })
        return camelRow(row)
      })
      return reply.code(201).send(out)
    },
  )

  const transition = (path: string, action: 'submit' | 'approve' | 'publish', policy: readonly ('supervisor' | 'leader')[], summaryText: string) =>
    app.post(
      `/api/v1/performance/runs/:id/${path}`,
      { config: { policy }, schema: { tags: ['performance'], summary: summaryText, params: IdParams, body: Note, response: { 200: Type.Unknown(), '4xx': ErrorResponse } } },
      async (req) =>
        withTransaction(app.pg, async (c) => {
          const run = await lockRun(c, req, req.params.id, action)
          if (action === 'approve' && run.submitted_by === req.user!.userId) throw new AppError('PERFORMANCE_SAME_PERSON')
          await c.query(sql('perf_run_set_state'), [run.id, run.to, req.user!.userId])
          if (action === 'publish') await c.query(sql('perf_run_supersede'), [run.jurisdiction_code, run.period, run.id])
          await step(c, req, run, action, run.to, req.body?.note?.trim() || null, policy)
          await appendAudit(c, { actor: actorOf(req), action: `performance.run.${action}`, entity: 'performance_run', entityId: run.id, before: { state: run.state }, after: { state: run.to, note: req.body?.note ?? null }, requestId: req.id })
          return { id: run.id, state: run.to }
        }),
    )
  transition('submit', 'submit', SUPERVISOR, 'The supervision office submits its reviewed draft for approval')
  transition('approve', 'approve', LEADER, 'A leader approves a submitted run (not the person who submitted it)')
  transition('publish', 'publish', ['supervisor', 'leader'], 'Publish an approved run: from now on it is frozen')

  app.post(
    '/api/v1/performance/runs/:id/return',
    {
      config: { policy: LEADER },
      schema: { tags: ['performance'], summary: 'A leader returns a submitted run to the supervision office, with the reason', params: IdParams, body: Reason, response: { 200: Type.Unknown(), '4xx': ErrorResponse } },
    },
    async (req) => {
      const reason = nonBlank(req.body.reason)
      return withTransaction(app.pg, async (c) => {
        const run = await lockRun(c, req, req.params.id, 'return')
        await c.query(sql('perf_run_set_state'), [run.id, run.to, req.user!.userId])
        await step(c, req, run, 'return', run.to, reason, LEADER)
        await appendAudit(c, { actor: actorOf(req), action: 'performance.run.return', entity: 'performance_run', entityId: run.id, before: { state: run.state }, after: { state: run.to, reason }, requestId: req.id })
        return { id: run.id, state: run.to }
      })
    },
  )

  app.post(
    '/api/v1/performance/runs/:id/revisions',
    {
      config: { policy: SUPERVISOR },
      schema: {
        tags: ['performance'],
        summary: 'Correct a published run: a new version (a draft, recomputed from the facts now with the published run\'s scheme) with the reason; the published one stays as it is until the new one is published',
        params: IdParams,
        body: Reason,
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const reason = nonBlank(req.body.reason)
      const out = await withTransaction(app.pg, async (c) => {
        const run = await lockRun(c, req, req.params.id, 'revise')
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`performance:${run.jurisdiction_code}:${run.period}`])
        const nv = (await c.query<{ next_version: number; open_id: string | null }>(sql('perf_run_next_version'), [run.jurisdiction_code, run.period])).rows[0]!
        if (nv.open_id !== null) throw new AppError('PERFORMANCE_RUN_EXISTS', `run ${nv.open_id}`)
        const meta = (await c.query<{ scheme_id: string | null; scheme_version: number }>(sql('perf_run_get'), [req.user!.userId, run.id])).rows[0]!
        const id = (await c.query<{ id: string }>(sql('perf_run_insert'), [run.jurisdiction_code, run.period, nv.next_version, run.id, reason, meta.scheme_id, meta.scheme_version, JSON.stringify(run.scheme), new Date(), req.user!.userId, req.user!.displayName])).rows[0]!.id
        const departments = await computeInto(c, id, run.jurisdiction_code, run.period, run.time_zone, run.scheme)
        await step(c, req, { id, state: 'draft' }, 'revise', 'draft', reason, SUPERVISOR)
        await appendAudit(c, { actor: actorOf(req), action: 'performance.run.revise', entity: 'performance_run', entityId: id, before: { revises: run.id }, after: { version: nv.next_version, reason, departments }, requestId: req.id })
        return { id, version: nv.next_version, revises: run.id, departments }
      })
      return reply.code(201).send(out)
    },
  )

  app.get(
    '/api/v1/performance/runs/:id/departments/:code/recommendation.docx',
    {
      config: { policy: SUPERVISOR },
      schema: { tags: ['performance'], summary: 'A draft 监察建议书 (supervision recommendation, DOCX) for a department graded 不合格, to edit', params: DeptParams, response: { 200: Type.Unknown({ description: 'the draft as a Word document (DOCX)' }), '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      const run = (await app.pg.query<{ period: string; time_zone: string }>(sql('perf_run_get'), [req.user!.userId, req.params.id])).rows[0]
      if (!run) throw new AppError('NOT_FOUND', `performance run ${req.params.id}`)
      const row = (await app.pg.query<ScoreRow>(sql('perf_scores_list'), [req.params.id, false])).rows.find((r) => r.department_code === req.params.code)
      if (!row) throw new AppError('NOT_FOUND', `department ${req.params.code}`)
      if (row.grade !== 'fail') throw new AppError('PERFORMANCE_NOT_FAILING', `${row.department_name}: ${row.score}`)
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: run.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
      const draft = recommendationDraft({ card: row.scorecard, periodLabel: periodLabel(run.period), issuer: '电子监察中心', date: today })
      const bytes = await recommendationDocx(draft)
      const name = `监察建议书-${row.department_name}-${run.period}.docx`
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="recommendation-${req.params.code}-${run.period}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(bytes)
    },
  )

  // ------------------------------------------------------------------------------------------
  // published scores

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

export default performance

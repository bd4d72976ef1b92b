/**
 * Performance runs (`/api/v1/performance/runs/*`), registered by the plugin in performance.ts:
 * reading runs and scorecards (and the draft 监察建议书), computing drafts, reviewing them
 * (corrections, comments), and the workflow steps (submit, approve, return, publish).
 */
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { applyCorrections } from '../../domain/performance/applyCorrections.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import { recommendationDraft } from '../../domain/performance/recommendationDraft.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { asJson, camelRow } from '../rows.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'
import { scoreRows } from '../performance/scoreRun.ts'
import { recommendationDocx } from '../performance/recommendationDocx.ts'
import {
  IdParams, DeptParams, Jurisdiction, LEADER, Month, Note, Reason, RUN_READERS, SUPERVISOR, type ScoreRow,
  actingRole, computeInto, corrections, lockRun, nonBlank, periodLabel, schemeFor, step, summary,
} from '../performance/runs.ts'

/** Runs you may see, a run's ranking, a department's scorecard, and its draft recommendation. */
export function registerPerformanceRunReadRoutes(app: TypeboxApp): void {
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
}

/** Computing a draft: a month's first run, a recompute, and a new version of a published run. */
export function registerPerformanceRunComputeRoutes(app: TypeboxApp): void {
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
}

/** Review of a draft: corrections with their reason, and comments. */
export function registerPerformanceRunReviewRoutes(app: TypeboxApp): void {
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
}

/** The workflow steps: submit, approve, publish, and return with a reason. */
export function registerPerformanceRunWorkflowRoutes(app: TypeboxApp): void {

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
}

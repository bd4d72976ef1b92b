/**
 * Business statistics (业务统计): GET /api/v1/statistics/* — time-limit, type and petition
 * statistics from the rollups of migration 150, custom reports over the case facts (saved, shared
 * with roles), XLSX export with the filter written in the sheet, page-view counts, and the
 * statistics period rules (统计时间配置, administrators, audited).
 *
 * Who: administrators, supervisors and leaders, and department heads — each within their
 * department scope (`visible_departments` in the SQL), so a head sees their departments' figures
 * only. Department staff are refused: their work lists are the approval module's.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { PETITION_GROUPS, TIME_LIMIT_GROUPS, VISIT_SURFACES } from '../../domain/statistics/contract.ts'
import { DEFAULT_PERIOD_RULES, parsePeriodRules } from '../../domain/statistics/periods.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'
import { ErrorResponse } from '../schemas.ts'
import { statisticsSheet, workbookStream } from '../statistics/exportSheet.ts'
import { StatisticsReader } from '../statistics/reader.ts'
import { Code, Definition, Lang, PeriodQuery, READERS, REPORT_ROLES, ZONE, isZone, needUser } from '../statistics/schemas.ts'

/** The statistics views: time limits, types, petitions and a custom report. */
function registerStatisticsViewRoutes(app: TypeboxApp, reader: StatisticsReader): void {
  app.get(
    '/api/v1/statistics/time-limits',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: "Time-limit statistics: today's, in-progress and concluded cases by level (normal, warning, yellow, red), counts and shares, by jurisdiction, department or item",
        querystring: Type.Object({ ...PeriodQuery, group: Type.Optional(Type.Enum(TIME_LIMIT_GROUPS)), department: Type.Optional(Code), lang: Lang }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => reader.timeLimits(needUser(req.user), req.query, req.query.lang ?? 'zh-CN'),
  )

  app.get(
    '/api/v1/statistics/types',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Type statistics: 即办件 承诺件 联办件 上报件 退回件 补办件 for today, this week, month, quarter, year and all time, in total and per department',
        querystring: Type.Object({ jurisdiction: PeriodQuery.jurisdiction, lang: Lang }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => reader.types(needUser(req.user), req.query, req.query.lang ?? 'zh-CN'),
  )

  app.get(
    '/api/v1/statistics/petitions',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Petition statistics by kind, department or channel: answered on time, late, overdue, satisfaction from ratings',
        querystring: Type.Object({ ...PeriodQuery, group: Type.Optional(Type.Enum(PETITION_GROUPS)) }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => reader.petitions(needUser(req.user), req.query),
  )

  app.post(
    '/api/v1/statistics/custom',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Run a custom report: dimensions, measures, filter, period (at most 5,000 groups)',
        querystring: Type.Object({ jurisdiction: PeriodQuery.jurisdiction }, { additionalProperties: false }),
        body: Definition,
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => reader.custom(needUser(req.user), req.body, req.query.jurisdiction),
  )
}

/** Saved custom reports: list, save, delete (audited). */
function registerStatisticsReportRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/statistics/reports',
    { config: { policy: READERS }, schema: { tags: ['statistics'], summary: 'Saved custom reports: mine and those shared with my roles', response: { 200: Type.Unknown() } } },
    async (req) => {
      const user = needUser(req.user)
      const { rows } = await app.pg.query(sql('statistics_report_list'), [user.userId, user.roles])
      return rows.map((r) => ({ id: r.id, name: r.name, definition: r.definition, sharedRoles: r.shared_roles, ownerLogin: r.owner_login }))
    },
  )

  app.post(
    '/api/v1/statistics/reports',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Save a custom report under a name, optionally shared with roles',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), definition: Definition, sharedRoles: Type.Optional(Type.Array(Type.Enum(REPORT_ROLES), { uniqueItems: true, maxItems: 4 })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = needUser(req.user)
      if (req.body.name.trim() === '') throw new AppError('VALIDATION_FAILED', 'body/name must not be blank')
      const saved = await withTransaction(app.pg, async (c) => {
        const r = (await c.query(sql('statistics_report_insert'), [req.body.name.trim(), JSON.stringify(req.body.definition), req.body.sharedRoles ?? [], user.userId, user.login])).rows[0]
        await appendAudit(c, { actor: actorOf(req), action: 'statistics_report.create', entity: 'statistics_report', entityId: r.id, before: null, after: { name: r.name, sharedRoles: r.shared_roles }, requestId: req.id })
        return r
      })
      reply.code(201)
      return { id: saved.id, name: saved.name, definition: saved.definition, sharedRoles: saved.shared_roles, ownerLogin: saved.owner_login }
    },
  )

  app.delete(
    '/api/v1/statistics/reports/:id',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Delete one of my saved reports',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const user = needUser(req.user)
      const gone = await withTransaction(app.pg, async (c) => {
        const r = (await c.query(sql('statistics_report_delete'), [req.params.id, user.userId])).rows[0]
        if (r) await appendAudit(c, { actor: actorOf(req), action: 'statistics_report.delete', entity: 'statistics_report', entityId: r.id, before: { name: r.name, sharedRoles: r.shared_roles }, after: null, requestId: req.id })
        return r
      })
      if (!gone) throw new AppError('NOT_FOUND', `report ${req.params.id}`)
      return reply.code(204).send(null)
    },
  )
}

/** The XLSX export of any view. */
function registerStatisticsExportRoute(app: TypeboxApp, reader: StatisticsReader): void {
  app.get(
    '/api/v1/statistics/export',
    {
      config: { policy: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'XLSX of a statistics view with the filter written above the table (view=custom takes the definition as JSON in `definition`)',
        querystring: Type.Object(
          {
            ...PeriodQuery,
            view: Type.Enum(['timeLimit', 'types', 'petitions', 'custom'] as const),
            group: Type.Optional(Type.String({ maxLength: 20 })),
            department: Type.Optional(Code),
            definition: Type.Optional(Type.String({ maxLength: 4000 })),
            lang: Lang,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const sheet = await statisticsSheet(reader, needUser(req.user), req.query, req.query.lang ?? 'zh-CN')
      reply.header('cache-control', 'no-store')
      reply.header('content-disposition', `attachment; filename="statistics-${req.query.view}-${fromEpochDay(reader.today()).replace(/-/g, '')}.xlsx"`)
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      return reply.send(workbookStream(sheet))
    },
  )
}

/** Page views: the public beacon and the counts. */
function registerStatisticsVisitRoutes(app: TypeboxApp, reader: StatisticsReader): void {
  app.post(
    '/api/v1/statistics/visits',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['statistics'],
        summary: 'Page-view beacon: counts one view of a surface and page path (no user, address or cookie is stored)',
        body: Type.Object({ surface: Type.Enum(VISIT_SURFACES), page: Type.String({ minLength: 1, maxLength: 120, pattern: '^/[A-Za-z0-9/_:-]*$' }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      // a page path, never an identifier inside it: segments with digits (case numbers, ids) are folded to ':id'
      const page = req.body.page.split('/').map((s) => (/[0-9]/.test(s) ? ':id' : s)).join('/')
      await app.pg.query(sql('statistics_visit'), [new Date(), req.body.surface, page])
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/statistics/visits',
    {
      config: { policy: ['admin', 'supervisor', 'leader'] },
      schema: {
        tags: ['statistics'],
        summary: 'Page views per surface and page over a period',
        querystring: Type.Object(PeriodQuery, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const user = needUser(req.user)
      const ctx = await reader.context(user, req.query.jurisdiction)
      const p = reader.period(req.query, ctx)
      const { rows } = await app.pg.query(sql('statistics_visits'), [p.from, p.to])
      return { period: p, rows }
    },
  )
}

/** The statistics period rules (统计时间配置) of a jurisdiction. */
function registerStatisticsPeriodRuleRoutes(app: TypeboxApp, reader: StatisticsReader): void {
  app.get(
    '/api/v1/statistics/period-rules/:jurisdiction',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['statistics'],
        summary: 'Statistics period rules (统计时间配置) of a jurisdiction: week start, month close (calendar end, last working day or a fixed day)',
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { rows } = await app.pg.query<{ rules: unknown; updated_by: string; updated_at: Date }>(sql('statistics_period_rules_get'), [req.params.jurisdiction])
      const parsed = rows[0] ? parsePeriodRules(rows[0].rules, isZone) : null
      return { jurisdictionCode: req.params.jurisdiction, rules: parsed?.ok ? parsed.rules : DEFAULT_PERIOD_RULES, isDefault: !rows[0], updatedBy: rows[0]?.updated_by ?? null, updatedAt: rows[0]?.updated_at ?? null }
    },
  )

  app.put(
    '/api/v1/statistics/period-rules/:jurisdiction',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['statistics'],
        summary: 'Set the statistics period rules of a jurisdiction (audited)',
        params: Type.Object({ jurisdiction: Type.String({ pattern: '^[0-9]{6}$' }) }),
        body: Type.Object(
          {
            weekStart: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
            monthClose: Type.Optional(
              Type.Union([
                Type.Object({ kind: Type.Literal('calendar') }, { additionalProperties: false }),
                Type.Object({ kind: Type.Literal('lastWorkingDay') }, { additionalProperties: false }),
                Type.Object({ kind: Type.Literal('day'), day: Type.Integer({ minimum: 1, maximum: 28 }) }, { additionalProperties: false }),
              ]),
            ),
            timeZone: Type.Optional(Type.Literal(ZONE)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const user = needUser(req.user)
      const parsed = parsePeriodRules(req.body, isZone)
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.problems.map((p) => `body/${p.path} ${p.message}`).join('; '))
      const { rows } = await app.pg.query<{ code: string | null; unknown: boolean }>(sql('statistics_jurisdiction'), [req.params.jurisdiction, null, null])
      if (rows[0]?.unknown) throw new AppError('NOT_FOUND', `jurisdiction ${req.params.jurisdiction}`)
      const r = await withTransaction(app.pg, async (c) => {
        const x = (await c.query<{ before: unknown; after: unknown }>(sql('statistics_period_rules_put'), [req.params.jurisdiction, JSON.stringify(parsed.rules), user.login])).rows[0]!
        await appendAudit(c, { actor: actorOf(req), action: 'statistics_period_rules.set', entity: 'statistics_period_rules', entityId: req.params.jurisdiction, before: x.before, after: x.after, requestId: req.id })
        return x
      })
      reader.forget(req.params.jurisdiction)
      return { jurisdictionCode: req.params.jurisdiction, rules: r.after, before: r.before }
    },
  )
}

const statistics: FastifyPluginAsyncTypebox = async (app) => {
  const reader = new StatisticsReader(app.pg, app.pgReads)
  registerStatisticsViewRoutes(app, reader)
  registerStatisticsReportRoutes(app)
  registerStatisticsExportRoute(app, reader)
  registerStatisticsVisitRoutes(app, reader)
  registerStatisticsPeriodRuleRoutes(app, reader)
}

export default statistics

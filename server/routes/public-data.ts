/**
 * The public site's disclosure and open-data routes (`/api/v1/public/*`, policy `public`): published
 * red and yellow cards (公开警示), published scorecards by month, quarter and year and one
 * department's scorecard with its 12 months (绩效考核成绩), the business statistics (业务统计), and
 * the open-data files (every public table as CSV and JSON, with the licence line and the audit
 * chain's daily heads). Nothing personal; answers cached in memory on the data version and
 * revalidated by ETag (server/public/etag.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { OPEN_DATA_LICENCE, PublicCardList, PublicDepartmentScorecard, PublicOpenCatalogue, PublicScorecards, PublicStatistics } from '../../domain/contracts/api/publicData.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'
import { cachedAnswer } from '../public/cache.ts'
import { publicJurisdiction } from '../public/jurisdiction.ts'
import { auditAnchors, departmentScorecard, publicCards, publicScorecards, publicStatistics, STATISTICS_TTL_MS } from '../public/disclosure.ts'
import { OPEN_TABLES, toCsv, toJson } from '../public/openData.ts'

const Jurisdiction = Type.Optional(Type.String({ pattern: '^[0-9]{6}$' }))
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })
const Period = Type.String({ pattern: '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$' })

/** Cards, scorecards and statistics. */
function registerDisclosureRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/public/cards',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Published red and yellow cards (公开警示): confirmed or manual, not revoked — department, item, day and rule only',
        querystring: Type.Object(
          {
            jurisdiction: Jurisdiction,
            department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            color: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
            year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2099 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicCardList, '4xx': ErrorResponse },
      },
    },
    async (req) => publicCards(app, await publicJurisdiction(app, req.query), { department: req.query.department ?? null, color: req.query.color ?? null, year: req.query.year ?? null }),
  )

  app.get(
    '/api/v1/public/scorecards',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Published performance scores (绩效考核成绩): a month by peer group (样本不足 apart), a quarter or year as the mean of its months; corrections flagged',
        querystring: Type.Object({ jurisdiction: Jurisdiction, period: Type.Optional(Period) }, { additionalProperties: false }),
        response: { 200: PublicScorecards, '4xx': ErrorResponse },
      },
    },
    async (req) => publicScorecards(app, await publicJurisdiction(app, req.query), req.query.period ?? null),
  )

  app.get(
    '/api/v1/public/scorecards/:code',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "One department's published scorecard (indicators, deductions, volume) and its 12-month trend",
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object({ jurisdiction: Jurisdiction, period: Type.Optional(Month) }, { additionalProperties: false }),
        response: { 200: PublicDepartmentScorecard, '4xx': ErrorResponse },
      },
    },
    async (req) => departmentScorecard(app, await publicJurisdiction(app, req.query), req.params.code, req.query.period ?? null),
  )

  app.get(
    '/api/v1/public/statistics',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Business statistics (业务统计): time limits and case types for the 12 closed months and the running one, per department for one month',
        querystring: Type.Object({ jurisdiction: Jurisdiction, month: Type.Optional(Month) }, { additionalProperties: false }),
        response: { 200: PublicStatistics, '4xx': ErrorResponse },
      },
    },
    async (req) => publicStatistics(app, await publicJurisdiction(app, req.query), req.query.month ?? null),
  )

}

/** The open-data catalogue and files. */
function registerOpenDataRoutes(app: TypeboxApp): void {
  app.get(
    '/api/v1/public/open',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'The open-data catalogue: every public table with its CSV and JSON URL, the licence, and the audit chain daily heads',
        response: { 200: PublicOpenCatalogue, '4xx': ErrorResponse },
      },
    },
    async () => ({
      licence: OPEN_DATA_LICENCE,
      tables: OPEN_TABLES.map((t) => ({ name: t.name, title: t.title, columns: t.columns, csv: `/api/v1/public/open/${t.name}.csv`, json: `/api/v1/public/open/${t.name}.json` })),
      anchors: (await auditAnchors(app, 30)).slice(0, 30),
    }),
  )

  app.get(
    '/api/v1/public/open/:file',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'One public table as CSV or JSON (`<table>.csv`, `<table>.json`), with the licence line',
        params: Type.Object({ file: Type.String({ pattern: '^[a-z-]{1,40}\\.(csv|json)$' }) }),
        querystring: Type.Object({ jurisdiction: Jurisdiction }, { additionalProperties: false }),
        response: { 200: Type.String(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const [name, format] = req.params.file.split('.') as [string, 'csv' | 'json']
      const table = OPEN_TABLES.find((t) => t.name === name)
      if (!table) throw new AppError('NOT_FOUND', `table ${name}`)
      const jurisdiction = await publicJurisdiction(app, req.query)
      const text = await cachedAnswer(app, `open:${jurisdiction}:${req.params.file}`, STATISTICS_TTL_MS, async () => {
        const rows = await table.rows(app, jurisdiction)
        return format === 'csv' ? toCsv(table.columns, rows) : toJson(table, jurisdiction, rows)
      })
      reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      reply.header('content-disposition', `inline; filename="${req.params.file}"`)
      return text
    },
  )
}

const publicData: FastifyPluginAsyncTypebox = async (app) => {
  registerDisclosureRoutes(app)
  registerOpenDataRoutes(app)
}

export default publicData

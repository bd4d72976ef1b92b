/**
 * The leaders' mobile dashboard API (issue 16), GET /api/v1/mobile/*: one screen's data per
 * request, small, with an ETag (304 on If-None-Match). Policy: leaders and admins, supervisors
 * read-only (every route here is a read; instructions go through POST /api/v1/orders/:id/instruction,
 * the console's own route). Scope in SQL: visible_departments (migration 170 adds 分管领导 through
 * leader_departments). Personal data is masked (mobile-detail.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { MobileCards, MobileDepartments, MobileOverview, MobileRankings } from '../../domain/contracts/api/mobile.ts'
import { sql } from '../../sql/queries.ts'
import { withEtag } from '../http/etag.ts'
import { DepartmentCode, MIN_RANKED_CONCLUDED, MOBILE_READERS, MOBILE_ZONE, mobileResponses } from '../mobile/constants.ts'
import { cardOf, departmentOf, overviewOf, rankingsOf, type CardRow, type DepartmentRow, type OverviewRow, type RankingRow } from '../mobile/read.ts'
import mobileDetail from './mobile-detail.ts'

const Code = DepartmentCode
const responses = mobileResponses

const mobile: FastifyPluginAsyncTypebox = async (app) => {
  const zone = () => MOBILE_ZONE

  app.get('/api/v1/mobile/overview', {
    config: { policy: MOBILE_READERS },
    schema: { tags: ['mobile'], summary: "Today at a glance for a leader's phone, in your scope, each figure with its change since yesterday", response: responses(MobileOverview) },
  }, async (req, reply) => {
    const now = new Date()
    const row = (await app.pg.query<OverviewRow>(sql('mobile_overview'), [req.user!.userId, now, zone()])).rows[0]!
    return withEtag(req, reply, overviewOf(row, now), ['asOf'])
  })

  app.get('/api/v1/mobile/cards', {
    config: { policy: MOBILE_READERS },
    schema: {
      tags: ['mobile'],
      summary: 'Active yellow and red cards in your scope, newest first',
      querystring: Type.Object({
        departmentCode: Type.Optional(Code),
        color: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 30, description: 'at most 30: the answer stays ≤ 20 KB' })),
      }, { additionalProperties: false }),
      response: responses(MobileCards),
    },
  }, async (req, reply) => {
    const q = req.query
    const { rows } = await app.pg.query<CardRow>(sql('mobile_cards'), [req.user!.userId, q.departmentCode ?? null, q.color ?? null, q.limit ?? 30])
    return withEtag(req, reply, { items: rows.map(cardOf), total: Number(rows[0]?.total ?? 0) })
  })

  app.get('/api/v1/mobile/departments', {
    config: { policy: MOBILE_READERS },
    schema: { tags: ['mobile'], summary: 'The department board in your scope, worst first (red, yellow, warning, open)', response: responses(MobileDepartments) },
  }, async (req, reply) => {
    const { rows } = await app.pg.query<DepartmentRow>(sql('mobile_departments'), [req.user!.userId, null])
    return withEtag(req, reply, { items: rows.map(departmentOf) })
  })

  app.get('/api/v1/mobile/rankings', {
    config: { policy: MOBILE_READERS },
    schema: { tags: ['mobile'], summary: "This month's on-time ranking of departments in your scope, with volumes (too few cases: listed apart)", response: responses(MobileRankings) },
  }, async (req, reply) => {
    const now = new Date()
    const { rows } = await app.pg.query<RankingRow>(sql('mobile_rankings'), [req.user!.userId, now, zone()])
    const month = rows[0]?.month ?? now.toISOString().slice(0, 7)
    return withEtag(req, reply, rankingsOf(rows, month, MIN_RANKED_CONCLUDED))
  })

  await app.register(mobileDetail)
}

export default mobile

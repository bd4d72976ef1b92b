/**
 * The public site's read routes (`/api/v1/public/*`, policy `public`, no sign-in): the service guide
 * (办事指南: departments, items with their limits, fee, materials and on-time rate) and the published
 * ranking. Nothing here returns personal data; answers are cacheable for a minute.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import {
  PublicDepartmentList,
  PublicItemDetail,
  PublicItemList,
  PublicRanking,
  type PublicItemSummary,
  type PublicRankingRow,
} from '../../domain/contracts/api/public.ts'
import type { CaseType } from '../../domain/contracts/caseTypes.ts'
import { rankOnTime } from '../../domain/public/rankOnTime.ts'
import { publicScorecard } from '../../domain/performance/publicScorecard.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import type { Scorecard } from '../../domain/performance/types.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'

/** Departments with fewer concluded cases this month are listed apart (样本不足) in the statistics ranking. */
export const STATISTICS_MIN_VOLUME = 5
const ITEM_LIMIT = 200

interface ItemRow {
  code: string
  name: string
  case_type: CaseType
  legal_limit: number | null
  legal_unit: 'workday' | 'day'
  promised_limit: number | null
  promised_unit: 'workday' | 'day'
  fee: number
  department_code: string
  department_name: string
  material_count?: number
}

const itemSummary = (r: ItemRow & { material_count: number }): PublicItemSummary => ({
  code: r.code,
  name: r.name,
  caseType: r.case_type,
  departmentCode: r.department_code,
  departmentName: r.department_name,
  legalLimit: r.legal_limit,
  legalUnit: r.legal_unit,
  promisedLimit: r.promised_limit,
  promisedUnit: r.promised_unit,
  fee: r.fee,
  materialCount: r.material_count,
})

const cacheable = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60')
const Jurisdiction = Type.String({ pattern: '^[0-9]{6}$' })

const publicGuide: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/public/departments',
    {
      config: { policy: 'public' },
      schema: { tags: ['public'], summary: 'Active departments (code and name) for the public site', response: { 200: PublicDepartmentList, '4xx': ErrorResponse } },
    },
    async (_req, reply) => {
      const rows = (await app.pg.query<{ code: string; name: string }>(sql('public_departments'))).rows
      cacheable(reply)
      return { items: rows.map((r) => ({ code: r.code, name: r.name })) }
    },
  )

  app.get(
    '/api/v1/public/items',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'The service guide (办事指南): items by keyword and department, with limits and fee',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 50 })), department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: PublicItemList, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const q = req.query.q?.trim() || null
      const rows = (await app.pg.query<ItemRow & { material_count: number }>(sql('public_items'), [q, req.query.department ?? null, ITEM_LIMIT + 1])).rows
      cacheable(reply)
      return { items: rows.slice(0, ITEM_LIMIT).map(itemSummary), truncated: rows.length > ITEM_LIMIT }
    },
  )

  app.get(
    '/api/v1/public/items/:code',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "One item of the service guide: limits, fee and its basis, materials, process, and the item's on-time rate",
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: PublicItemDetail, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      type Row = ItemRow & { fee_basis: string | null; guide_materials: string[]; guide_process: string | null; concluded: number; on_time: number }
      const r = (await app.pg.query<Row>(sql('public_item'), [req.params.code])).rows[0]
      if (!r) throw new AppError('NOT_FOUND', `item ${req.params.code}`)
      cacheable(reply)
      return {
        ...itemSummary({ ...r, material_count: r.guide_materials.length }),
        feeBasis: r.fee_basis,
        materials: r.guide_materials,
        process: r.guide_process,
        concluded: r.concluded,
        onTime: r.on_time,
        onTimeRate: r.concluded > 0 ? r.on_time / r.concluded : null,
      }
    },
  )

  app.get(
    '/api/v1/public/ranking',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "Department ranking: the latest published (frozen) performance evaluation, else this month's on-time rate ranked with volumes",
        querystring: Type.Object({ jurisdiction: Type.Optional(Jurisdiction) }, { additionalProperties: false }),
        response: { 200: PublicRanking, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const jurisdiction = req.query.jurisdiction ?? (await app.pg.query<{ code: string }>(sql('public_default_jurisdiction'))).rows[0]?.code
      if (!jurisdiction) throw new AppError('NOT_FOUND', 'no jurisdiction')
      cacheable(reply)
      return (await publishedRanking(jurisdiction)) ?? (await statisticsRanking(jurisdiction))
    },
  )

  async function publishedRanking(jurisdiction: string) {
    const period = (await app.pg.query<{ period: string }>(sql('public_latest_published'), [jurisdiction])).rows[0]?.period
    if (!period) return null
    type Row = { version: number; published_at: Date; scorecard: Scorecard; scheme: { minVolume?: number } }
    const rows = (await app.pg.query<Row>(sql('perf_published'), [jurisdiction, [period]])).rows
    const groups = rankScorecards(rows.map((r) => r.scorecard))
    const toRow = (s: ReturnType<typeof publicScorecard>): PublicRankingRow => {
      const rate = s.lines.find((l) => l.indicatorId === 'onTime') ?? s.lines.find((l) => l.rate !== undefined)
      return {
        departmentCode: s.departmentCode,
        name: s.name,
        rank: s.rank,
        score: s.score,
        grade: s.grade,
        volume: s.volume,
        onTime: rate?.numerator ?? null,
        onTimeRate: rate?.rate ?? null,
        rankingRate: null,
      }
    }
    const ranked = groups.flatMap((g) => g.ranked.map(publicScorecard).map(toRow))
    const insufficient = groups.flatMap((g) => g.insufficient.map(publicScorecard).map(toRow))
    return {
      basis: 'performance' as const,
      period,
      jurisdictionCode: jurisdiction,
      minVolume: rows[0]?.scheme.minVolume ?? 0,
      corrected: rows.some((r) => r.version > 1),
      publishedAt: rows[0]?.published_at.toISOString() ?? null,
      ranked,
      insufficient,
    }
  }

  async function statisticsRanking(jurisdiction: string) {
    type Row = { code: string; name: string; period: string; concluded: number; on_time: number }
    const rows = (await app.pg.query<Row>(sql('public_ontime'), [jurisdiction])).rows
    const { ranked, insufficient } = rankOnTime(
      rows.map((r) => ({ departmentCode: r.code, name: r.name, concluded: r.concluded, onTime: r.on_time })),
      STATISTICS_MIN_VOLUME,
    )
    const toRow = (r: (typeof ranked)[number]): PublicRankingRow => ({
      departmentCode: r.departmentCode,
      name: r.name,
      rank: r.rank,
      score: null,
      grade: null,
      volume: r.concluded,
      onTime: r.onTime,
      onTimeRate: r.onTimeRate,
      rankingRate: r.rankingRate,
    })
    const period = rows[0]?.period ?? new Date().toISOString().slice(0, 7)
    return { basis: 'statistics' as const, period, jurisdictionCode: jurisdiction, minVolume: STATISTICS_MIN_VOLUME, corrected: false, publishedAt: null, ranked: ranked.map(toRow), insufficient: insufficient.map(toRow) }
  }
}

export default publicGuide

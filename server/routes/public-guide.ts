/**
 * The public site's read routes (`/api/v1/public/*`, policy `public`, no sign-in): the service guide
 * (办事指南: departments, items with their limits, fee, materials and on-time rate) and the published
 * ranking, and the home page's figures of the day. Nothing here returns personal data; answers are
 * cacheable for a minute.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import { PublicDepartmentList, PublicItemDetail, PublicItemList, PublicRanking, PublicToday, type PublicItemSummary } from '../../domain/contracts/api/public.ts'
import type { CaseType } from '../../domain/contracts/caseTypes.ts'
import { publicRanking } from '../public/ranking.ts'
import { publicToday } from '../public/today.ts'
import { cachedAnswer } from '../public/cache.ts'
import { publicJurisdiction } from '../public/jurisdiction.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

const ITEM_LIMIT = 200
/** Guide answers are reused this long in memory (the catalogue changes rarely; pages cache a minute too). */
const GUIDE_TTL_MS = 60_000

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

const PUBLIC_MINUTE = 'public, max-age=60'
const cacheable = (reply: FastifyReply) => reply.header('cache-control', PUBLIC_MINUTE)
const Jurisdiction = Type.String({ pattern: '^[0-9]{6}$' })

const publicGuide: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/public/departments',
    {
      config: { policy: 'public' },
      schema: { tags: ['public'], summary: 'Active departments (code and name) for the public site', response: { 200: PublicDepartmentList, '4xx': ErrorResponse } },
    },
    async (_req, reply) => {
      cacheable(reply)
      return cachedAnswer(app, 'departments', GUIDE_TTL_MS, async () => ({ items: (await app.pg.query<{ code: string; name: string }>(sql('public_departments'))).rows.map((r) => ({ code: r.code, name: r.name })) }), false)
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
      const department = req.query.department ?? null
      cacheable(reply)
      return cachedAnswer(app, `items:${q}:${department}`, GUIDE_TTL_MS, async () => {
        const rows = (await app.pg.query<ItemRow & { material_count: number }>(sql('public_items'), [q, department, ITEM_LIMIT + 1])).rows
        return { items: rows.slice(0, ITEM_LIMIT).map(itemSummary), truncated: rows.length > ITEM_LIMIT }
      }, false)
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
      const r = await cachedAnswer(app, `item:${req.params.code}`, GUIDE_TTL_MS, async () => (await app.pg.query<Row>(sql('public_item'), [req.params.code])).rows[0] ?? null, false)
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
      const jurisdiction = await publicJurisdiction(app, req.query, { reply, control: PUBLIC_MINUTE })
      // keyed on the data version: a publication shows on the next request
      return publicRanking(app, jurisdiction)
    },
  )

  registerToday(app)
}

/** The home page's figures of the day. */
function registerToday(app: TypeboxApp): void {
  app.get(
    '/api/v1/public/today',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "The home page's figures: cases received and concluded today, this month's on-time rate (counts only, reused for up to 30 s)",
        querystring: Type.Object({ jurisdiction: Type.Optional(Jurisdiction) }, { additionalProperties: false }),
        response: { 200: PublicToday, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const jurisdiction = await publicJurisdiction(app, req.query, { reply, control: 'public, max-age=30' })
      return publicToday(app, jurisdiction)
    },
  )
}

export default publicGuide

/**
 * Case progress disclosure on the public site (办件进度公开): `POST /api/v1/public/cases/lookup`
 * with the receipt number and the query code (the last six characters of the applicant's
 * certificate number). Rate-limited per IP (guessing codes); a wrong number and a wrong code give
 * the same 404. The answer names the item, department, status, deadline and stages, and the
 * applicant's name masked — never a certificate number, phone, handler or opinion.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PublicCaseLookupRequest, PublicCaseProgress } from '../../domain/contracts/api/public.ts'
import { maskName, type PersonalData } from '../../domain/privacy/mask.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { createGuard } from '../public/guard.ts'

interface Row {
  case_no: string
  status: string
  level: string
  accepted_at: Date | null
  concluded_at: Date | null
  applicant: PersonalData | null
  item_name: string | null
  department_name: string | null
  deadline_date: string | null
  stages: { stage: string; at: string }[]
}

/** Whether `typed` is the last six characters of the certificate number (case-insensitive). */
export function queryCodeMatches(idNumber: unknown, typed: string): boolean {
  if (typeof idNumber !== 'string' || idNumber.length < 6) return false
  const a = Buffer.from(idNumber.slice(-6).toUpperCase())
  const b = Buffer.from(typed.toUpperCase())
  return a.length === b.length && timingSafeEqual(a, b)
}

const publicCases: FastifyPluginAsyncTypebox<{ queuePrefix: string }> = async (app, opts) => {
  const guard = createGuard(app, opts.queuePrefix)
  app.post(
    '/api/v1/public/cases/lookup',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "A case's progress by receipt number and query code (last six characters of the applicant's certificate number); applicant masked",
        body: PublicCaseLookupRequest,
        response: { 200: PublicCaseProgress, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      await guard.admit(req, 'lookup', null)
      reply.header('cache-control', 'no-store')
      const r = (await app.pg.query<Row>(sql('public_case_lookup'), [req.body.caseNo.trim()])).rows[0]
      if (!r || !queryCodeMatches(r.applicant?.idNumber, req.body.queryCode)) throw new AppError('TRACKING_CODE_UNKNOWN')
      return {
        caseNo: r.case_no,
        itemName: r.item_name,
        departmentName: r.department_name,
        applicantMasked: typeof r.applicant?.name === 'string' ? maskName(r.applicant.name) : null,
        status: r.status,
        level: r.level,
        acceptedAt: r.accepted_at?.toISOString() ?? null,
        deadlineDate: r.deadline_date,
        concludedAt: r.concluded_at?.toISOString() ?? null,
        stages: r.stages.map((s) => ({ stage: s.stage, at: new Date(s.at).toISOString() })),
      }
    },
  )
}

export default publicCases

/**
 * Reading cases (办件): a paged list and one case with its stages. Department scope is enforced in
 * the SQL (visible_departments); applicant data is masked unless a supervisor/admin asks for it
 * unmasked (audited).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { maskPersonalDataIn } from '../../domain/privacy/mask.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { CASE_READERS } from '../auth/roles.ts'
import { PersonalDataSchema, readPersonalData, UnmaskQuery, wantsUnmasked } from '../http/pii.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { CASE_LIST_COUNT_CAP, CaseFilterQuery, caseFilters, countParams, listParams } from '../http/case-filters.ts'
import { CaseListExtras, caseListItems, caseSummary, type CaseListRow as CaseListPageRow, type CaseSummaryRow } from '../http/case-list-item.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { ErrorResponse } from '../schemas.ts'

// null first: with ajv type coercion on, a null tried against a string schema first would become ''
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])

const CaseSummary = Type.Object({
  caseNo: Type.String(),
  departmentCode: Type.String(),
  itemCode: Nullable(Type.String()),
  caseType: Nullable(Type.String()),
  status: Type.String(),
  /** The clock's level (deadline days). */
  level: Type.String(),
  /** The highest active card the case holds (automatic or manual), or null: shown beside the level. */
  cardColor: Nullable(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
  applicant: PersonalDataSchema,
  submittedAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  concludedAt: Nullable(Type.String()),
  returnedAt: Nullable(Type.String()),
  result: Nullable(Type.String()),
  deadlineDate: Nullable(Type.String()),
  handler: Nullable(Type.String()),
  suspended: Type.Boolean(),
  supplementCount: Type.Integer(),
  feeCharged: Nullable(Type.Number()),
  jointDepartments: Type.Array(Type.String()),
  lastOccurredAt: Type.String(),
})

const Stage = Type.Object({
  seq: Type.Integer(),
  stage: Type.String(),
  at: Type.String(),
  handler: Nullable(Type.String()),
  opinion: Nullable(Type.String()),
  departmentCode: Type.String(),
  eventId: Type.String(),
})
const Limit = Nullable(Type.Object({ value: Type.Integer(), unit: Type.String() }))

const CaseDetail = Type.Intersect([
  CaseSummary,
  Type.Object({
    departmentName: Nullable(Type.String()),
    itemName: Nullable(Type.String()),
    jurisdictionCode: Nullable(Type.String()),
    certificateNo: Nullable(Type.String()),
    legalLimit: Limit,
    promisedLimit: Limit,
    legalDeadlineDate: Nullable(Type.String()),
    warningFrom: Nullable(Type.String()),
    yellowFrom: Nullable(Type.String()),
    redFrom: Nullable(Type.String()),
    clockStatus: Nullable(Type.String()),
    clock: Type.Unknown({ description: 'The deadline explanation (why this level), as the clock engine stores it' }),
    state: Type.Unknown({ description: 'The folded case state (applicant masked like the top-level field)' }),
    eventCount: Type.Integer(),
    projectedAt: Type.String(),
    stages: Type.Array(Stage),
  }),
])

interface CaseDetailRow extends CaseSummaryRow {
  department_name: string | null
  item_name: string | null
  limit_value: number | null
  limit_unit: string | null
  legal_limit_value: number | null
  legal_limit_unit: string | null
  jurisdiction_code: string | null
  certificate_no: string | null
  legal_limit: number | null
  legal_unit: string | null
  promised_limit: number | null
  promised_unit: string | null
  legal_deadline_date: string | null
  warning_from: string | null
  yellow_from: string | null
  red_from: string | null
  clock_status: string | null
  clock: unknown
  state: unknown
  event_count: number
  projected_at: Date
  stages: { seq: number; stage: string; at: string; handler: string | null; opinion: string | null; departmentCode: string; eventId: string }[]
}

const iso = (d: Date | null) => d?.toISOString() ?? null
const limit = (value: number | null, unit: string | null) => (value === null ? null : { value, unit: unit ?? 'workday' })


const cases: FastifyPluginAsyncTypebox = async (app) => {
  const context = createContextProvider(app.pg)
  app.get(
    '/api/v1/cases',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cases'],
        summary: 'Cases in your department scope, filtered and sorted (newest first by default)',
        querystring: Type.Object(
          {
            ...CaseFilterQuery,
            ...PagingQuery,
            unmask: UnmaskQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Type.Integer({ description: `matching cases over all pages, counted up to ${CASE_LIST_COUNT_CAP}` }),
            totalCapped: Type.Boolean({ description: `true: more than ${CASE_LIST_COUNT_CAP} cases match and total is ${CASE_LIST_COUNT_CAP} (shown as "${CASE_LIST_COUNT_CAP}+"); narrow the filters for an exact count` }),
            items: Type.Array(Type.Intersect([CaseSummary, CaseListExtras])),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req) => {
      const q = req.query
      const page = paging(q)
      const unmasked = wantsUnmasked(req, q.unmask)
      const userId = req.user!.userId
      const filters = caseFilters(q)
      const [rows, count] = await Promise.all([
        readPersonalData<CaseListPageRow[]>(app, req, { unmasked, entity: 'case', ids: (rs) => rs.filter((r) => r.applicant).map((r) => r.case_no), fields: ['applicant'] }, async (db) =>
          (await db.query<CaseListPageRow>(sql('case_list'), listParams(userId, filters, page.limit, page.offset))).rows,
        ),
        app.pg.query<{ total: string }>(sql('case_list_count_capped'), [...countParams(userId, filters), CASE_LIST_COUNT_CAP]),
      ])
      const counted = Number(count.rows[0]?.total ?? 0)
      return { total: Math.min(counted, CASE_LIST_COUNT_CAP), totalCapped: counted > CASE_LIST_COUNT_CAP, items: await caseListItems(rows, unmasked, context, Date.now()) }
    },
  )

  app.get(
    '/api/v1/cases/:caseNo',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cases'],
        summary: 'One case with its stages (404 outside your department scope)',
        params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 128 }) }),
        querystring: Type.Object({ unmask: UnmaskQuery }, { additionalProperties: false }),
        response: { 200: CaseDetail, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const unmasked = wantsUnmasked(req, req.query.unmask)
      const row = await readPersonalData<CaseDetailRow | undefined>(
        app,
        req,
        { unmasked, entity: 'case', ids: (r) => (r?.applicant ? [r.case_no] : []), fields: ['applicant', 'state.applicant'] },
        async (db) => (await db.query<CaseDetailRow>(sql('case_detail'), [req.user!.userId, req.params.caseNo])).rows[0],
      )
      if (!row) throw new AppError('NOT_FOUND')
      return {
        ...caseSummary(row, unmasked),
        departmentName: row.department_name,
        itemName: row.item_name,
        jurisdictionCode: row.jurisdiction_code,
        certificateNo: row.certificate_no,
        // the limits in force: the acceptance's override, else the item's (as the clock uses them)
        legalLimit: limit(row.legal_limit, row.legal_unit) ?? limit(row.legal_limit_value, row.legal_limit_unit),
        promisedLimit: limit(row.promised_limit, row.promised_unit) ?? limit(row.limit_value, row.limit_unit),
        legalDeadlineDate: row.legal_deadline_date,
        warningFrom: row.warning_from,
        yellowFrom: row.yellow_from,
        redFrom: row.red_from,
        clockStatus: row.clock_status,
        clock: row.clock ?? null,
        state: unmasked ? row.state : maskPersonalDataIn(row.state),
        eventCount: row.event_count,
        projectedAt: row.projected_at.toISOString(),
        stages: row.stages,
      }
    },
  )
}

export default cases

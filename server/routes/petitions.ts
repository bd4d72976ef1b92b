/**
 * Reading petitions (咨询、投诉、信访、区长信箱、效能投诉): a paged list and one petition. Department
 * scope is enforced in the SQL; the citizen's data is masked unless a supervisor/admin asks for it
 * unmasked (audited).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { PETITION_KINDS } from '../../domain/events/schema.ts'
import { maskPersonalData, maskPersonalDataIn, type PersonalData } from '../../domain/privacy/mask.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { CASE_READERS } from '../auth/roles.ts'
import { PersonalDataSchema, readPersonalData, UnmaskQuery, wantsUnmasked } from '../http/pii.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { ErrorResponse } from '../schemas.ts'
import { LEVELS } from '../../domain/contracts/levels.ts'

// null first: with ajv type coercion on, a null tried against a string schema first would become ''
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
const STATUSES = ['received', 'assigned', 'acknowledged', 'replied', 'closed'] as const

const PetitionSummary = Type.Object({
  petitionNo: Type.String(),
  departmentCode: Type.String(),
  petitionKind: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  status: Type.String(),
  level: Type.String(),
  citizen: PersonalDataSchema,
  receivedAt: Nullable(Type.String()),
  acknowledgedAt: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  deadlineDate: Nullable(Type.String()),
  lastOccurredAt: Type.String(),
})

const PetitionDetail = Type.Intersect([
  PetitionSummary,
  Type.Object({
    jurisdictionCode: Nullable(Type.String()),
    warningFrom: Nullable(Type.String()),
    yellowFrom: Nullable(Type.String()),
    redFrom: Nullable(Type.String()),
    clock: Type.Unknown(),
    state: Type.Unknown({ description: 'The folded petition state (citizen masked like the top-level field)' }),
    eventCount: Type.Integer(),
    projectedAt: Type.String(),
  }),
])

interface PetitionListRow {
  petition_no: string
  department_code: string
  petition_kind: string | null
  channel: string | null
  status: string
  level: string
  citizen: PersonalData | null
  received_at: Date | null
  acknowledged_at: Date | null
  replied_at: Date | null
  closed_at: Date | null
  rating: number | null
  deadline_date: string | null
  last_occurred_at: Date
}

interface PetitionDetailRow extends PetitionListRow {
  jurisdiction_code: string | null
  warning_from: string | null
  yellow_from: string | null
  red_from: string | null
  clock: unknown
  state: unknown
  event_count: number
  projected_at: Date
}

const iso = (d: Date | null) => d?.toISOString() ?? null

/**
 * A petition's state as a masked reader sees it: the citizen masked, and the free text (`subject`)
 * scrubbed of the citizen's name, ID number and phone and of any other resident ID, phone or e-mail
 * (a complaint's text often repeats them).
 */
function maskedState(state: unknown, citizen: PersonalData | null): unknown {
  const masked = maskPersonalDataIn(state)
  if (masked === null || typeof masked !== 'object' || Array.isArray(masked)) return masked
  const subject = (masked as { subject?: unknown }).subject
  return typeof subject === 'string' ? { ...masked, subject: scrubPersonalData(subject, [citizen]) } : masked
}

function summary(r: PetitionListRow, unmasked: boolean) {
  return {
    petitionNo: r.petition_no,
    departmentCode: r.department_code,
    petitionKind: r.petition_kind,
    channel: r.channel,
    status: r.status,
    level: r.level,
    citizen: unmasked ? r.citizen : maskPersonalData(r.citizen),
    receivedAt: iso(r.received_at),
    acknowledgedAt: iso(r.acknowledged_at),
    repliedAt: iso(r.replied_at),
    closedAt: iso(r.closed_at),
    rating: r.rating,
    deadlineDate: r.deadline_date,
    lastOccurredAt: r.last_occurred_at.toISOString(),
  }
}

const petitions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/petitions',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['petitions'],
        summary: 'Petitions in your department scope, newest first',
        querystring: Type.Object(
          {
            department: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a department and its subtree' })),
            status: Type.Optional(Type.Enum(STATUSES)),
            kind: Type.Optional(Type.Enum(PETITION_KINDS)),
            level: Type.Optional(Type.Enum(LEVELS)),
            ...PagingQuery,
            unmask: UnmaskQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(PetitionSummary) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query
      const page = paging(q)
      const unmasked = wantsUnmasked(req, q.unmask)
      const filters = [req.user!.userId, q.department ?? null, q.status ?? null, q.kind ?? null, q.level ?? null]
      const [rows, count] = await Promise.all([
        readPersonalData<PetitionListRow[]>(app, req, { unmasked, entity: 'petition', ids: (rs) => rs.filter((r) => r.citizen).map((r) => r.petition_no), fields: ['citizen'] }, async (db) =>
          (await db.query<PetitionListRow>(sql('petition_list'), [...filters, page.limit, page.offset])).rows,
        ),
        app.pg.query<{ total: string }>(sql('petition_list_count'), filters),
      ])
      return { total: Number(count.rows[0]?.total ?? 0), items: rows.map((r) => summary(r, unmasked)) }
    },
  )

  app.get(
    '/api/v1/petitions/:petitionNo',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['petitions'],
        summary: 'One petition (404 outside your department scope)',
        params: Type.Object({ petitionNo: Type.String({ minLength: 1, maxLength: 128 }) }),
        querystring: Type.Object({ unmask: UnmaskQuery }, { additionalProperties: false }),
        response: { 200: PetitionDetail, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const unmasked = wantsUnmasked(req, req.query.unmask)
      const row = await readPersonalData<PetitionDetailRow | undefined>(
        app,
        req,
        { unmasked, entity: 'petition', ids: (r) => (r?.citizen ? [r.petition_no] : []), fields: ['citizen', 'state.citizen'] },
        async (db) => (await db.query<PetitionDetailRow>(sql('petition_detail'), [req.user!.userId, req.params.petitionNo])).rows[0],
      )
      if (!row) throw new AppError('NOT_FOUND')
      return {
        ...summary(row, unmasked),
        jurisdictionCode: row.jurisdiction_code,
        warningFrom: row.warning_from,
        yellowFrom: row.yellow_from,
        redFrom: row.red_from,
        clock: row.clock ?? null,
        state: unmasked ? row.state : maskedState(row.state, row.citizen),
        eventCount: row.event_count,
        projectedAt: row.projected_at.toISOString(),
      }
    },
  )
}

export default petitions

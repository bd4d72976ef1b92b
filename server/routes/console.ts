/**
 * Reads for the supervisor's console besides the case list: the filter choices (departments as a
 * tree, items) and the process query of one case (every step with handler, time, opinion, limit
 * and working days used). Department scope is enforced in the SQL.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { workingDaysBetween } from '../../domain/calendar/workingDaysBetween.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { CASE_READERS } from '../auth/roles.ts'
import { ErrorResponse } from '../schemas.ts'

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])

const Department = Type.Object({ code: Type.String(), name: Type.String(), shortName: Nullable(Type.String()), parentCode: Nullable(Type.String()), kind: Type.String(), jurisdictionCode: Type.String() })
const Item = Type.Object({ code: Type.String(), name: Type.String(), departmentCode: Type.String(), caseType: Type.String(), feeStandard: Type.Number() })
const Limit = Nullable(Type.Object({ value: Type.Integer(), unit: Type.String() }))
const Step = Type.Object({
  seq: Type.String(),
  eventId: Type.String(),
  source: Type.String(),
  kind: Type.String(),
  stage: Nullable(Type.String()),
  at: Type.String(),
  localDay: Type.String(),
  departmentCode: Type.String(),
  handler: Nullable(Type.String()),
  opinion: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  result: Nullable(Type.String()),
  limit: Limit,
  materials: Nullable(Type.Array(Type.String())),
  procedure: Nullable(Type.String()),
  expectedDays: Nullable(Type.Integer()),
  amount: Nullable(Type.Number()),
  workdaysSincePrevious: Nullable(Type.Integer()),
  workdaysSinceAccepted: Nullable(Type.Integer()),
})

interface StepRow {
  seq: string
  event_id: string
  source: string
  kind: string
  occurred_at: Date
  department_code: string
  stage: string | null
  handler: string | null
  opinion: string | null
  decision: string | null
  result: string | null
  step_limit: { value?: unknown; unit?: unknown } | null
  materials: unknown
  procedure: string | null
  expected_days: number | null
  amount: number | null
  local_day: string
  accepted_day: string | null
  case_department: string
  item_code: string | null
}

const limitOf = (l: StepRow['step_limit']) =>
  l && typeof l.value === 'number' && Number.isInteger(l.value) ? { value: l.value, unit: l.unit === 'day' ? 'day' : 'workday' } : null
const stringsOf = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null)

const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const context = createContextProvider(app.pg)
  app.get(
    '/api/v1/console/filters',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['console'],
        summary: 'Filter choices of the console: the departments you may see (a tree by parentCode) and their items',
        response: { 200: Type.Object({ departments: Type.Array(Department), items: Type.Array(Item) }) },
      },
    },
    async (req) => {
      const userId = req.user!.userId
      const [d, i] = await Promise.all([
        app.pg.query<{ code: string; name: string; short_name: string | null; parent_code: string | null; kind: string; jurisdiction_code: string }>(sql('console_departments'), [userId]),
        app.pg.query<{ code: string; name: string; department_code: string; case_type: string; fee_standard: number }>(sql('console_items'), [userId]),
      ])
      return {
        departments: d.rows.map((r) => ({ code: r.code, name: r.name, shortName: r.short_name, parentCode: r.parent_code, kind: r.kind, jurisdictionCode: r.jurisdiction_code })),
        items: i.rows.map((r) => ({ code: r.code, name: r.name, departmentCode: r.department_code, caseType: r.case_type, feeStandard: r.fee_standard })),
      }
    },
  )

  app.get(
    '/api/v1/cases/:caseNo/process',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['cases'],
        summary: 'Process query: every step of a case with handler, time, opinion, limit and working days used (404 outside your scope)',
        params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: Type.Object({ caseNo: Type.String(), steps: Type.Array(Step) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { rows } = await app.pg.query<StepRow>(sql('case_process'), [req.user!.userId, req.params.caseNo])
      if (rows.length === 0) {
        const visible = await app.pg.query(sql('case_detail'), [req.user!.userId, req.params.caseNo])
        if (visible.rows.length === 0) throw new AppError('NOT_FOUND')
      }
      const first = rows[0]
      const cal = first ? (await context.forCase(first.case_department, first.item_code)).calendar : null
      const between = (a: string | null, b: string) => {
        if (!cal || a === null) return null
        const n = workingDaysBetween(cal, toEpochDay(a), toEpochDay(b))
        return Number.isFinite(n) ? n : null
      }
      return {
        caseNo: req.params.caseNo,
        steps: rows.map((r, i) => ({
          seq: String(r.seq),
          eventId: r.event_id,
          source: r.source,
          kind: r.kind,
          stage: r.stage,
          at: r.occurred_at.toISOString(),
          localDay: r.local_day,
          departmentCode: r.department_code,
          handler: r.handler,
          opinion: r.opinion,
          decision: r.decision,
          result: r.result,
          limit: limitOf(r.step_limit),
          materials: stringsOf(r.materials),
          procedure: r.procedure,
          expectedDays: r.expected_days,
          amount: r.amount,
          workdaysSincePrevious: between(rows[i - 1]?.local_day ?? null, r.local_day),
          workdaysSinceAccepted: r.accepted_day !== null && r.local_day >= r.accepted_day ? between(r.accepted_day, r.local_day) : null,
        })),
      }
    },
  )
}

export default consoleRoutes

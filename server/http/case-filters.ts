/**
 * The filters, views and sort orders of case lists and exports (GET /api/v1/cases and
 * /api/v1/cases/export): one querystring schema and one conversion to the parameters of
 * sql/queries/case_list.sql, and case_list_count.sql (the export declares its cursor over case_list).
 */
import Type from 'typebox'
import { CASE_TYPES } from '../../domain/events/schema.ts'
import { LEVELS } from '../../domain/contracts/levels.ts'
import { startOfLocalDay } from '../../domain/calendar/startOfLocalDay.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { AppError } from '../errors.ts'

export const CASE_STATUSES = ['submitted', 'accepted', 'undertaken', 'reviewed', 'approved', 'concluded', 'returned'] as const
export const CASE_LEVELS = LEVELS
/** Tabs and monitoring views (see case_list.sql). */
export const CASE_VIEWS = ['all', 'inProgress', 'pending', 'concluded', 'alert', 'exceptions', 'fee', 'procedure'] as const
export const CASE_SORTS = ['receivedAt', 'acceptedAt', 'deadlineDate', 'concludedAt', 'level', 'caseNo', 'feeCharged'] as const

const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })

/** Querystring members shared by the list and the export. */
export const CaseFilterQuery = {
  department: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a department and its subtree' })),
  status: Type.Optional(Type.Enum(CASE_STATUSES)),
  level: Type.Optional(Type.Enum(CASE_LEVELS)),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'part of the receipt number (受理编号), case-insensitive' })),
  item: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'item code' })),
  caseType: Type.Optional(Type.Enum(CASE_TYPES)),
  from: Type.Optional(IsoDate('received (submitted, else accepted) on or after this local date')),
  to: Type.Optional(IsoDate('received on or before this local date')),
  view: Type.Optional(Type.Enum(CASE_VIEWS, { description: 'tab / monitoring view' })),
  sort: Type.Optional(Type.Enum(CASE_SORTS)),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
}

export interface CaseFilterInput {
  department?: string
  status?: string
  level?: string
  q?: string
  item?: string
  caseType?: string
  from?: string
  to?: string
  view?: string
  sort?: string
  order?: string
}

export interface CaseFilters {
  department: string | null
  status: string | null
  level: string | null
  q: string | null
  item: string | null
  caseType: string | null
  /** instants (inclusive lower, exclusive upper bound) */
  from: Date | null
  to: Date | null
  view: string | null
  sort: string | null
  descending: boolean | null
}

function dayStart(name: string, date: string, zone: string, plusDays = 0): Date {
  const day = toEpochDay(date)
  if (!Number.isFinite(day)) throw new AppError('VALIDATION_FAILED', `querystring/${name} is not a date`)
  return new Date(startOfLocalDay(day + plusDays, zone))
}

/** Converts validated query members; dates are local dates in `zone` (`to` inclusive). */
export function caseFilters(q: CaseFilterInput, zone = 'Asia/Shanghai'): CaseFilters {
  const from = q.from ? dayStart('from', q.from, zone) : null
  const to = q.to ? dayStart('to', q.to, zone, 1) : null
  if (from && to && from >= to) throw new AppError('VALIDATION_FAILED', 'querystring/from must not be after querystring/to')
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim())
  return {
    department: text(q.department),
    status: q.status ?? null,
    level: q.level ?? null,
    q: text(q.q),
    item: text(q.item),
    caseType: q.caseType ?? null,
    from,
    to,
    view: q.view ?? null,
    sort: q.sort ?? null,
    descending: q.order === undefined ? null : q.order === 'desc',
  }
}

/** Parameters of case_list (and the export's cursor over it) ($1…$14). `limit` null = every row. */
export function listParams(userId: string, f: CaseFilters, limit: number | null, offset: number): unknown[] {
  return [userId, f.department, f.status, f.level, limit, offset, f.q, f.item, f.caseType, f.from, f.to, f.view, f.sort, f.descending]
}

/**
 * The case list counts its matches up to this many and no further (case_list_count_capped.sql):
 * beyond it the answer is `total` = the cap with `totalCapped` (the console shows "10,000+").
 */
export const CASE_LIST_COUNT_CAP = 10_000

/** Parameters of case_list_count ($1…$10; case_list_count_capped takes the cap as $11). */
export function countParams(userId: string, f: CaseFilters): unknown[] {
  return [userId, f.department, f.status, f.level, f.q, f.item, f.caseType, f.from, f.to, f.view]
}

/**
 * The console case list's query (its filter query params, ../cases/
 * caseQuery.ts and server/http/case-filters.ts) for the cases behind a statistics number.
 * Pure.
 */
import type { StatLevel, TimeLimitBucket, TimeLimitGroup, TypeKey } from '../../../../../domain/statistics/contract.ts'

export interface TimeLimitCell {
  readonly group: TimeLimitGroup
  /** the row's key (a department or item code; ignored for jurisdiction rows) */
  readonly key: string
  readonly bucket: TimeLimitBucket
  readonly level?: StatLevel
  readonly from: string
  readonly to: string
  readonly today: string
  /** the department filter the statistics were read with */
  readonly department?: string
}

/**
 * The case-list query for a time-limit cell: received in the period (or today), in progress or
 * concluded, at the level, in the department or item.
 *
 * @example
 * timeLimitDrillDown({ group: 'department', key: '440204-SCJG', bucket: 'inProgress', level: 'red', from: '2026-12-01', to: '2026-12-31', today: '2026-12-05' })
 * //=> { department: '440204-SCJG', from: '2026-12-01', to: '2026-12-31', view: 'inProgress', level: 'red' }
 */
export function timeLimitDrillDown(c: TimeLimitCell): Record<string, string> {
  const out: Record<string, string> = {}
  if (c.group === 'department' && c.key) out.department = c.key
  else if (c.department) out.department = c.department
  if (c.group === 'item' && c.key) out.item = c.key
  if (c.bucket === 'today') {
    out.from = c.today
    out.to = c.today
  } else {
    out.from = c.from
    out.to = c.to
    out.view = c.bucket
  }
  if (c.level) out.level = c.level
  return out
}

/** The case-list query for a type statistics cell: the four case types by type; 退回件 and 补办件 through the list's exceptions view (returns and supplements). */
export function typeDrillDown(type: TypeKey | null, from: string | null, to: string | null, department: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (department) out.department = department
  if (from) out.from = from
  if (to) out.to = to
  if (type === 'returned' || type === 'supplemented') out.view = 'exceptions'
  else if (type) out.caseType = type
  return out
}

/**
 * A row of sql/queries/case_list.sql (and the export cursor over the same statement) as the API
 * returns it: the case summary plus the monitoring columns (department and item names, fee
 * standard and flag, limit, thresholds, days left). Masking is applied here, by the caller's choice.
 */
import Type from 'typebox'
import { maskPersonalData, type PersonalData } from '../../domain/privacy/mask.ts'
import { feeFlag } from '../../domain/rules/feeFlag.ts'
import type { CaseExportRecord } from '../../domain/export/types.ts'
import { daysLeft } from '../../domain/clock/daysLeft.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import type { ContextProvider } from '../../sql/clockContext.ts'

export interface CaseListRow {
  case_no: string
  department_code: string
  item_code: string | null
  case_type: string | null
  status: string
  level: string
  /** The highest active card of the case (manual ones included), or null. */
  card_color: 'yellow' | 'red' | null
  applicant: PersonalData | null
  submitted_at: Date | null
  accepted_at: Date | null
  concluded_at: Date | null
  returned_at: Date | null
  result: string | null
  deadline_date: string | null
  handler: string | null
  suspended: boolean
  supplement_count: number
  fee_charged: number | null
  joint_departments: string[]
  last_occurred_at: Date
  department_name: string | null
  item_name: string | null
  fee_standard: number | null
  limit_value: number | null
  limit_unit: string | null
  warning_from: string | null
  yellow_from: string | null
  red_from: string | null
  clock_status: string | null
  time_zone: string
  suspension_count: number
  anomaly_count: number
}

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])

/** The monitoring columns added to each list item (besides the case summary). */
export const CaseListExtras = Type.Object({
  departmentName: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  feeStandard: Nullable(Type.Number()),
  feeFlag: Nullable(Type.String({ description: 'chargedForFreeItem | overcharged | undercharged' })),
  limit: Nullable(Type.Object({ value: Type.Integer(), unit: Type.String() })),
  warningFrom: Nullable(Type.String()),
  yellowFrom: Nullable(Type.String()),
  redFrom: Nullable(Type.String()),
  clockStatus: Nullable(Type.String()),
  daysLeft: Nullable(Type.Integer({ description: 'working (or calendar) days to the deadline of an open case; negative when overdue' })),
  suspensionCount: Type.Integer(),
  anomalyCount: Type.Integer(),
})

const iso = (d: Date | null) => d?.toISOString() ?? null

/**
 * Days left to the deadline of an open case (null when concluded, returned or without a deadline),
 * counted with its jurisdiction's calendar (ContextProvider, cached) at `nowMs`.
 */
export async function daysLeftOf(r: CaseListRow, context: ContextProvider, nowMs: number): Promise<number | null> {
  if (r.deadline_date === null || r.concluded_at !== null || r.returned_at !== null) return null
  const ctx = await context.forCase(r.department_code, r.item_code)
  return daysLeft(ctx.calendar, r.deadline_date, r.limit_unit === 'day' ? 'day' : 'workday', localDayOf(nowMs, r.time_zone))
}

/** The list items of rows (days left computed at `nowMs`), the applicant masked unless `unmasked`. */
export async function caseListItems(rows: CaseListRow[], unmasked: boolean, context: ContextProvider, nowMs: number) {
  const out: ReturnType<typeof caseListItem>[] = []
  for (const r of rows) out.push(caseListItem(r, unmasked, await daysLeftOf(r, context, nowMs)))
  return out
}

/** The columns every case answer (list item, detail) starts with. */
export type CaseSummaryRow = Pick<
  CaseListRow,
  'case_no' | 'department_code' | 'item_code' | 'case_type' | 'status' | 'level' | 'card_color' | 'applicant' | 'submitted_at' | 'accepted_at' | 'concluded_at' |
  'returned_at' | 'result' | 'deadline_date' | 'handler' | 'suspended' | 'supplement_count' | 'fee_charged' | 'joint_departments' | 'last_occurred_at'
>

/** The common part of a case answer, the applicant masked unless `unmasked`. */
export function caseSummary(r: CaseSummaryRow, unmasked: boolean) {
  return {
    caseNo: r.case_no,
    departmentCode: r.department_code,
    itemCode: r.item_code,
    caseType: r.case_type,
    status: r.status,
    level: r.level,
    cardColor: r.card_color ?? null,
    applicant: unmasked ? r.applicant : maskPersonalData(r.applicant),
    submittedAt: iso(r.submitted_at),
    acceptedAt: iso(r.accepted_at),
    concludedAt: iso(r.concluded_at),
    returnedAt: iso(r.returned_at),
    result: r.result,
    deadlineDate: r.deadline_date,
    handler: r.handler,
    suspended: r.suspended,
    supplementCount: r.supplement_count,
    feeCharged: r.fee_charged,
    jointDepartments: r.joint_departments,
    lastOccurredAt: r.last_occurred_at.toISOString(),
  }
}

/** The list item of a row, the applicant masked unless `unmasked`. */
export function caseListItem(r: CaseListRow, unmasked: boolean, daysLeft: number | null) {
  return {
    ...caseSummary(r, unmasked),
    departmentName: r.department_name,
    itemName: r.item_name,
    feeStandard: r.fee_standard,
    feeFlag: feeFlag(r.fee_charged, r.fee_standard),
    limit: r.limit_value === null ? null : { value: r.limit_value, unit: r.limit_unit ?? 'workday' },
    warningFrom: r.warning_from,
    yellowFrom: r.yellow_from,
    redFrom: r.red_from,
    clockStatus: r.clock_status,
    daysLeft,
    suspensionCount: r.suspension_count,
    anomalyCount: r.anomaly_count,
  } satisfies CaseExportRecord & Record<string, unknown>
}

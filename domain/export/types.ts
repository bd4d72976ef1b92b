import type { FeeFlag } from '../rules/feeFlag.ts'

/** Languages of export headers and labels. */
export type ExportLocale = 'zh-CN' | 'en'

/** One case as the console lists and exports it (applicant already masked for the caller's role). */
export interface CaseExportRecord {
  caseNo: string
  departmentCode: string
  departmentName: string | null
  itemCode: string | null
  itemName: string | null
  caseType: string | null
  status: string
  level: string
  applicant: { name: string; idNumber?: string; phone?: string } | null
  /** UTC ISO instants, or null */
  submittedAt: string | null
  acceptedAt: string | null
  concludedAt: string | null
  deadlineDate: string | null
  handler: string | null
  limit: { value: number; unit: string } | null
  /** Working (or calendar) days left to the deadline of an open case; negative when overdue. */
  daysLeft: number | null
  feeCharged: number | null
  feeStandard: number | null
  feeFlag: FeeFlag | null
  supplementCount: number
  suspended: boolean
}

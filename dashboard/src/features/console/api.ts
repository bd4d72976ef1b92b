/**
 * Shapes of the console's API answers, mirrored from the server (server/routes/cases.ts +
 * server/http/case-list-item.ts, server/routes/console.ts, server/routes/cards.ts,
 * server/routes/explain.ts, server/routes/calendar.ts). Domain types are imported as types only.
 */
import type { DeadlineExplanation } from '../../../../domain/clock/types.ts'
import type { DepartmentChoice } from './cases/departmentTree.ts'

export interface Limit { value: number; unit: string }

export interface CaseListItem {
  caseNo: string
  departmentCode: string
  departmentName: string | null
  itemCode: string | null
  itemName: string | null
  caseType: string | null
  status: string
  /** The clock's level. */
  level: string
  /** The highest active card held (automatic or manual), or null. */
  cardColor: 'yellow' | 'red' | null
  applicant: { name: string; idNumber?: string; phone?: string } | null
  submittedAt: string | null
  acceptedAt: string | null
  concludedAt: string | null
  returnedAt: string | null
  deadlineDate: string | null
  handler: string | null
  suspended: boolean
  supplementCount: number
  feeCharged: number | null
  feeStandard: number | null
  feeFlag: 'chargedForFreeItem' | 'overcharged' | 'undercharged' | null
  limit: Limit | null
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  daysLeft: number | null
  suspensionCount: number
  anomalyCount: number
  lastOccurredAt: string
}

/** `totalCapped`: more than `total` cases match (the server counts up to 10,000; shown as "10000+"). */
export interface CaseListResponse { total: number; totalCapped?: boolean; items: CaseListItem[] }

export interface ItemChoice { code: string; name: string; departmentCode: string; caseType: string; feeStandard: number }
export interface FilterChoices { departments: DepartmentChoice[]; items: ItemChoice[] }

export interface CaseStage { seq: number; stage: string; at: string; handler: string | null; opinion: string | null; departmentCode: string; eventId: string }
export interface CaseDetail extends Omit<CaseListItem, 'feeStandard' | 'feeFlag' | 'limit' | 'daysLeft' | 'suspensionCount' | 'anomalyCount'> {
  certificateNo: string | null
  result: string | null
  legalLimit: Limit | null
  promisedLimit: Limit | null
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  clockStatus: string | null
  stages: CaseStage[]
}

export interface ProcessStep {
  seq: string
  eventId: string
  kind: string
  stage: string | null
  at: string
  localDay: string
  departmentCode: string
  handler: string | null
  opinion: string | null
  decision: string | null
  result: string | null
  limit: Limit | null
  materials: string[] | null
  procedure: string | null
  expectedDays: number | null
  amount: number | null
  workdaysSincePrevious: number | null
  workdaysSinceAccepted: number | null
}
export interface ProcessResponse { caseNo: string; steps: ProcessStep[] }

export interface Card {
  id: string | number
  subject: string
  subject_no: string
  department_code: string
  color: 'yellow' | 'red'
  rule: string
  reason: string
  issued_at: string
  /** When the rule was broken (the threshold crossed); the time shown. */
  effective_at: string
  issued_by: string
  revoked_by_record: string | null
  revocation_reason: string | null
  revoked_at: string | null
  revoked_by: string | null
  confirmed_at: string | null
  confirmed_by: string | null
  published: boolean
}

export interface LevelChange { id: string; from_level: string; to_level: string; effective_at: string; source: string }
export interface ExplainResponse {
  caseNo: string
  level: string
  evaluatedAt: string
  /** The level scheme version the case is under (versioned schemes); null: the shipped default. */
  schemeVersion?: { id: string; scope: 'jurisdiction' | 'department' | 'item'; code: string; acceptedFrom: string | null } | null
  /** The version of the item's limits the case counts (versioned limits); null: the catalogue's limits. */
  limitsVersion?: { id: string; acceptedFrom: string | null } | null
  clock: { status: string; provisional?: boolean; stop?: { reason: string } | null }
  explanation: DeadlineExplanation | null
  levelChanges: LevelChange[]
}

export interface CalendarStatus { nextYear: number; provisionalWarning: boolean; message: string | null; messageEn: string | null }

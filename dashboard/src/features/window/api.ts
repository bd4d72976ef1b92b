/**
 * The approval module's calls (server/routes/window.ts and the case reads it shows). Types mirror
 * the server's response schemas; action names come from domain/window (types only).
 */
import { apiFetch } from '../../api/client.ts'
import { ACTION_PATHS, type WindowActionName } from '../../../../domain/contracts/windowActions.ts'
import type { Level } from '../../../../domain/contracts/levels.ts'
import type { LimitUnit } from '../../../../domain/clock/types.ts'
import type { ThresholdBasis } from '../../../../domain/clock/ruleSentences.ts'
import type { WindowPetition, WindowPetitionAnswerRequest, WindowPetitionAnswerResult, WindowPetitionList } from '../../../../domain/contracts/api/windowPetitions.ts'

export type { WindowPetition, WindowPetitionList }
export type { WindowPetitionSummary } from '../../../../domain/contracts/api/windowPetitions.ts'

export type { Level, WindowActionName }
export type CaseStatus = 'submitted' | 'accepted' | 'undertaken' | 'reviewed' | 'approved' | 'concluded' | 'returned'

export interface Limit {
  value: number
  unit: string
}

export interface Item {
  code: string
  departmentCode: string
  departmentName: string
  name: string
  caseType: string
  legalLimit: Limit | null
  promisedLimit: Limit | null
  feeStandard: number
  stageSet: string[]
  specialProcedure: boolean
  supplementMode: string
}

export interface Applicant {
  name: string
  idNumber?: string
  phone?: string
}

export interface ClockDays {
  limit: number | null
  unit: string | null
  used: number | null
  left: number | null
  stopped: boolean
}

export interface CaseListItem {
  caseNo: string
  departmentCode: string
  itemCode: string | null
  itemName: string | null
  caseType: string | null
  status: CaseStatus
  level: Level
  applicant: Applicant | null
  submittedAt: string | null
  acceptedAt: string | null
  concludedAt: string | null
  returnedAt: string | null
  deadlineDate: string | null
  suspended: boolean
  jointDepartments: string[]
  days: ClockDays
}

export interface StageRecord {
  stage: string
  at: string
  handler: string | null
  opinion: string | null
  departmentCode: string
  eventId: string
}

/** The folded case as the window receives it (applicant masked). */
export interface CaseStateView {
  caseNo: string
  departmentCode: string
  itemCode: string | null
  caseType: string | null
  applicant: Applicant | null
  status: CaseStatus
  submittedAt: string | null
  acceptedAt: string | null
  concludedAt: string | null
  result: string | null
  certificateNo: string | null
  stages: StageRecord[]
  supplements: { requestedAt: string; suppliedAt: string | null; materials: string[] }[]
  suspensions: { from: string; to: string | null; procedure: string; expectedDays: number; approver: string }[]
  feeCharged: number | null
  jointDepartments: string[]
  eventCount: number
}

export interface WindowCase {
  caseNo: string
  /** The clock now, from the engine over the events folded now. */
  clock: {
    status: 'none' | 'running' | 'stopped' | 'closed'
    level: Level
    deadlineDate: string | null
    legalDeadlineDate: string | null
    provisional: boolean
    stop: { reason: 'suspension' | 'supplement'; since: string; expectedEnd: string | null; overrun: boolean | null } | null
    days: ClockDays
  }
  departmentCode: string
  leadDepartmentCode: string
  status: CaseStatus
  item: Item | null
  actions: WindowActionName[]
  nextStage: string | null
  jointParts: { departmentCode: string; reached: string; concluded: boolean }[]
  state: CaseStateView
}

export interface ActionResult {
  caseNo: string
  eventId: string
  kind: string
  departmentCode: string
  occurredAt: string
  status: CaseStatus
  actions: WindowActionName[]
  nextStage: string | null
  projectionQueued: boolean
}

/** GET /api/v1/cases/:caseNo/explain (the engine's "why"). */
export interface Explain {
  caseNo: string
  level: Level
  evaluatedAt: string
  clock: {
    status: 'none' | 'running' | 'stopped' | 'closed'
    limit: Limit | null
    deadlineDate: string | null
    legalDeadlineDate: string | null
    warningFrom: string | null
    yellowFrom: string | null
    redFrom: string | null
    provisional: boolean
    stop: { reason: 'suspension' | 'supplement'; since: string; expectedEnd: string | null; overrun: boolean | null } | null
  }
  explanation: {
    rule: string
    limit: number
    unit: LimitUnit
    result: { countedDays: number | null; status: string; remainingDays?: number }
    countedDays: { date: string; index: number }[]
    excludedDays: { date: string; reason: string }[]
    calendarEntries: { date: string; isWorkday: boolean; name: string | null; kind: string }[]
    thresholds: { level: 'warning' | 'yellow' | 'red'; from: string; rule: string; basis?: ThresholdBasis }[]
  } | null
  levelChanges: { from_level: string; to_level: string; effective_at: string }[]
}

export interface Department {
  code: string
  name: string
  kind: string
  own: boolean
}

export { ACTION_PATHS }

const enc = encodeURIComponent

export const windowApi = {
  items: () => apiFetch<{ items: Item[] }>('/api/v1/window/items'),
  departments: () => apiFetch<{ departments: Department[] }>('/api/v1/window/departments'),
  cases: (query: { status?: string; level?: string; limit?: number; offset?: number }) =>
    apiFetch<{ total: number; items: CaseListItem[] }>('/api/v1/window/cases', { query }),
  register: (body: { itemCode: string; applicant: Applicant; channel: 'window' | 'online'; submittedAt?: string }) =>
    apiFetch<ActionResult>('/api/v1/window/cases', { method: 'POST', body }),
  get: (caseNo: string) => apiFetch<WindowCase>(`/api/v1/window/cases/${enc(caseNo)}`),
  act: (caseNo: string, action: WindowActionName, body: Record<string, unknown>) =>
    apiFetch<ActionResult>(`/api/v1/window/cases/${enc(caseNo)}/${ACTION_PATHS[action]}`, { method: 'POST', body }),
  projected: (caseNo: string) => apiFetch<{ eventCount: number; level: Level; cardColor: 'yellow' | 'red' | null }>(`/api/v1/cases/${enc(caseNo)}`),
  explain: (caseNo: string) => apiFetch<Explain>(`/api/v1/cases/${enc(caseNo)}/explain`),
  /** The department's petitions (server/routes/window-petitions.ts). */
  petitions: (query: { status?: string; kind?: string; limit?: number; offset?: number }) => apiFetch<WindowPetitionList>('/api/v1/window/petitions', { query }),
  petition: (petitionNo: string) => apiFetch<WindowPetition>(`/api/v1/window/petitions/${enc(petitionNo)}`),
  answer: (petitionNo: string, body: WindowPetitionAnswerRequest) =>
    apiFetch<WindowPetitionAnswerResult>(`/api/v1/window/petitions/${enc(petitionNo)}/answer`, { method: 'POST', body }),
}

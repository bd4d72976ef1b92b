/**
 * The approval module's actions (窗口办件): what department staff do to a case. Each action is
 * turned into exactly one event of domain/events/schema.ts (actionEvent.ts), checked first
 * against the folded case (checkAction.ts).
 */
import type { Applicant, PROCEDURE_KINDS, Stage } from '../events/schema.ts'

import type { WindowActionName } from '../contracts/windowActions.ts'

export { WINDOW_ACTIONS, type WindowActionName } from '../contracts/windowActions.ts'

export type ProcedureKind = (typeof PROCEDURE_KINDS)[number]

/** An action with its input, as the API receives it (after schema validation). */
export type WindowAction =
  | { action: 'accept'; handler: string; applicant?: Applicant; jointDepartments?: string[] }
  | { action: 'return'; handler: string; reason: string }
  | { action: 'requestSupplement'; handler: string; materials: string[] }
  | { action: 'supplySupplement'; handler: string; materials?: string[] }
  | { action: 'advance'; handler: string; stage: Stage; opinion?: string; decision?: 'approve' | 'deny' }
  | { action: 'suspend'; handler: string; procedure: ProcedureKind; expectedDays: number; approver: string; reason?: string }
  | { action: 'resume'; handler: string }
  | { action: 'chargeFee'; handler: string; amount: number }
  | { action: 'conclude'; handler: string; result: 'approved' | 'denied'; certificateNo?: string; reason?: string }

/** Who acts and under which item rules. */
export interface ActionContext {
  /** The department acting (the event's departmentCode). */
  departmentCode: string
  /** The item's stage set (items.stage_set), e.g. accepted, undertaken, reviewed, approved, concluded. */
  stageSet: readonly string[]
  /** The item's case type (items.case_type), used when the case is accepted. */
  itemCaseType: string | null
}

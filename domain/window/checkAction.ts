import type { CaseState } from '../case/foldCase.ts'
import { progressOf } from '../case/progressOf.ts'
import { nextStage } from './nextStage.ts'
import { transitionError, type TransitionError } from './transitionError.ts'
import type { ActionContext, WindowAction } from './types.ts'

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

/**
 * Checks one action with its input against the folded case: first the state (`transitionError`),
 * then the input rules:
 *   - return, and a denial (approved stage with decision 'deny', or a 'denied' conclusion) need a reason;
 *   - a supplement request lists at least one non-blank material (一次性告知: the complete list);
 *   - `advance` must name the next stage of the item's stage set; the approved stage needs a decision;
 *   - a conclusion's result must match the approval decision of a plain case;
 *   - acceptance needs an applicant (from the registration or the request).
 *
 * @returns null when the action may be recorded, else the error to answer with (nothing is stored)
 * @example
 * checkAction(acceptedCase, { action: 'advance', stage: 'reviewed', handler: '李四' }, ctx)
 * // => { code: 'STAGE_OUT_OF_ORDER', detail: 'undertaken' }
 */
export function checkAction(state: CaseState | null, input: WindowAction, ctx: ActionContext): TransitionError | null {
  const err = transitionError(state, input.action, ctx)
  if (err !== null || state === null) return err ?? { code: 'NOT_FOUND' }
  switch (input.action) {
    case 'accept':
      if (!input.applicant && !state.applicant) return { code: 'APPLICANT_REQUIRED' }
      if (input.jointDepartments?.some((d) => d === ctx.departmentCode || blank(d))) return { code: 'JOINT_DEPARTMENTS_INVALID', detail: ctx.departmentCode }
      return null
    case 'return':
      return blank(input.reason) ? { code: 'REASON_REQUIRED', detail: 'reason' } : null
    case 'requestSupplement':
      return input.materials.some((m) => !blank(m)) ? null : { code: 'MATERIALS_REQUIRED' }
    case 'advance': {
      const next = nextStage(ctx.stageSet, progressOf(state, ctx.departmentCode).reached)
      if (input.stage !== next) return { code: 'STAGE_OUT_OF_ORDER', detail: next ?? 'concluded' }
      if (input.stage === 'approved' && input.decision === undefined) return { code: 'DECISION_REQUIRED' }
      if (input.decision === 'deny' && blank(input.opinion)) return { code: 'REASON_REQUIRED', detail: 'opinion' }
      return null
    }
    case 'conclude': {
      if (input.result === 'denied' && blank(input.reason)) return { code: 'REASON_REQUIRED', detail: 'reason' }
      const decision = progressOf(state, ctx.departmentCode).decision
      const expected = decision === 'approve' ? 'approved' : decision === 'deny' ? 'denied' : null
      if (expected !== null && expected !== input.result) return { code: 'RESULT_MISMATCH', detail: expected }
      return null
    }
    default:
      return null
  }
}

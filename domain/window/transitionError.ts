import type { CaseState } from '../case/foldCase.ts'
import { progressOf } from '../case/progressOf.ts'
import type { ErrorCode } from '../errors.ts'
import { nextStage } from './nextStage.ts'
import type { ActionContext, WindowActionName } from './types.ts'

export interface TransitionError {
  code: ErrorCode
  detail?: string
}

/**
 * Whether the case's current (folded) state allows `action` by `ctx.departmentCode` at all,
 * whatever its input: null when it does, else the error code to answer with. Input rules (a
 * reason, the stage asked for, the result) are checked by `checkAction`.
 *
 * The state machine (PRODUCT.md): submitted → accepted (the clock starts) or returned (不予受理);
 * after acceptance the item's middle stages in order (undertaken → reviewed → approved), then
 * concluded; a supplement request must be supplied, and a special procedure ended, before the
 * case moves on. A returned or concluded case takes no action. A joint case (联办件) is accepted
 * or returned by its lead department; each part then moves and concludes on its own.
 *
 * @param state - the folded case, or null when it has no events (→ NOT_FOUND)
 * @example
 * transitionError(returnedCase, 'accept', ctx) // => { code: 'CASE_RETURNED' }
 * transitionError(acceptedCase, 'conclude', ctx) // => { code: 'STAGE_OUT_OF_ORDER', detail: 'undertaken' }
 */
export function transitionError(state: CaseState | null, action: WindowActionName, ctx: ActionContext): TransitionError | null {
  if (state === null) return { code: 'NOT_FOUND' }
  if (state.status === 'returned') return { code: 'CASE_RETURNED' }
  if (state.status === 'concluded') return { code: 'CASE_CONCLUDED' }
  const joint = state.jointDepartments.length > 0
  const isLead = ctx.departmentCode === state.departmentCode
  if (joint && !isLead && !state.jointDepartments.includes(ctx.departmentCode)) return { code: 'DEPARTMENT_OUT_OF_SCOPE', detail: ctx.departmentCode }
  const accepted = state.acceptedAt !== null
  const suspended = state.suspensions.some((x) => x.to === null)
  const pendingSupplement = state.supplements.some((x) => x.suppliedAt === null)
  const progress = progressOf(state, ctx.departmentCode)
  if (joint && progress.concluded) return { code: 'CASE_PART_CONCLUDED', detail: ctx.departmentCode }

  switch (action) {
    case 'accept':
    case 'return':
      if (joint && !isLead) return { code: 'LEAD_DEPARTMENT_ONLY', detail: state.departmentCode }
      if (accepted) return { code: 'CASE_ALREADY_ACCEPTED' }
      if (action === 'accept' && pendingSupplement) return { code: 'SUPPLEMENT_PENDING' }
      return null
    case 'requestSupplement':
      if (pendingSupplement) return { code: 'SUPPLEMENT_PENDING' }
      if (suspended) return { code: 'CASE_SUSPENDED' }
      return null
    case 'supplySupplement':
      return pendingSupplement ? null : { code: 'NO_PENDING_SUPPLEMENT' }
    case 'suspend':
      if (!accepted) return { code: 'CASE_NOT_ACCEPTED' }
      return suspended ? { code: 'CASE_SUSPENDED' } : null
    case 'resume':
      return suspended ? null : { code: 'CASE_NOT_SUSPENDED' }
    case 'chargeFee':
      return accepted ? null : { code: 'CASE_NOT_ACCEPTED' }
    case 'advance':
    case 'conclude': {
      if (!accepted) return { code: 'CASE_NOT_ACCEPTED' }
      if (suspended) return { code: 'CASE_SUSPENDED' }
      if (pendingSupplement) return { code: 'SUPPLEMENT_PENDING' }
      const next = nextStage(ctx.stageSet, progress.reached)
      if (action === 'advance') return next === null ? { code: 'STAGE_OUT_OF_ORDER', detail: 'concluded' } : null
      return next === null ? null : { code: 'STAGE_OUT_OF_ORDER', detail: next }
    }
  }
}

import type { CaseState } from '../case/foldCase.ts'
import { progressOf } from '../case/progressOf.ts'
import type { Stage } from '../events/schema.ts'
import { nextStage } from './nextStage.ts'
import { transitionError } from './transitionError.ts'
import { WINDOW_ACTIONS, type ActionContext, type WindowActionName } from './types.ts'

export interface AvailableActions {
  /** Actions the state allows now, in WINDOW_ACTIONS order. */
  actions: WindowActionName[]
  /** The stage `advance` would record (null when no middle stage is left). */
  nextStage: Stage | null
}

/**
 * Every action the case's state allows `ctx.departmentCode` now (what the window shows as buttons),
 * and the stage that comes next. Same rules as `transitionError`.
 *
 * @example
 * availableActions(submittedCase, ctx) // => { actions: ['accept', 'return', 'requestSupplement'], nextStage: 'undertaken' }
 */
export function availableActions(state: CaseState | null, ctx: ActionContext): AvailableActions {
  const actions = WINDOW_ACTIONS.filter((a) => transitionError(state, a, ctx) === null)
  return { actions, nextStage: state === null ? null : nextStage(ctx.stageSet, progressOf(state, ctx.departmentCode).reached) }
}

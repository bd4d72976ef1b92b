import type { OrderAction, OrderState, OrderStepKind } from './types.ts'

/** Roles that may take each action (the route policies say the same; this is the rule itself). */
export const ORDER_ACTION_ROLES: Readonly<Record<OrderAction, readonly string[]>> = Object.freeze({
  reply: Object.freeze(['department_staff', 'department_head']),
  appeal: Object.freeze(['department_staff', 'department_head']),
  instruct: Object.freeze(['leader']),
  conclude: Object.freeze(['supervisor', 'admin']),
})

const TRANSITIONS: Readonly<Record<OrderState, Partial<Record<OrderAction, OrderState>>>> = {
  issued: { reply: 'replied', appeal: 'appealed' },
  replied: { conclude: 'concluded' },
  appealed: { instruct: 'instructed' },
  instructed: { reply: 'replied', conclude: 'concluded' },
  concluded: {},
}

const STEP_OF: Readonly<Record<OrderAction, OrderStepKind>> = { reply: 'replied', appeal: 'appealed', instruct: 'instructed', conclude: 'concluded' }

export type OrderTransition =
  | { ok: true; state: OrderState; step: OrderStepKind; role: string; clockRunning: boolean }
  | { ok: false; reason: 'state' | 'role' }

/**
 * The state machine of a supervision order: where `action` by a user with `roles` leads from
 * `state`. The department answers an issued order by a reply or (once) an appeal; an appeal waits
 * for a leader's instruction, after which the department may still reply; the supervisor concludes
 * a replied or instructed order. A concluded order accepts nothing. The clock (warning / yellow /
 * red) runs only while the order is `issued`: the due date is for the department's first answer.
 *
 * @pure
 * @param state - the order's current state
 * @param action - what the user does
 * @param roles - the user's roles (the first role allowed for the action is recorded on the step)
 * @returns the new state, the step kind to record, the acting role and whether the clock still
 *   runs; or why not (`state`: not allowed now, `role`: not this user's to do)
 *
 * @example
 * nextOrderState('issued', 'appeal', ['department_staff'])
 * //=> { ok: true, state: 'appealed', step: 'appealed', role: 'department_staff', clockRunning: false }
 * nextOrderState('appealed', 'conclude', ['supervisor']) //=> { ok: false, reason: 'state' }
 * nextOrderState('issued', 'reply', ['leader'])          //=> { ok: false, reason: 'role' }
 */
export function nextOrderState(state: OrderState, action: OrderAction, roles: readonly string[]): OrderTransition {
  const role = ORDER_ACTION_ROLES[action].find((r) => roles.includes(r))
  if (role === undefined) return { ok: false, reason: 'role' }
  const next = TRANSITIONS[state]?.[action]
  if (next === undefined) return { ok: false, reason: 'state' }
  return { ok: true, state: next, step: STEP_OF[action], role, clockRunning: next === 'issued' }
}

/**
 * The workflow of a scoring run (流程配置、实施、审核):
 *
 *   draft ──submit (supervisor)──► submitted ──approve (leader)──► approved ──publish (supervisor | leader)──► published
 *     ▲                               │
 *     └──────return (leader, reason)──┘
 *
 * While a run is a draft the supervision office reviews it: recompute from the stored facts,
 * comment, correct a department's score with a reason. Comments are allowed until publication.
 * A published run is frozen; a correction after publication is a new version of the run
 * (`revise`, supervisor), which starts as a draft and goes through the same chain.
 */
export const RUN_STATES = ['draft', 'submitted', 'approved', 'published'] as const
export type RunState = (typeof RUN_STATES)[number]
export type RunAction = 'recompute' | 'correct' | 'comment' | 'submit' | 'return' | 'approve' | 'publish' | 'revise'

type Role = 'supervisor' | 'leader'
const RULES: Record<RunAction, { from: readonly RunState[]; to: RunState | null; roles: readonly Role[] }> = {
  recompute: { from: ['draft'], to: null, roles: ['supervisor'] },
  correct: { from: ['draft'], to: null, roles: ['supervisor'] },
  comment: { from: ['draft', 'submitted', 'approved'], to: null, roles: ['supervisor', 'leader'] },
  submit: { from: ['draft'], to: 'submitted', roles: ['supervisor'] },
  return: { from: ['submitted'], to: 'draft', roles: ['leader'] },
  approve: { from: ['submitted'], to: 'approved', roles: ['leader'] },
  publish: { from: ['approved'], to: 'published', roles: ['supervisor', 'leader'] },
  revise: { from: ['published'], to: null, roles: ['supervisor'] },
}

export type RunStep = { ok: true; to: RunState } | { ok: false; code: 'FORBIDDEN' | 'PERFORMANCE_RUN_STATE' }

/**
 * Whether `roles` may take `action` on a run in `state`, and the state after it (unchanged for
 * actions that do not move the run; for `revise`, the old run's state: the new version is a draft).
 */
export function nextRunState(state: RunState, action: RunAction, roles: readonly string[]): RunStep {
  const rule = RULES[action]
  if (!rule.roles.some((r) => roles.includes(r))) return { ok: false, code: 'FORBIDDEN' }
  if (!rule.from.includes(state)) return { ok: false, code: 'PERFORMANCE_RUN_STATE' }
  return { ok: true, to: rule.to ?? state }
}

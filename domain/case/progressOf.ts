import type { Stage } from '../events/schema.ts'
import type { CaseState } from './foldCase.ts'

export type Reached = 'none' | 'submitted' | 'accepted' | Stage | 'concluded' | 'returned'

/** Where one department's work on a case stands. */
export interface Progress {
  /** The furthest key stage reached (for a joint case: by this department's part). */
  reached: Reached
  /** This department's part is concluded (for a plain case: the case is concluded). */
  concluded: boolean
  /** The approval decision ('approve' | 'deny') of a plain case; null for joint parts (not kept per part). */
  decision: 'approve' | 'deny' | null
}

const RANK: Record<Reached, number> = { none: -1, submitted: 0, accepted: 1, undertaken: 2, reviewed: 3, approved: 4, concluded: 5, returned: 5 }

/**
 * How far `departmentCode` has got with a case. For a plain case this is the case's own status;
 * for a joint case (联办件, `jointDepartments` non-empty) each department's part moves on its own:
 * acceptance (by the lead department) starts every part, then the part's own stage and conclusion
 * records count. A department outside the joint parts has reached 'none'.
 *
 * Pure; reads only the folded state.
 *
 * @example
 * // a joint case of A and B: A has concluded its part, B has undertaken its part
 * progressOf(state, 'A') // => { reached: 'concluded', concluded: true, decision: null }
 * progressOf(state, 'B') // => { reached: 'undertaken', concluded: false, decision: null }
 */
export function progressOf(state: CaseState, departmentCode: string): Progress {
  if (state.jointDepartments.length === 0) {
    return { reached: state.status, concluded: state.status === 'concluded', decision: state.decision }
  }
  if (state.status === 'returned') return { reached: 'returned', concluded: false, decision: null }
  if (!state.jointDepartments.includes(departmentCode)) return { reached: 'none', concluded: false, decision: null }
  let reached: Reached = state.acceptedAt !== null ? 'accepted' : state.submittedAt !== null ? 'submitted' : 'none'
  let concluded = state.status === 'concluded'
  for (const st of state.stages) {
    if (st.departmentCode !== departmentCode) continue
    if (st.stage === 'concluded') concluded = true
    if (RANK[st.stage] > RANK[reached]) reached = st.stage
  }
  if (concluded) reached = 'concluded'
  return { reached, concluded, decision: null }
}

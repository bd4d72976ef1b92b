import type { CaseState } from './foldCase.ts'
import { progressOf, type Reached } from './progressOf.ts'

export interface JointPart {
  departmentCode: string
  reached: Reached
  concluded: boolean
}

/**
 * The parts of a joint case (联办件): one per department in `jointDepartments`, in that order, each
 * with how far it has got. The case concludes only when every part has concluded (foldCase).
 * A plain case has no parts (empty array).
 *
 * @example
 * jointParts(state) // => [{ departmentCode: 'A', reached: 'concluded', concluded: true },
 *                   //     { departmentCode: 'B', reached: 'reviewed', concluded: false }]
 */
export function jointParts(state: CaseState): JointPart[] {
  return state.jointDepartments.map((departmentCode) => {
    const p = progressOf(state, departmentCode)
    return { departmentCode, reached: p.reached, concluded: p.concluded }
  })
}

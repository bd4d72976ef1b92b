import { STAGES, type Stage } from '../events/schema.ts'
import type { Reached } from '../case/progressOf.ts'

const RANK: Record<Reached, number> = { none: -1, submitted: 0, accepted: 1, undertaken: 2, reviewed: 3, approved: 4, concluded: 5, returned: 5 }

/**
 * The next middle stage (undertaken → reviewed → approved) an item's stage set calls for after
 * `reached`, or null when none is left (the case, or part, may be concluded). Stages not in the
 * stage set are skipped (an immediate item: accepted → concluded).
 *
 * @example
 * nextStage(['accepted', 'undertaken', 'reviewed', 'approved', 'concluded'], 'undertaken') // => 'reviewed'
 * nextStage(['accepted', 'concluded'], 'accepted') // => null
 */
export function nextStage(stageSet: readonly string[], reached: Reached): Stage | null {
  for (const st of STAGES) {
    if (stageSet.includes(st) && RANK[st] > RANK[reached]) return st
  }
  return null
}

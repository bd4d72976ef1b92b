import type { PetitionState } from '../../case/foldPetition.ts'
import type { WorkCalendar } from '../../calendar/WorkCalendar.ts'
import { petitionClock, type PetitionLimits } from '../../clock/petitionClock.ts'
import type { LevelScheme } from '../../clock/types.ts'
import type { PetitionKind } from '../../events/schema.ts'
import type { CaseMove, ClockOutcome, DepartmentMoves, WhatIfResult } from './types.ts'

/** What a petition's clock is computed with (the projection's PetitionContext, without I/O). */
export interface PetitionRules {
  readonly calendar: WorkCalendar
  readonly zone: string
  readonly scheme: LevelScheme
  readonly overdueCards: boolean
  readonly limits: Readonly<Record<PetitionKind, PetitionLimits>>
}

/** A petition limit set for a jurisdiction: one kind, one stage. */
export interface PetitionLimitChange {
  readonly petitionKind: PetitionKind
  readonly stage: 'acknowledge' | 'conclude'
  readonly limit: { readonly value: number; readonly unit: 'workday' | 'day' }
}

/** The limits after a change (the input is not modified). */
export function petitionLimitsAfter(limits: Readonly<Record<PetitionKind, PetitionLimits>>, c: PetitionLimitChange): Record<PetitionKind, PetitionLimits> {
  return { ...limits, [c.petitionKind]: { ...limits[c.petitionKind], [c.stage]: { ...c.limit } } }
}

const outcome = (p: PetitionState, r: PetitionRules, nowMs: number): ClockOutcome => {
  const c = petitionClock(p, { calendar: r.calendar, zone: r.zone, nowMs, limits: r.limits, scheme: r.scheme })
  return { deadlineDate: c.deadlineDate, warningFrom: c.warningFrom, yellowFrom: c.yellowFrom, redFrom: c.redFrom, level: c.deadlineDate === null ? null : c.level, nextTransitionAt: c.nextTransitionAt, overdueCards: r.overdueCards }
}
const wanted = (o: ClockOutcome) => ({ yellow: o.overdueCards && (o.level === 'yellow' || o.level === 'red'), red: o.overdueCards && o.level === 'red' })

/**
 * What a petition limit change would do to the open petitions: each clock computed by
 * `petitionClock` — the function the projection writes them with — under the rules before and
 * after, compared; the same summary as the cases' what-if (moves by level and department, overdue
 * cards raised and revoked; petition numbers in `caseNo`). Petitions the change leaves without a
 * running clock are `unresolved`.
 *
 * @pure `nowMs` is an input
 */
export function petitionWhatIf(input: {
  readonly petitions: readonly PetitionState[]
  /** The rules of each petition (its department's, under the scheme version its receipt selects), before and after the change. */
  readonly rulesOf: (departmentCode: string, petition: PetitionState) => { readonly before: PetitionRules; readonly after: PetitionRules }
  readonly nowMs: number
}): WhatIfResult {
  const moves: CaseMove[] = []
  const transitions: Record<string, number> = {}
  const depts = new Map<string, { moved: number; levelChanged: number; yellowIssued: number; redIssued: number; revoked: number }>()
  const cards = { yellowIssued: 0, redIssued: 0, revoked: 0 }
  let unresolved = 0
  for (const p of input.petitions) {
    const rules = input.rulesOf(p.departmentCode, p)
    const b = outcome(p, rules.before, input.nowMs)
    const a = outcome(p, rules.after, input.nowMs)
    if (a.level === null) {
      if (b.level !== null) unresolved += 1
      continue
    }
    const isMoved = a.deadlineDate !== b.deadlineDate || a.warningFrom !== b.warningFrom || a.yellowFrom !== b.yellowFrom || a.redFrom !== b.redFrom
    const levelChanged = a.level !== b.level
    const wb = wanted(b)
    const wa = wanted(a)
    const y = Number(wa.yellow && !wb.yellow)
    const r = Number(wa.red && !wb.red)
    const rv = Number(wb.yellow && !wa.yellow) + Number(wb.red && !wa.red)
    if (!isMoved && !levelChanged && y + r + rv === 0) continue
    moves.push({ caseNo: p.petitionNo, departmentCode: p.departmentCode, before: b, after: a, moved: isMoved, levelChanged })
    if (levelChanged) transitions[`${b.level ?? 'unknown'}→${a.level}`] = (transitions[`${b.level ?? 'unknown'}→${a.level}`] ?? 0) + 1
    cards.yellowIssued += y
    cards.redIssued += r
    cards.revoked += rv
    const d = depts.get(p.departmentCode) ?? { moved: 0, levelChanged: 0, yellowIssued: 0, redIssued: 0, revoked: 0 }
    depts.set(p.departmentCode, { moved: d.moved + Number(isMoved), levelChanged: d.levelChanged + Number(levelChanged), yellowIssued: d.yellowIssued + y, redIssued: d.redIssued + r, revoked: d.revoked + rv })
  }
  moves.sort((x, z) => (x.caseNo < z.caseNo ? -1 : x.caseNo > z.caseNo ? 1 : 0))
  const byDepartment: DepartmentMoves[] = [...depts.entries()]
    .map(([departmentCode, d]) => ({ departmentCode, ...d }))
    .sort((x, z) => z.moved + z.levelChanged - (x.moved + x.levelChanged) || (x.departmentCode < z.departmentCode ? -1 : 1))
  return {
    summary: { scanned: input.petitions.length, moved: moves.filter((m) => m.moved).length, levelChanged: moves.filter((m) => m.levelChanged).length, transitions, cards, unresolved, byDepartment },
    moves,
  }
}

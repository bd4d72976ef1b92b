import type { DepartmentMoves, WhatIfResult } from './types.ts'

/**
 * The what-if of several changes over disjoint sets of cases (an import changing the limits of
 * several items: each item's cases are its own) as one: counts added, transitions and departments
 * summed, moves by case number. The departments are ordered as `whatIf` orders them (most moves
 * and level changes first, then by code).
 *
 * @pure
 */
export function mergeWhatIf(results: readonly WhatIfResult[]): WhatIfResult {
  const transitions: Record<string, number> = {}
  const depts = new Map<string, Omit<DepartmentMoves, 'departmentCode'>>()
  const cards = { yellowIssued: 0, redIssued: 0, revoked: 0 }
  let scanned = 0
  let moved = 0
  let levelChanged = 0
  let unresolved = 0
  for (const { summary: s } of results) {
    scanned += s.scanned
    moved += s.moved
    levelChanged += s.levelChanged
    unresolved += s.unresolved
    cards.yellowIssued += s.cards.yellowIssued
    cards.redIssued += s.cards.redIssued
    cards.revoked += s.cards.revoked
    for (const [k, n] of Object.entries(s.transitions)) transitions[k] = (transitions[k] ?? 0) + n
    for (const d of s.byDepartment) {
      const o = depts.get(d.departmentCode) ?? { moved: 0, levelChanged: 0, yellowIssued: 0, redIssued: 0, revoked: 0 }
      depts.set(d.departmentCode, { moved: o.moved + d.moved, levelChanged: o.levelChanged + d.levelChanged, yellowIssued: o.yellowIssued + d.yellowIssued, redIssued: o.redIssued + d.redIssued, revoked: o.revoked + d.revoked })
    }
  }
  const byDepartment: DepartmentMoves[] = [...depts.entries()]
    .map(([departmentCode, d]) => ({ departmentCode, ...d }))
    .sort((x, z) => z.moved + z.levelChanged - (x.moved + x.levelChanged) || (x.departmentCode < z.departmentCode ? -1 : 1))
  const moves = results.flatMap((r) => r.moves).sort((x, z) => (x.caseNo < z.caseNo ? -1 : x.caseNo > z.caseNo ? 1 : 0))
  return { summary: { scanned, moved, levelChanged, transitions, cards, unresolved, byDepartment }, moves }
}

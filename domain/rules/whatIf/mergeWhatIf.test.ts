import { describe, expect, it } from 'vitest'
import { mergeWhatIf } from './mergeWhatIf.ts'
import type { CaseMove, WhatIfResult } from './types.ts'

const outcome = { deadlineDate: '2026-12-01', warningFrom: null, yellowFrom: null, redFrom: null, level: 'normal' as const, nextTransitionAt: null, overdueCards: true }
const move = (caseNo: string, departmentCode: string): CaseMove => ({ caseNo, departmentCode, before: outcome, after: { ...outcome, deadlineDate: '2026-12-03' }, moved: true, levelChanged: false })
const result = (moves: CaseMove[], o: { levelChanged: number; transitions: Record<string, number>; red: number; dept: [string, number][] }): WhatIfResult => ({
  summary: {
    scanned: moves.length + 2, moved: moves.length, levelChanged: o.levelChanged, transitions: o.transitions,
    cards: { yellowIssued: 0, redIssued: o.red, revoked: 1 }, unresolved: 1,
    byDepartment: o.dept.map(([departmentCode, moved]) => ({ departmentCode, moved, levelChanged: 0, yellowIssued: 0, redIssued: o.red, revoked: 0 })),
  },
  moves,
})

describe('mergeWhatIf', () => {
  it('adds the counts, sums transitions and departments, and orders the moves by case number', () => {
    const a = result([move('C-3', 'D1'), move('C-1', 'D1')], { levelChanged: 1, transitions: { 'normal→red': 1 }, red: 1, dept: [['D1', 2]] })
    const b = result([move('C-2', 'D2'), move('C-4', 'D1')], { levelChanged: 2, transitions: { 'normal→red': 1, 'normal→yellow': 1 }, red: 0, dept: [['D2', 1], ['D1', 1]] })
    const m = mergeWhatIf([a, b])
    expect(m.moves.map((x) => x.caseNo)).toEqual(['C-1', 'C-2', 'C-3', 'C-4'])
    expect(m.summary).toMatchObject({ scanned: 8, moved: 4, levelChanged: 3, unresolved: 2, transitions: { 'normal→red': 2, 'normal→yellow': 1 }, cards: { yellowIssued: 0, redIssued: 1, revoked: 2 } })
    expect(m.summary.byDepartment.map((d) => [d.departmentCode, d.moved, d.redIssued])).toEqual([['D1', 3, 1], ['D2', 1, 0]])
  })

  it('of nothing is nothing', () => {
    expect(mergeWhatIf([])).toEqual({ summary: { scanned: 0, moved: 0, levelChanged: 0, transitions: {}, cards: { yellowIssued: 0, redIssued: 0, revoked: 0 }, unresolved: 0, byDepartment: [] }, moves: [] })
  })
})

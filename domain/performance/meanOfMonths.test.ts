import { describe, expect, it } from 'vitest'
import { meanOfMonths } from './meanOfMonths.ts'
import { DEFAULT_PERFORMANCE_SCHEME as S } from './DEFAULT_PERFORMANCE_SCHEME.ts'

const m = (departmentCode: string, month: string, score: number, volume = 10) => ({ departmentCode, name: departmentCode, peerGroup: 'county' as const, month, score, volume })

describe('meanOfMonths (quarter and year = mean of months)', () => {
  it('averages the months scored: (90 + 85 + 71) / 3 = 82 → 良好; a department scored two months is the mean of two', () => {
    const out = meanOfMonths([m('A', '2026-12', 71), m('A', '2026-10', 90), m('A', '2026-11', 85), m('B', '2026-11', 59), m('B', '2026-12', 60)], S)
    expect(out).toEqual([
      { departmentCode: 'A', name: 'A', peerGroup: 'county', score: 82, grade: 'good', months: ['2026-10', '2026-11', '2026-12'], volume: 30, insufficient: false },
      { departmentCode: 'B', name: 'B', peerGroup: 'county', score: 59.5, grade: 'fail', months: ['2026-11', '2026-12'], volume: 20, insufficient: false },
    ])
  })
  it('rounds to hundredths and flags a small total volume (below minimum × months)', () => {
    const [a] = meanOfMonths([m('A', '2026-01', 80, 4), m('A', '2026-02', 80.01, 4), m('A', '2026-03', 80.01, 4)], S)
    expect(a!.score).toBe(80.01)
    expect(a!.insufficient).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { applyCorrections } from './applyCorrections.ts'
import { scoreDepartment } from './scoreDepartment.ts'
import { publicScorecard } from './publicScorecard.ts'
import { wilsonLowerBound } from './wilsonLowerBound.ts'
import { gradeOf } from './gradeOf.ts'
import { DEFAULT_PERFORMANCE_SCHEME as S } from './DEFAULT_PERFORMANCE_SCHEME.ts'
import { WORKED_EXAMPLE } from './_fixtures.ts'

describe('applyCorrections', () => {
  const card = scoreDepartment(WORKED_EXAMPLE, S)
  it('adds a line per correction with its reason, keeps the computed lines, recomputes score and grade', () => {
    const out = applyCorrections(card, [{ id: '7', departmentCode: '440204-SCJG', points: 10, reason: '红牌 102 经申诉撤销', by: '监察员王' }, { id: '8', departmentCode: 'OTHER', points: -50, reason: 'x', by: 'y' }], S)
    expect(out.score).toBe(76.33)
    expect(out.grade).toBe('pass')
    expect(out.lines.slice(0, card.lines.length)).toEqual(card.lines)
    expect(out.lines.at(-1)).toMatchObject({ indicatorId: 'correction:7', kind: 'correction', points: 10 })
    expect(out.lines.at(-1)!.formula).toContain('红牌 102 经申诉撤销')
    expect(applyCorrections(card, [], S)).toBe(card)
  })
})

describe('publicScorecard', () => {
  it('keeps the figures, drops handlers, traces and correction text', () => {
    const corrected = applyCorrections(scoreDepartment(WORKED_EXAMPLE, S), [{ id: '1', departmentCode: '440204-SCJG', points: 1, reason: '张三的说明', by: '监察员王' }], S)
    const p = publicScorecard({ ...corrected, rank: 3 })
    const text = JSON.stringify(p)
    for (const secret of ['张三', '李四', '监察员王', 'C5', '101', 'DB-000002', 'handlers', 'trace', 'formula']) expect(text).not.toContain(secret)
    expect(p.lines.find((l) => l.indicatorId === 'cards')).toEqual({ indicatorId: 'cards', name: S.indicators[6]!.name, points: -15, count: 2 })
    expect(p.lines.find((l) => l.indicatorId === 'onTime')).toMatchObject({ numerator: 8, denominator: 9, points: 53.33 })
    expect([p.rank, p.score, p.volume]).toEqual([3, 67.33, 10])
  })
})

describe('wilsonLowerBound and gradeOf', () => {
  it('Wilson: 1/1 → 0.2065, 95/100 → 0.8882, 0/0 → null; more volume at the same rate ranks higher', () => {
    expect(wilsonLowerBound(1, 1)!).toBeCloseTo(0.20654, 4)
    expect(wilsonLowerBound(95, 100)!).toBeCloseTo(0.88825, 4)
    expect(wilsonLowerBound(0, 0)).toBeNull()
    expect(wilsonLowerBound(90, 100)!).toBeGreaterThan(wilsonLowerBound(9, 10)!)
  })
  it('grades at the cut-offs (inclusive)', () => {
    expect([90, 89.99, 80, 79.99, 60, 59.99].map((s) => gradeOf(s, S.grades))).toEqual(['excellent', 'good', 'good', 'pass', 'pass', 'fail'])
  })
})

import { describe, expect, it } from 'vitest'
import { scoreDepartment } from './scoreDepartment.ts'
import { DEFAULT_PERFORMANCE_SCHEME as S } from './DEFAULT_PERFORMANCE_SCHEME.ts'
import { WORKED_EXAMPLE } from './_fixtures.ts'
import type { DepartmentFacts, PerformanceScheme } from './types.ts'

const line = (card: ReturnType<typeof scoreDepartment>, id: string) => card.lines.find((l) => l.indicatorId === id)!
const refs = (card: ReturnType<typeof scoreDepartment>, id: string) => line(card, id).trace.map((t) => t.ref)
const empty = (over: Partial<DepartmentFacts> = {}): DepartmentFacts => ({ departmentCode: 'D', name: 'D', kind: 'agency', cases: [], cards: [], petitions: [], ratings: [], orders: [], ...over })

describe('scoreDepartment: the worked example (市场监管局, November 2026, default scheme), by hand', () => {
  const card = scoreDepartment(WORKED_EXAMPLE, S)

  it('on-time rate: 8 of the 9 cases with a deadline (C8 has none; C5 late) → 60 × 8/9 = 53.33', () => {
    const l = line(card, 'onTime')
    expect([l.numerator, l.denominator, l.points]).toEqual([8, 9, 53.33])
    expect(refs(card, 'onTime')).toEqual(['C5'])
  })
  it('one-time notification: C9 was asked twice → 9/10 → 9 points', () => {
    expect(line(card, 'oneTime').points).toBe(9)
    expect(refs(card, 'oneTime')).toEqual(['C9'])
  })
  it('petitions 3/4 → 7.5; satisfaction: levels 5, 4, 3 good, 2 bad → 3/4 → 7.5; orders 1/2 → 5', () => {
    expect(line(card, 'petitions').points).toBe(7.5)
    expect(refs(card, 'petitions')).toEqual(['P2'])
    expect(line(card, 'satisfaction').points).toBe(7.5)
    expect(refs(card, 'satisfaction')).toEqual(['P5'])
    expect(line(card, 'orders').points).toBe(5)
    expect(refs(card, 'orders')).toEqual(['DB-000002'])
  })
  it('early bonus: C1, C3, C4, C9 before their deadline day → 40% → +4', () => {
    expect(line(card, 'early').points).toBe(4)
    expect(refs(card, 'early')).toEqual(['C1', 'C3', 'C4', 'C9'])
  })
  it('cards: yellow 101 (−5) and red 102 (−10); the one-time card 103 and the procedure card 104 are not counted here', () => {
    expect(line(card, 'cards').points).toBe(-15)
    expect(refs(card, 'cards')).toEqual(['101', '102'])
  })
  it('three consecutive warnings: C5, C6, C7 in conclusion order → one run → −3', () => {
    expect(line(card, 'warnings').points).toBe(-3)
    expect(refs(card, 'warnings')).toEqual(['C5', 'C6', 'C7'])
  })
  it('procedure violations: card 104 → −2; supplements per case 3/10 = 0.3 ≤ 1 → 0', () => {
    expect(line(card, 'procedure').points).toBe(-2)
    expect(refs(card, 'procedure')).toEqual(['104'])
    expect(line(card, 'supplements').points).toBe(0)
  })
  it('score 53.33 + 9 + 7.5 + 7.5 + 5 + 4 − 15 − 3 − 2 = 66.33, 合格, volume 10, ranked (minimum 5)', () => {
    expect(card.score).toBe(66.33)
    expect(card.grade).toBe('pass')
    expect(card.volume).toBe(10)
    expect(card.insufficient).toBe(false)
    expect(card.peerGroup).toBe('county')
    expect(card.lines.map((l) => l.indicatorId)).toEqual(S.indicators.map((i) => i.id))
  })
  it("each handler's contribution: cases, on time, early, warned, cards and the points their cases cost", () => {
    expect(card.handlers).toEqual([
      { handler: '张三', concluded: 6, onTime: 5, early: 3, warned: 2, cards: 1, pointsDeducted: 5 },
      { handler: '李四', concluded: 4, onTime: 3, early: 1, warned: 1, cards: 2, pointsDeducted: 2 },
      { handler: '（未记录）', concluded: 0, onTime: 0, early: 0, warned: 0, cards: 1, pointsDeducted: 10 },
    ])
  })
})

describe('scoreDepartment: edges', () => {
  it('a rate without any sample gives full points and says so', () => {
    const card = scoreDepartment(empty(), S)
    expect(card.score).toBe(100)
    expect(line(card, 'petitions').rate).toBeNull()
    expect(line(card, 'petitions').formula).toContain('无样本')
    expect(card.insufficient).toBe(true)
  })
  it('never goes below the floor; 不合格 below 60', () => {
    const cards = Array.from({ length: 12 }, (_, i) => ({ id: String(i), subject: 'case' as const, subjectNo: `X${i}`, color: 'red' as const, rule: 'overdue', issuedAt: '2026-11-02T00:00:00Z', handler: null }))
    const card = scoreDepartment(empty({ cards }), S)
    expect(card.score).toBe(0)
    expect(card.grade).toBe('fail')
  })
  it('runs of warnings do not overlap and a case without a warning breaks the run: 5 warned, 1 not, 3 warned → 2 runs', () => {
    const w = (n: number, warned: boolean) => ({ caseNo: `W${n}`, handler: null, concludedAt: `2026-11-${String(n).padStart(2, '0')}T09:00:00+08:00`, concludedDate: `2026-11-${String(n).padStart(2, '0')}`, deadlineDate: '2026-11-30', warned, supplementCount: 0 })
    const cases = [1, 2, 3, 4, 5].map((n) => w(n, true)).concat([w(6, false)], [7, 8, 9].map((n) => w(n, true)))
    const card = scoreDepartment(empty({ cases }), S)
    expect(line(card, 'warnings').points).toBe(-6)
    expect(refs(card, 'warnings')).toEqual(['W1', 'W2', 'W3', 'W7', 'W8', 'W9'])
  })
  it('supplements per case above the threshold: 14 over 10 cases = 1.4 → 4 steps of 0.1 → −4; capped at 5', () => {
    const cases = Array.from({ length: 10 }, (_, i) => ({ caseNo: `S${i}`, handler: null, concludedAt: '2026-11-02T09:00:00+08:00', concludedDate: '2026-11-02', deadlineDate: '2026-11-02', warned: false, supplementCount: i < 4 ? 2 : 1 }))
    expect(line(scoreDepartment(empty({ cases }), S), 'supplements').points).toBe(-4)
    const many = cases.map((c) => ({ ...c, supplementCount: 3 }))
    expect(line(scoreDepartment(empty({ cases: many }), S), 'supplements').points).toBe(-5)
  })
  it('the early bonus counts whole steps (30% exactly is 3, not 2) and stops at its cap', () => {
    const cases = Array.from({ length: 10 }, (_, i) => ({ caseNo: `E${i}`, handler: null, concludedAt: '2026-11-02T09:00:00+08:00', concludedDate: '2026-11-02', deadlineDate: i < 3 ? '2026-11-09' : '2026-11-02', warned: false, supplementCount: 0 }))
    expect(line(scoreDepartment(empty({ cases }), S), 'early').points).toBe(3)
    const capped: PerformanceScheme = { ...S, indicators: S.indicators.map((i) => (i.kind === 'earlyBonus' ? { ...i, maxPoints: 2 } : i)) }
    expect(line(scoreDepartment(empty({ cases }), capped), 'early').points).toBe(2)
  })
  it('every number comes from the scheme: yellow −2 instead of −5 changes the card line', () => {
    const scheme: PerformanceScheme = { ...S, indicators: S.indicators.map((i) => (i.kind === 'cards' ? { ...i, yellow: 2 } : i)) }
    expect(line(scoreDepartment(WORKED_EXAMPLE, scheme), 'cards').points).toBe(-12)
    expect(scoreDepartment(WORKED_EXAMPLE, scheme).score).toBe(69.33)
  })
  it('with the Wilson switch a rate is its lower bound: one on-time case out of one gives 60 × 0.2065 = 12.39, not 60', () => {
    const cases = [{ caseNo: 'ONE', handler: null, concludedAt: '2026-11-02T09:00:00+08:00', concludedDate: '2026-11-02', deadlineDate: '2026-11-02', warned: false, supplementCount: 0 }]
    expect(line(scoreDepartment(empty({ cases }), S), 'onTime').points).toBe(60)
    const l = line(scoreDepartment(empty({ cases }), { ...S, wilson: true }), 'onTime')
    expect(l.points).toBe(12.39)
    expect(l.formula).toContain('Wilson')
  })
  it('a rate mapped from zeroAt to fullAt: 90% with zeroAt 0.8 and fullAt 1 gives half the weight', () => {
    const scheme: PerformanceScheme = { ...S, indicators: S.indicators.map((i) => (i.kind === 'onTimeRate' ? { ...i, zeroAt: 0.8 } : i)) }
    const cases = Array.from({ length: 10 }, (_, i) => ({ caseNo: `R${i}`, handler: null, concludedAt: '2026-11-05T09:00:00+08:00', concludedDate: '2026-11-05', deadlineDate: i === 0 ? '2026-11-04' : '2026-11-05', warned: false, supplementCount: 0 }))
    expect(line(scoreDepartment(empty({ cases }), scheme), 'onTime').points).toBe(30)
  })
  it('towns and streets form their own peer group; the scheme names the vertical bureaus', () => {
    expect(scoreDepartment(empty({ departmentCode: '440204-XSZ', kind: 'town' }), S).peerGroup).toBe('townsStreets')
    expect(scoreDepartment(empty({ departmentCode: '440204-DHJD', kind: 'street' }), S).peerGroup).toBe('townsStreets')
    expect(scoreDepartment(empty({ departmentCode: '440204-GA', kind: 'agency' }), S).peerGroup).toBe('vertical')
  })
})

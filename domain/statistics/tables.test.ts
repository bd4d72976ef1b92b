import { describe, expect, it } from 'vitest'
import { customRow, orderedDimensions, petitionRow, timeLimitRow, timeLimitTotals, typeRow } from './tables.ts'

describe('statistics rows', () => {
  it('time-limit rows: totals and shares; no NaN for an empty row', () => {
    const r = timeLimitRow('D', '市场监管局', 'inProgress', { normal: 6, warning: 2, yellow: 1, red: 1 })
    expect(r.total).toBe(10)
    expect(r.shares).toEqual({ normal: 0.6, warning: 0.2, yellow: 0.1, red: 0.1 })
    expect(timeLimitRow('', 'x', 'today', { normal: 0, warning: 0, yellow: 0, red: 0 }).shares).toEqual({ normal: 0, warning: 0, yellow: 0, red: 0 })
    const totals = timeLimitTotals([r, timeLimitRow('E', '住建局', 'inProgress', { normal: 0, warning: 0, yellow: 0, red: 2 })], '全部')
    expect(totals.map((t) => `${t.bucket}:${t.total}:${t.counts.red}`)).toEqual(['today:0:0', 'inProgress:12:3', 'concluded:0:0'])
  })
  it('type rows: shares over the period total (types may overlap: a returned 承诺件 counts in both)', () => {
    const r = typeRow('month', '2026-12', '2026-12-01', '2026-12-31', null, '全部', 4, { immediate: 1, promised: 3, joint: 0, escalated: 0, returned: 1, supplemented: 2 })
    expect(r.shares).toEqual({ immediate: 0.25, promised: 0.75, joint: 0, escalated: 0, returned: 0.25, supplemented: 0.5 })
  })
  it('petition rows: on-time rate over the answered, satisfaction over the rated, null when none', () => {
    expect(petitionRow('k', 'k', { total: 2, closed: 0, onTime: 0, late: 0, unanswered: 2, overdue: 1, rated: 0, satisfied: 0, ratingSum: 0 })).toMatchObject({ onTimeRate: null, satisfaction: null, ratingMean: null })
  })
  it('custom rows keep only the chosen measures; cards per 100 cases and supplements per case', () => {
    const r = customRow({ department: 'D' }, { department: '市场监管局' }, { cases: 8, concluded: 5, timed: 4, onTime: 3, daysMean: 4.5, daysP90: 9, supplements: 2, cards: 1, fees: 100 }, ['onTimeRate', 'cardsPer100', 'supplementsPerCase'])
    expect(r.values).toEqual({ onTimeRate: 0.75, cardsPer100: 12.5, supplementsPerCase: 0.25 })
    expect(orderedDimensions(['handler', 'period', 'department'])).toEqual(['period', 'department', 'handler'])
  })
})

import { describe, expect, it } from 'vitest'
import { performancePeriod } from './performancePeriod.ts'

describe('performancePeriod (plain calendar periods in the jurisdiction zone)', () => {
  it('a month: first and last day, 00:00 Beijing time of the 1st to 00:00 of the next month', () => {
    const p = performancePeriod('2026-02')!
    expect([p.kind, p.startDate, p.endDate, p.months]).toEqual(['month', '2026-02-01', '2026-02-28', ['2026-02']])
    expect(new Date(p.startAt).toISOString()).toBe('2026-01-31T16:00:00.000Z')
    expect(new Date(p.endAt).toISOString()).toBe('2026-02-28T16:00:00.000Z')
  })
  it('a quarter and a year across the 2026/2027 boundary', () => {
    const q = performancePeriod('2026-Q4')!
    expect([q.startDate, q.endDate, q.months]).toEqual(['2026-10-01', '2026-12-31', ['2026-10', '2026-11', '2026-12']])
    expect(new Date(q.endAt).toISOString()).toBe('2026-12-31T16:00:00.000Z')
    const y = performancePeriod('2027')!
    expect([y.kind, y.startDate, y.endDate, y.months.length]).toEqual(['year', '2027-01-01', '2027-12-31', 12])
  })
  it('leap February; malformed keys are null', () => {
    expect(performancePeriod('2028-02')!.endDate).toBe('2028-02-29')
    for (const bad of ['2026-13', '2026-Q5', '26-01', '2026-1', '1999', '2026-11-01', '']) expect(performancePeriod(bad), bad).toBeNull()
  })
})

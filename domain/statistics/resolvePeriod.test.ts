import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import { DEFAULT_PERIOD_RULES } from './periods.ts'
import { dayLabels, resolvePeriod, typePeriods } from './resolvePeriod.ts'

const cal = cnWorkCalendar()
const today = toEpochDay('2026-12-05')

describe('resolvePeriod', () => {
  it('a named period containing a day (today by default)', () => {
    expect(resolvePeriod('quarter', undefined, {}, today, DEFAULT_PERIOD_RULES, cal)).toEqual({ ok: true, period: { kind: 'quarter', label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' } })
    expect(resolvePeriod('week', '2027-01-01', {}, today, DEFAULT_PERIOD_RULES, cal)).toEqual({ ok: true, period: { kind: 'week', label: '2026-W52', from: '2026-12-28', to: '2027-01-03' } })
  })
  it('a custom range: both ends needed, in order, at most ten years', () => {
    expect(resolvePeriod('custom', undefined, { from: '2026-01-01', to: '2026-12-31' }, today, DEFAULT_PERIOD_RULES, cal).ok).toBe(true)
    expect(resolvePeriod('custom', undefined, { from: '2026-01-01' }, today, DEFAULT_PERIOD_RULES, cal).ok).toBe(false)
    expect(resolvePeriod('custom', undefined, { from: '2026-02-01', to: '2026-01-01' }, today, DEFAULT_PERIOD_RULES, cal).ok).toBe(false)
    expect(resolvePeriod('custom', undefined, { from: '2000-01-01', to: '2026-01-01' }, today, DEFAULT_PERIOD_RULES, cal).ok).toBe(false)
    expect(resolvePeriod('month', '2026-13-45', {}, today, DEFAULT_PERIOD_RULES, cal).ok).toBe(false)
  })
})

describe('typePeriods and dayLabels', () => {
  it('today, week, month, quarter, year and all time', () => {
    expect(typePeriods(today, DEFAULT_PERIOD_RULES, cal).map((p) => `${p.period} ${p.from}..${p.to}`)).toEqual([
      'today 2026-12-05..2026-12-05', 'week 2026-11-30..2026-12-06', 'month 2026-12-01..2026-12-31', 'quarter 2026-10-01..2026-12-31', 'year 2026-01-01..2026-12-31', 'all null..null',
    ])
  })
  it('labels every day of a range with its statistical month (closing on the 25th)', () => {
    const l = dayLabels('2026-11-24', '2026-11-27', 'month', { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day', day: 25 } }, cal)
    expect(l).toEqual({ days: ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'], labels: ['2026-11', '2026-11', '2026-12', '2026-12'] })
  })
})

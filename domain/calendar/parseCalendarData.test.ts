import { describe, expect, it } from 'vitest'
import { parseCalendarData } from './parseCalendarData.ts'

const valid = () => ({
  schemaVersion: 1,
  jurisdiction: 'CN',
  source: { package: 'p', version: '1', license: 'MIT', url: 'u', file: 'f' },
  years: [
    {
      year: 2026,
      status: 'official',
      holidays: [{ date: '2026-01-01', name: '元旦', nameEn: "New Year's Day" }],
      adjustedWorkdays: [{ date: '2026-01-04', name: '元旦', nameEn: "New Year's Day" }],
    },
  ],
})

describe('parseCalendarData', () => {
  it('accepts valid data and returns a copy', () => {
    const input = valid()
    const r = parseCalendarData(input)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.data).toEqual(input)
    input.years[0]!.holidays[0]!.date = '2026-01-02'
    expect(r.data.years[0]!.holidays[0]!.date).toBe('2026-01-01')
  })

  it.each<[string, (d: ReturnType<typeof valid>) => unknown, RegExp]>([
    ['a future schema version', (d) => ({ ...d, schemaVersion: 2 }), /schemaVersion/],
    ['not an object', () => 42, /must be an object/],
    ['missing source', (d) => ({ ...d, source: undefined }), /source/],
    ['years not an array', (d) => ({ ...d, years: {} }), /years must be an array/],
    ['a date outside its year', (d) => (d.years[0]!.holidays[0]!.date = '2025-12-31', d), /not a date in 2026/],
    ['an impossible date', (d) => (d.years[0]!.holidays[0]!.date = '2026-02-30', d), /not a date/],
    ['an adjusted working day on a weekday', (d) => (d.years[0]!.adjustedWorkdays[0]!.date = '2026-01-05', d), /not a Saturday or Sunday/],
    ['a day both off and on', (d) => (d.years[0]!.adjustedWorkdays[0]!.date = '2026-01-01', d), /appears in holidays and adjustedWorkdays/],
    ['a missing name', (d) => (d.years[0]!.holidays[0]!.name = '', d), /needs date, name and nameEn/],
    ['years out of order', (d) => ({ ...d, years: [d.years[0], { ...d.years[0], holidays: [], adjustedWorkdays: [] }] }), /out of order or repeated/],
    ['an unknown status', (d) => ({ ...d, years: [{ ...d.years[0], status: 'draft' }] }), /status/],
    ['unsorted days', (d) => (d.years[0]!.holidays.push({ date: '2026-01-01', name: 'x', nameEn: 'x' }), d), /out of order/],
  ])('rejects %s', (_label, mutate, message) => {
    const r = parseCalendarData(mutate(valid()))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.join('\n')).toMatch(message)
  })
})

import { describe, expect, it } from 'vitest'
import { CN_CALENDAR_DATA } from './cnCalendarData.ts'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { needsNextYearNotice } from './needsNextYearNotice.ts'
import { WorkCalendar } from './WorkCalendar.ts'

const cal = cnWorkCalendar()

describe('needsNextYearNotice', () => {
  it.each([
    ['2026-10-31T15:59:59Z', 'Asia/Shanghai', false], // 23:59:59 on 31 Oct in Shanghai
    ['2026-10-31T16:00:00Z', 'Asia/Shanghai', true], // 00:00 on 1 Nov, 2027 not loaded
    ['2026-12-31T15:59:59Z', 'Asia/Shanghai', true],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', false], // 2027-01-01: next year is 2028, but it is January
    ['2026-10-31T16:00:00Z', 'UTC', false], // still 31 Oct in UTC
    ['2025-11-20T00:00:00Z', 'Asia/Shanghai', false], // 2026 is loaded
    ['2026-06-01T00:00:00Z', 'Asia/Shanghai', false],
  ])('%s in %s → %s', (iso, zone, expected) => {
    expect(needsNextYearNotice(cal, Date.parse(iso), zone)).toBe(expected)
  })

  it('stops warning once the notice is entered', () => {
    const withNotice = WorkCalendar.fromData({
      ...CN_CALENDAR_DATA,
      years: [...CN_CALENDAR_DATA.years, { year: 2027, status: 'official', holidays: [], adjustedWorkdays: [] }],
    })
    expect(needsNextYearNotice(withNotice, Date.parse('2026-11-15T00:00:00Z'))).toBe(false)
  })

  it('is false for an invalid instant or zone', () => {
    expect(needsNextYearNotice(cal, Number.NaN)).toBe(false)
    expect(needsNextYearNotice(cal, Date.parse('2026-11-15T00:00:00Z'), 'Nowhere/Else')).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { CN_CALENDAR_DATA } from './cnCalendarData.ts'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { isProvisional } from './isProvisional.ts'
import { WorkCalendar } from './WorkCalendar.ts'

describe('isProvisional', () => {
  it.each([
    [2014, true],
    [2015, false],
    [2025, false],
    [2026, false],
    [2027, true],
    [2031, true],
  ])('%i → %s', (year, expected) => {
    expect(isProvisional(cnWorkCalendar(), year)).toBe(expected)
  })

  it('becomes official when the notice is entered', () => {
    const withNotice = WorkCalendar.fromData({
      ...CN_CALENDAR_DATA,
      years: [...CN_CALENDAR_DATA.years, { year: 2027, status: 'official', holidays: [{ date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" }], adjustedWorkdays: [] }],
    })
    expect(isProvisional(withNotice, 2027)).toBe(false)
  })
})

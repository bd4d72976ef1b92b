import { describe, expect, it } from 'vitest'
import { CN_CALENDAR_DATA } from './cnCalendarData.ts'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { missingNoticeYears } from './missingNoticeYears.ts'
import { WorkCalendar } from './WorkCalendar.ts'

const cal = cnWorkCalendar() // official 2015–2026

describe('missingNoticeYears', () => {
  it.each([
    ['2026-10-31T15:59:59Z', 'Asia/Shanghai', []], // 23:59:59 on 31 Oct in Shanghai
    ['2026-10-31T16:00:00Z', 'Asia/Shanghai', [2027]], // 00:00 on 1 Nov, 2027 not loaded
    ['2026-12-31T15:59:59Z', 'Asia/Shanghai', [2027]],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', [2027]], // 1 Jan 2027: 2027 itself is still provisional
    ['2027-06-01T00:00:00Z', 'Asia/Shanghai', [2027]],
    ['2027-11-01T00:00:00Z', 'Asia/Shanghai', [2027, 2028]],
    ['2026-10-31T16:00:00Z', 'UTC', []], // still 31 Oct in UTC
    ['2025-11-20T00:00:00Z', 'Asia/Shanghai', []], // 2026 is loaded
    ['2026-06-01T00:00:00Z', 'Asia/Shanghai', []],
  ])('%s in %s → %j', (iso, zone, expected) => {
    expect(missingNoticeYears(cal, Date.parse(iso), zone)).toEqual(expected)
  })

  it('stops warning once the notice is entered', () => {
    const withNotice = WorkCalendar.fromData({
      ...CN_CALENDAR_DATA,
      years: [...CN_CALENDAR_DATA.years, { year: 2027, status: 'official', holidays: [], adjustedWorkdays: [] }],
    })
    expect(missingNoticeYears(withNotice, Date.parse('2026-11-15T00:00:00Z'))).toEqual([])
    expect(missingNoticeYears(withNotice, Date.parse('2027-03-01T00:00:00Z'))).toEqual([])
  })

  it('is empty for an invalid instant or zone', () => {
    expect(missingNoticeYears(cal, Number.NaN)).toEqual([])
    expect(missingNoticeYears(cal, Date.parse('2026-11-15T00:00:00Z'), 'Nowhere/Else')).toEqual([])
  })
})

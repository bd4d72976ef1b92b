import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { fromEpochDay } from './fromEpochDay.ts'
import { rollToWorkingDay } from './rollToWorkingDay.ts'
import { toEpochDay } from './toEpochDay.ts'

const cal = cnWorkCalendar()

describe('rollToWorkingDay', () => {
  it.each([
    ['2025-10-01', '2025-10-09'],
    ['2025-10-08', '2025-10-09'],
    ['2025-10-09', '2025-10-09'],
    ['2025-10-11', '2025-10-11'], // Saturday, worked
    ['2025-10-12', '2025-10-13'],
    ['2026-02-15', '2026-02-24'],
    ['2026-02-14', '2026-02-14'],
    ['2027-01-02', '2027-01-04'], // provisional: plain weekend
  ])('%s → %s', (date, expected) => {
    expect(fromEpochDay(rollToWorkingDay(cal, toEpochDay(date)))).toBe(expected)
  })

  it('is NaN outside the calendar, or when no working day follows in it', () => {
    expect(rollToWorkingDay(cal, cal.lastDay + 1)).toBeNaN()
    expect(rollToWorkingDay(cal, toEpochDay('2031-12-28'))).toBe(toEpochDay('2031-12-29'))
  })
})

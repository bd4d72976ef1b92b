import { describe, expect, it } from 'vitest'
import { calendarDayDeadline } from './calendarDayDeadline.ts'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { fromEpochDay } from './fromEpochDay.ts'
import { toEpochDay } from './toEpochDay.ts'

const cal = cnWorkCalendar()
const cd = (date: string, n: number) => fromEpochDay(calendarDayDeadline(cal, toEpochDay(date), n))

describe('calendarDayDeadline', () => {
  it.each([
    ['2025-09-01', 30, '2025-10-09'], // 1 Oct → after National Day
    ['2025-08-02', 60, '2025-10-09'], // a "60 日" petition ending on 1 Oct
    ['2026-01-30', 15, '2026-02-14'], // Saturday, but worked (调休): not moved
    ['2026-02-01', 15, '2026-02-24'], // 16 Feb, Spring Festival → 24 Feb
    ['2025-03-01', 15, '2025-03-17'], // plain Sunday → Monday
    ['2025-03-03', 10, '2025-03-13'], // a working day: unchanged
    ['2025-03-08', 0, '2025-03-10'], // 0 days from a Saturday: moved likewise
    ['2025-03-10', 0, '2025-03-10'],
  ])('%s + %i days → %s', (date, n, expected) => {
    expect(cd(date, n)).toBe(expected)
  })

  it('is NaN for a negative or fractional n, or outside the calendar', () => {
    expect(calendarDayDeadline(cal, toEpochDay('2025-03-03'), -1)).toBeNaN()
    expect(calendarDayDeadline(cal, toEpochDay('2025-03-03'), 0.5)).toBeNaN()
    expect(calendarDayDeadline(cal, toEpochDay('2031-12-01'), 60)).toBeNaN()
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addWorkingDays } from './addWorkingDays.ts'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { fromEpochDay } from './fromEpochDay.ts'
import { toEpochDay } from './toEpochDay.ts'

const cal = cnWorkCalendar()
const add = (date: string, n: number) => fromEpochDay(addWorkingDays(cal, toEpochDay(date), n))

/** Reference: step one day at a time. */
function naive(day: number, n: number): number {
  let d = day
  for (let left = Math.abs(n); left > 0; ) {
    d += Math.sign(n)
    if (cal.isWorkday(d)) left--
  }
  return d
}

describe('addWorkingDays', () => {
  it.each([
    // Spring Festival 2026: 14 Feb (Sat) and 28 Feb (Sat) worked, 15–23 Feb off
    ['2026-02-12', 1, '2026-02-13'],
    ['2026-02-12', 2, '2026-02-14'],
    ['2026-02-12', 3, '2026-02-24'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-15', 1, '2026-02-24'],
    ['2026-02-27', 1, '2026-02-28'],
    ['2026-02-28', 1, '2026-03-02'],
    // National Day 2025: 28 Sep (Sun) and 11 Oct (Sat) worked, 1–8 Oct off
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-10-01', 1, '2025-10-09'],
    ['2025-09-30', 3, '2025-10-11'],
    ['2025-09-30', 4, '2025-10-13'],
    // across the year end into a provisional year (2027: Monday–Friday)
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-12-31', 2, '2027-01-04'],
    // n = 0 is the day itself, working or not
    ['2025-10-01', 0, '2025-10-01'],
    ['2026-02-13', 0, '2026-02-13'],
    // negative: the |n|-th working day strictly before
    ['2025-10-09', -1, '2025-09-30'],
    ['2025-10-05', -1, '2025-09-30'],
    ['2025-09-29', -1, '2025-09-28'],
    ['2025-09-29', -2, '2025-09-26'],
    ['2026-02-24', -1, '2026-02-14'],
  ])('%s + %i → %s', (date, n, expected) => {
    expect(add(date, n)).toBe(expected)
  })

  it('agrees with a day-by-day walk everywhere in 2015–2031', () => {
    fc.assert(
      fc.property(fc.integer({ min: cal.firstDay + 200, max: cal.lastDay - 200 }), fc.integer({ min: -100, max: 100 }), (day, n) => {
        expect(addWorkingDays(cal, day, n)).toBe(naive(day, n))
      }),
      { numRuns: 5000 },
    )
  })

  it('gives NaN outside the calendar or for a non-integer n', () => {
    expect(addWorkingDays(cal, toEpochDay('2031-12-30'), 5)).toBeNaN()
    expect(addWorkingDays(cal, toEpochDay('2015-01-05'), -5)).toBeNaN()
    expect(addWorkingDays(cal, toEpochDay('2014-12-31'), 1)).toBeNaN()
    expect(addWorkingDays(cal, toEpochDay('2025-01-01'), 1.5)).toBeNaN()
    expect(addWorkingDays(cal, Number.NaN, 1)).toBeNaN()
  })
})

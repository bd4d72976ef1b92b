import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { toEpochDay } from './toEpochDay.ts'
import { workingDaysBetween } from './workingDaysBetween.ts'

const cal = cnWorkCalendar()
const between = (a: string, b: string) => workingDaysBetween(cal, toEpochDay(a), toEpochDay(b))

describe('workingDaysBetween', () => {
  it.each([
    ['2026-02-13', '2026-02-28', 6], // 14, 24, 25, 26, 27, 28
    ['2026-02-14', '2026-02-23', 0], // the festival itself
    ['2026-02-13', '2026-02-14', 1], // b inclusive
    ['2026-02-14', '2026-02-14', 0],
    ['2025-09-27', '2025-10-12', 6], // 28, 29, 30 Sep; 9, 10, 11 Oct
    ['2025-09-28', '2025-10-12', 5], // a exclusive
    ['2025-10-12', '2025-09-27', -6],
  ])('(%s, %s] → %i', (a, b, n) => {
    expect(between(a, b)).toBe(n)
  })

  it('counts the working days one by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: cal.firstDay, max: cal.lastDay - 400 }), fc.integer({ min: 0, max: 400 }), (a, len) => {
        let n = 0
        for (let d = a + 1; d <= a + len; d++) if (cal.isWorkday(d)) n++
        expect(workingDaysBetween(cal, a, a + len)).toBe(n)
      }),
      { numRuns: 1000 },
    )
  })

  it('is NaN outside the calendar', () => {
    expect(workingDaysBetween(cal, cal.firstDay - 1, cal.firstDay)).toBeNaN()
  })
})

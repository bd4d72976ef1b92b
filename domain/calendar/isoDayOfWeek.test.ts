import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoDayOfWeek } from './isoDayOfWeek.ts'
import { toEpochDay } from './toEpochDay.ts'

describe('isoDayOfWeek', () => {
  it.each([
    ['1970-01-01', 4],
    ['2025-10-01', 3],
    ['2026-02-14', 6],
    ['2026-02-15', 7],
    ['2026-02-16', 1],
    ['1969-12-28', 7],
  ])('%s is day %i', (date, dow) => {
    expect(isoDayOfWeek(toEpochDay(date))).toBe(dow)
  })

  it('is NaN for a non-integer', () => {
    expect(isoDayOfWeek(1.5)).toBeNaN()
  })

  it('agrees with Date#getUTCDay', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        expect(isoDayOfWeek(day)).toBe(new Date(day * 864e5).getUTCDay() || 7)
      }),
    )
  })
})

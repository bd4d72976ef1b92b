import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromEpochDay } from './fromEpochDay.ts'
import { toEpochDay } from './toEpochDay.ts'

describe('fromEpochDay', () => {
  it.each([
    [0, '1970-01-01'],
    [-1, '1969-12-31'],
    [20362, '2025-10-01'],
    [11016, '2000-02-29'],
    [-719528, '0000-01-01'],
    [2932896, '9999-12-31'],
  ])('%i → %s', (day, date) => {
    expect(fromEpochDay(day)).toBe(date)
  })

  it.each([0.5, Number.NaN, Infinity, -719529, 2932897])('is "Invalid Date" for %d', (day) => {
    expect(fromEpochDay(day)).toBe('Invalid Date')
  })

  it('is the inverse of toEpochDay', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719528, max: 2932896 }), (day) => {
        expect(toEpochDay(fromEpochDay(day))).toBe(day)
      }),
      { numRuns: 5000 },
    )
  })
})

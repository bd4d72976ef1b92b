import { describe, expect, it } from 'vitest'
import { toEpochDay } from './toEpochDay.ts'
import { yearOfEpochDay } from './yearOfEpochDay.ts'

describe('yearOfEpochDay', () => {
  it.each([
    ['2025-12-31', 2025],
    ['2026-01-01', 2026],
    ['1969-12-31', 1969],
    ['2000-02-29', 2000],
  ])('%s → %i', (date, year) => {
    expect(yearOfEpochDay(toEpochDay(date))).toBe(year)
  })

  it('is NaN for a non-integer', () => {
    expect(yearOfEpochDay(Number.NaN)).toBeNaN()
  })
})

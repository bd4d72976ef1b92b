import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toEpochDay } from './toEpochDay.ts'

describe('toEpochDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-02-29', 11016],
    ['2025-10-01', 20362],
    ['2026-02-17', 20501],
    ['0000-01-01', -719528],
    ['9999-12-31', 2932896],
  ])('%s → %i', (date, day) => {
    expect(toEpochDay(date)).toBe(day)
  })

  it.each(['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-01', '2025-01-01T00:00:00Z', ' 2025-01-01', '', '20250101'])(
    'is NaN for %j',
    (date) => {
      expect(toEpochDay(date)).toBeNaN()
    },
  )

  it('agrees with Date.UTC for every day of 1900–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / 864e5, max: Date.UTC(2100, 11, 31) / 864e5 }), (day) => {
        const iso = new Date(day * 864e5).toISOString().slice(0, 10)
        expect(toEpochDay(iso)).toBe(day)
      }),
      { numRuns: 2000 },
    )
  })
})

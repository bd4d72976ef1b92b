import { describe, expect, it } from 'vitest'
import { startOfLocalDay } from './startOfLocalDay.ts'
import { toEpochDay } from './toEpochDay.ts'

const iso = (ms: number) => new Date(ms).toISOString()

describe('startOfLocalDay', () => {
  it.each([
    ['2025-10-01', 'Asia/Shanghai', '2025-09-30T16:00:00.000Z'],
    ['2025-10-01', 'UTC', '2025-10-01T00:00:00.000Z'],
    ['2025-11-02', 'America/New_York', '2025-11-02T04:00:00.000Z'],
    ['2025-11-03', 'America/New_York', '2025-11-03T05:00:00.000Z'],
    // Chile skips 00:00 on its DST start (2022-09-11): the day begins at 01:00 local (-03:00)
    ['2022-09-11', 'America/Santiago', '2022-09-11T04:00:00.000Z'],
  ])('%s in %s begins at %s', (date, zone, expected) => {
    const day = toEpochDay(date)
    expect(iso(startOfLocalDay(day, zone))).toBe(expected)
    expect(iso(startOfLocalDay(day, zone))).toBe(expected) // memoised
  })

  it('defaults to Asia/Shanghai', () => {
    expect(iso(startOfLocalDay(toEpochDay('2026-02-17')))).toBe('2026-02-16T16:00:00.000Z')
  })

  it('is NaN for a bad day or zone', () => {
    expect(startOfLocalDay(1.5)).toBeNaN()
    expect(startOfLocalDay(0, 'Nowhere/Else')).toBeNaN()
  })
})

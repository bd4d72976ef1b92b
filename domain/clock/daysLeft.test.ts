import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import { daysLeft } from './daysLeft.ts'

const cal = cnWorkCalendar()
const day = toEpochDay

describe('daysLeft', () => {
  it('counts working days after today up to the deadline day', () => {
    expect(daysLeft(cal, '2026-12-04', 'workday', day('2026-12-01'))).toBe(3)
    expect(daysLeft(cal, '2026-12-01', 'workday', day('2026-12-01'))).toBe(0)
    // across a weekend: Fri 4 Dec → Mon 7 Dec is one working day
    expect(daysLeft(cal, '2026-12-07', 'workday', day('2026-12-04'))).toBe(1)
  })
  it('skips holidays and counts adjusted working days (National Day 2025)', () => {
    // 28 Sep 2025 (Sunday) is worked; 1–8 Oct are holidays; 11 Oct (Saturday) is worked
    expect(daysLeft(cal, '2025-10-09', 'workday', day('2025-09-27'))).toBe(4) // 28, 29, 30 Sep, 9 Oct
  })
  it('is negative once the deadline day has passed', () => {
    expect(daysLeft(cal, '2026-11-27', 'workday', day('2026-12-01'))).toBe(-2) // Mon 30 Nov, Tue 1 Dec
    expect(daysLeft(cal, '2026-11-27', 'day', day('2026-12-01'))).toBe(-4)
  })
  it('counts calendar days for calendar-day limits', () => {
    expect(daysLeft(cal, '2026-12-31', 'day', day('2026-12-01'))).toBe(30)
  })
  it('gives null for an invalid date', () => {
    expect(daysLeft(cal, '2026-02-30', 'workday', day('2026-12-01'))).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { toEpochDay } from './toEpochDay.ts'

describe('cnWorkCalendar', () => {
  it('builds the national calendar', () => {
    const cal = cnWorkCalendar()
    expect(cal.jurisdiction).toBe('CN')
    expect(cal.isWorkday(toEpochDay('2025-09-28'))).toBe(true)
    expect(cal.isWorkday(toEpochDay('2025-10-08'))).toBe(false)
  })

  it('takes overrides', () => {
    const cal = cnWorkCalendar({ overrides: [{ date: '2025-10-09', isWorkday: false, reason: '调整' }] })
    expect(cal.isWorkday(toEpochDay('2025-10-09'))).toBe(false)
  })
})

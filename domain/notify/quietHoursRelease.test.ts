import { describe, expect, it } from 'vitest'
import { quietHoursRelease } from './quietHoursRelease.ts'

const Z = 'Asia/Shanghai'
const at = (iso: string) => Date.parse(iso)

describe('quietHoursRelease', () => {
  it('holds non-urgent messages from 21:00 (inclusive) until 08:00 (exclusive) local', () => {
    expect(quietHoursRelease(at('2026-03-02T20:59:59+08:00'), Z, false)).toBeNull()
    expect(quietHoursRelease(at('2026-03-02T21:00:00+08:00'), Z, false)).toBe(at('2026-03-03T08:00:00+08:00'))
    expect(quietHoursRelease(at('2026-03-02T23:59:00+08:00'), Z, false)).toBe(at('2026-03-03T08:00:00+08:00'))
    expect(quietHoursRelease(at('2026-03-03T00:10:00+08:00'), Z, false)).toBe(at('2026-03-03T08:00:00+08:00'))
    expect(quietHoursRelease(at('2026-03-03T07:59:59+08:00'), Z, false)).toBe(at('2026-03-03T08:00:00+08:00'))
    expect(quietHoursRelease(at('2026-03-03T08:00:00+08:00'), Z, false)).toBeNull()
  })

  it('never holds urgent messages', () => {
    expect(quietHoursRelease(at('2026-03-02T23:00:00+08:00'), Z, true)).toBeNull()
  })

  it('uses the given zone, not the process zone (13:30 UTC is 21:30 in Shanghai)', () => {
    expect(quietHoursRelease(at('2026-03-02T13:30:00Z'), Z, false)).toBe(at('2026-03-03T00:00:00Z'))
    expect(quietHoursRelease(at('2026-03-02T13:30:00Z'), 'UTC', false)).toBeNull()
  })

  it('handles a period that does not wrap midnight, an empty one and an unknown zone', () => {
    const lunch = { startMinute: 12 * 60, endMinute: 14 * 60 }
    expect(quietHoursRelease(at('2026-03-02T12:30:00+08:00'), Z, false, lunch)).toBe(at('2026-03-02T14:00:00+08:00'))
    expect(quietHoursRelease(at('2026-03-02T22:30:00+08:00'), Z, false, lunch)).toBeNull()
    expect(quietHoursRelease(at('2026-03-02T22:30:00+08:00'), Z, false, { startMinute: 0, endMinute: 0 })).toBeNull()
    expect(quietHoursRelease(at('2026-03-02T22:30:00+08:00'), 'Nowhere/City', false)).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { hhmm, shortTime } from './time.ts'

describe('mobile times', () => {
  it('are Asia/Shanghai local times', () => {
    expect(hhmm(Date.parse('2026-12-06T02:37:00Z'))).toBe('10:37')
    expect(hhmm(null)).toBe('--:--')
    expect(shortTime('2026-12-05T17:05:00Z')).toBe('12/06 01:05')
  })
})

import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { computeDeadline } from './computeDeadline.ts'
import { levelAt } from './levelAt.ts'

const cal = cnWorkCalendar()

describe('levelAt', () => {
  const r = computeDeadline({ accepted: '2025-09-26', limit: 3, unit: 'workday' }, cal)
  it.each([
    ['2025-09-29T23:59:59+08:00', 'normal'],
    ['2025-09-30T00:00:00+08:00', 'warning'],
    ['2025-10-08T23:59:59+08:00', 'warning'],
    ['2025-10-09T00:00:00+08:00', 'yellow'],
    ['2025-10-13T23:59:59+08:00', 'yellow'],
    ['2025-10-14T00:00:00+08:00', 'red'],
  ])('at %s → %s', (now, level) => {
    expect(levelAt(r, now)).toBe(level)
    expect(levelAt(r, Date.parse(now))).toBe(level)
  })

  it('agrees with computeDeadline given now', () => {
    for (let h = 0; h < 24 * 30; h += 7) {
      const now = Date.parse('2025-09-25T00:00:00Z') + h * 3_600_000
      const direct = computeDeadline({ accepted: '2025-09-26', limit: 3, unit: 'workday', now }, cal)
      expect(levelAt(r, now)).toBe(direct.status === 'running' ? direct.level : null)
    }
  })

  it('keeps a stopped clock at its frozen level', () => {
    const s = computeDeadline({ accepted: '2025-09-22', limit: 10, unit: 'workday', scheme: { warning: { share: 0.2 }, yellow: 1, red: 5 }, suspensions: [{ from: '2025-09-26' }] }, cal)
    expect(levelAt(s, '2025-09-23T12:00:00+08:00')).toBe('normal')
    expect(levelAt(s, '2026-09-23T12:00:00+08:00')).toBe('warning')
  })

  it('is null for an invalid result or instant', () => {
    expect(levelAt({ status: 'invalid', error: 'x' }, 0)).toBeNull()
    expect(levelAt(r, 'soon')).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { levelEffectiveAt } from './levelEffectiveAt.ts'
import { cardEffectiveAt } from '../rules/cardDecisions.ts'

const dates = { warningFrom: '2025-11-06', yellowFrom: '2025-11-07', redFrom: '2025-11-13' }
const NOW = Date.parse('2025-11-20T16:09:17+08:00')
const at = (s: string) => new Date(`${s}+08:00`).toISOString()

describe('levelEffectiveAt', () => {
  it("a move up takes effect at 00:00 local of the level's first day", () => {
    expect(levelEffectiveAt('normal', { level: 'red', clockLevel: 'red', status: 'running', ...dates }, 'Asia/Shanghai', NOW)).toBe(at('2025-11-13T00:00:00'))
    expect(levelEffectiveAt('warning', { level: 'yellow', ...dates }, 'Asia/Shanghai', NOW)).toBe(at('2025-11-07T00:00:00'))
    expect(levelEffectiveAt('normal', { level: 'warning', clockLevel: 'warning', ...dates }, 'Asia/Shanghai', NOW)).toBe(at('2025-11-06T00:00:00'))
    // a late stage raises the case to warning from its own day
    expect(levelEffectiveAt('normal', { level: 'warning', clockLevel: 'normal', ...dates, stageWarningFrom: '2025-11-05' }, 'Asia/Shanghai', NOW)).toBe(at('2025-11-05T00:00:00'))
  })
  it('never later than now; a move down, or a warning held by a stopped clock, takes effect now', () => {
    const early = Date.parse('2025-11-12T09:00:00+08:00')
    expect(levelEffectiveAt('normal', { level: 'red', ...dates }, 'Asia/Shanghai', early)).toBe(new Date(early).toISOString())
    expect(levelEffectiveAt('red', { level: 'yellow', ...dates }, 'Asia/Shanghai', NOW)).toBe(new Date(NOW).toISOString())
    expect(levelEffectiveAt('normal', { level: 'warning', status: 'stopped', ...dates }, 'Asia/Shanghai', NOW)).toBe(new Date(NOW).toISOString())
  })
})

describe('cardEffectiveAt', () => {
  it("is the breaking event's instant, or 00:00 of the threshold day, capped at now", () => {
    expect(cardEffectiveAt({ at: '2025-11-05T07:20:00.000Z' }, 'Asia/Shanghai', NOW)).toBe('2025-11-05T07:20:00.000Z')
    expect(cardEffectiveAt({ date: '2025-11-07' }, 'Asia/Shanghai', NOW)).toBe(at('2025-11-07T00:00:00'))
    expect(cardEffectiveAt({ date: '2025-12-01' }, 'Asia/Shanghai', NOW)).toBe(new Date(NOW).toISOString())
    expect(cardEffectiveAt(null, 'Asia/Shanghai', NOW)).toBe(new Date(NOW).toISOString())
  })
})

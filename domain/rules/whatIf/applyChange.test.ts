import { describe, expect, it } from 'vitest'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import { overridesAfter, schemesAfter } from './applyChange.ts'
import type { RuleChange } from './types.ts'

const J = '440204'
const dayOff = (date: string): RuleChange => ({ kind: 'calendarOverride', jurisdictionCode: J, date, isWorkday: false })

describe('overridesAfter / schemesAfter', () => {
  it('replaces or withdraws the date\'s override and sets or removes a scope\'s scheme', () => {
    const o = overridesAfter([{ date: '2026-12-02', isWorkday: true, reason: 'x' }, { date: '2026-12-01', isWorkday: false, reason: 'y' }], dayOff('2026-12-02'), 'z')
    expect(o).toEqual([{ date: '2026-12-01', isWorkday: false, reason: 'y' }, { date: '2026-12-02', isWorkday: false, reason: 'z' }])
    expect(overridesAfter(o, { kind: 'calendarOverride', jurisdictionCode: J, date: '2026-12-02', isWorkday: null }, 'z')).toEqual([o[0]])
    const s = schemesAfter([], { kind: 'scheme', scope: 'item', code: 'I', scheme: DEFAULT_LEVEL_SCHEME })
    expect(s).toEqual([{ scope: 'item', code: 'I', ...DEFAULT_LEVEL_SCHEME }])
    expect(schemesAfter(s, { kind: 'scheme', scope: 'item', code: 'I', scheme: null })).toEqual([])
  })
})

describe('applyChange leaves the other kind alone', () => {
  it('a scheme change keeps the overrides, a calendar change keeps the schemes', () => {
    const o = [{ date: '2026-12-01', isWorkday: false, reason: 'y' }]
    expect(overridesAfter(o, { kind: 'scheme', scope: 'item', code: 'I', scheme: null }, 'r')).toEqual(o)
    const s = [{ scope: 'item' as const, code: 'I', ...DEFAULT_LEVEL_SCHEME }]
    expect(schemesAfter(s, dayOff('2026-12-02'))).toEqual(s)
  })
})

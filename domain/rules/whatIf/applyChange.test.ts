import { describe, expect, it } from 'vitest'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import { overridesAfter, schemesAfter } from './applyChange.ts'
import { resolveScheme } from './resolveScheme.ts'
import type { RuleChange, ScopedScheme } from './types.ts'

const J = '440204'
const red3 = { warning: { offset: -1 }, yellow: 1, red: 3 }
const dayOff = (date: string): RuleChange => ({ kind: 'calendarOverride', jurisdictionCode: J, date, isWorkday: false })

describe('overridesAfter / schemesAfter', () => {
  it('replaces or withdraws the date\'s override and sets or removes a scope\'s scheme', () => {
    const o = overridesAfter([{ date: '2026-12-02', isWorkday: true, reason: 'x' }, { date: '2026-12-01', isWorkday: false, reason: 'y' }], dayOff('2026-12-02'), 'z')
    expect(o).toEqual([{ date: '2026-12-01', isWorkday: false, reason: 'y' }, { date: '2026-12-02', isWorkday: false, reason: 'z' }])
    expect(overridesAfter(o, { kind: 'calendarOverride', jurisdictionCode: J, date: '2026-12-02', isWorkday: null }, 'z')).toEqual([o[0]])
    const s = schemesAfter([], { kind: 'scheme', scope: 'item', code: 'I', scheme: DEFAULT_LEVEL_SCHEME })
    expect(s).toEqual([{ scope: 'item', code: 'I', ...DEFAULT_LEVEL_SCHEME }])
    // removing appends a withdrawn version: the case falls through to the next scope
    const removed = schemesAfter(s, { kind: 'scheme', scope: 'item', code: 'I', scheme: null })
    expect(removed).toEqual([s[0], { scope: 'item', code: 'I', ...DEFAULT_LEVEL_SCHEME, withdrawn: true }])
    expect(resolveScheme([{ scope: 'department', code: 'D', ...red3 }, ...removed], J, 'D', 'I', '2026-12-01').scheme).toEqual(red3)
  })

  it('a dated change appends a version for the cases accepted from its date; a retraction removes the version it names', () => {
    const base: ScopedScheme[] = [{ id: '7', scope: 'department', code: 'D', ...DEFAULT_LEVEL_SCHEME }]
    const dated = schemesAfter(base, { kind: 'scheme', scope: 'department', code: 'D', scheme: red3, acceptedFrom: '2027-01-01' })
    expect(dated[1]).toEqual({ scope: 'department', code: 'D', ...red3, acceptedFrom: '2027-01-01' })
    expect(resolveScheme(dated, J, 'D', null, '2026-12-31').scheme).toEqual(DEFAULT_LEVEL_SCHEME)
    expect(resolveScheme(dated, J, 'D', null, '2027-01-01').scheme).toEqual(red3)
    expect(schemesAfter(base, { kind: 'schemeRetract', scope: 'department', code: 'D', versionId: '7' })).toEqual([])
    expect(schemesAfter(base, { kind: 'schemeRetract', scope: 'department', code: 'D', versionId: '8' })).toEqual(base)
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

import { describe, expect, it } from 'vitest'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import { resolveScheme } from './resolveScheme.ts'
import type { ScopedScheme } from './types.ts'

const s = (scope: ScopedScheme['scope'], code: string, yellow: number, overdueCards?: boolean): ScopedScheme => ({ scope, code, warning: { offset: 0 }, yellow, red: 9, ...(overdueCards === undefined ? {} : { overdueCards }) })

describe('resolveScheme', () => {
  it('takes item > department > jurisdiction > default', () => {
    const all = [s('jurisdiction', 'J', 1), s('department', 'D', 2), s('item', 'I', 3), s('department', 'OTHER', 7)]
    expect(resolveScheme(all, 'J', 'D', 'I').scheme.yellow).toBe(3)
    expect(resolveScheme(all, 'J', 'D', 'NOPE').scheme.yellow).toBe(2)
    expect(resolveScheme(all, 'J', 'X', null).scheme.yellow).toBe(1)
    expect(resolveScheme(all, 'K', 'X', null)).toEqual({ scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true })
  })
  it('carries the winning scheme\'s overdue switch (on by default)', () => {
    expect(resolveScheme([s('department', 'D', 2, false)], 'J', 'D', null).overdueCards).toBe(false)
    expect(resolveScheme([s('department', 'D', 2)], 'J', 'D', null).overdueCards).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { validateScheme } from './validateScheme.ts'
import { DEFAULT_PERFORMANCE_SCHEME as S } from './DEFAULT_PERFORMANCE_SCHEME.ts'

describe('validateScheme', () => {
  it('accepts the shipped default (a JSON round trip of it)', () => {
    expect(validateScheme(JSON.parse(JSON.stringify(S)))).toEqual({ ok: true, scheme: S })
  })
  it('refuses a wrong shape with the path', () => {
    const r = validateScheme({ ...S, minVolume: -1 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]).toContain('/minVolume')
    expect(validateScheme({ ...S, extra: 1 }).ok).toBe(false)
    expect(validateScheme({ ...S, indicators: [{ id: 'x', kind: 'nope' }] }).ok).toBe(false)
  })
  it('refuses duplicate ids, zeroAt ≥ fullAt, unordered grades and two card indicators', () => {
    const r = validateScheme({
      ...S,
      indicators: [...S.indicators, { ...S.indicators[0]!, zeroAt: 1, fullAt: 1 }, { id: 'cards2', kind: 'cards', name: { zh: '牌', en: 'c' }, yellow: 1, red: 2, excludeRules: [] }],
      grades: { excellent: 80, good: 80, pass: 60 },
    })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problems).toContain('/indicators: id onTime is used twice')
      expect(r.problems).toContain('/indicators/onTime: zeroAt must be below fullAt')
      expect(r.problems).toContain('/indicators: at most one cards indicator')
      expect(r.problems).toContain('/grades: excellent > good > pass is required')
    }
  })
})

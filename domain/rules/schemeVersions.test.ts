import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { governingVersion, isLive, pickSchemeVersion, versionHolds, type ScopedVersion } from './schemeVersions.ts'

type V = ScopedVersion & { n: number }
const v = (n: number, scope: V['scope'], code: string, acceptedFrom: string | null = null, withdrawn = false): V => ({ n, scope, code, acceptedFrom, withdrawn })

describe('versionHolds / governingVersion', () => {
  it('a dated version holds from its date on, an undated one always, a not-accepted case only for undated ones', () => {
    expect(versionHolds({ acceptedFrom: '2027-01-01' }, '2026-12-31')).toBe(false)
    expect(versionHolds({ acceptedFrom: '2027-01-01' }, '2027-01-01')).toBe(true)
    expect(versionHolds({ acceptedFrom: null }, '1999-01-01')).toBe(true)
    expect(versionHolds({}, null)).toBe(true)
    expect(versionHolds({ acceptedFrom: '2027-01-01' }, null)).toBe(false)
  })

  it('takes the newest version whose condition holds: a dated version leaves older cases under the version they had', () => {
    const vs = [{ n: 1, acceptedFrom: null }, { n: 2, acceptedFrom: '2027-01-01' }]
    expect(governingVersion(vs, '2026-12-31')?.n).toBe(1)
    expect(governingVersion(vs, '2027-01-01')?.n).toBe(2)
    // a later version for every case overrides everything again
    expect(governingVersion([...vs, { n: 3, acceptedFrom: null }], '2027-06-01')?.n).toBe(3)
    // a later, earlier-dated version wins for every case it covers
    expect(governingVersion([...vs, { n: 4, acceptedFrom: '2026-06-01' }], '2027-06-01')?.n).toBe(4)
    expect(governingVersion([...vs, { n: 4, acceptedFrom: '2026-06-01' }], '2026-05-31')?.n).toBe(1)
    expect(governingVersion([{ n: 5, acceptedFrom: '2027-01-01' }], '2026-01-01')).toBeUndefined()
  })
})

describe('pickSchemeVersion', () => {
  it('keeps the precedence item > department > jurisdiction, each scope by its governing version', () => {
    const vs = [v(1, 'jurisdiction', 'J'), v(2, 'department', 'D'), v(3, 'item', 'I', '2027-01-01')]
    expect(pickSchemeVersion(vs, 'J', 'D', 'I', '2027-02-01')?.n).toBe(3)
    expect(pickSchemeVersion(vs, 'J', 'D', 'I', '2026-12-01')?.n).toBe(2) // the item's version is not this case's
    expect(pickSchemeVersion(vs, 'J', 'X', 'I', '2026-12-01')?.n).toBe(1)
    expect(pickSchemeVersion(vs, null, 'X', null, '2026-12-01')).toBeUndefined()
  })

  it('a withdrawn governing version passes the case to the next scope; an older case keeps the scheme withdrawn for newer ones', () => {
    const vs = [v(1, 'jurisdiction', 'J'), v(2, 'department', 'D'), v(3, 'department', 'D', '2027-01-01', true)]
    expect(pickSchemeVersion(vs, 'J', 'D', null, '2027-01-05')?.n).toBe(1)
    expect(pickSchemeVersion(vs, 'J', 'D', null, '2026-12-30')?.n).toBe(2)
  })

  const day = fc.integer({ min: 0, max: 40 }).map((d) => `2026-12-${String(1 + (d % 28)).padStart(2, '0')}`.replace(/^2026-12/, d >= 28 ? '2027-01' : '2026-12'))
  const versionArb = fc.record({
    scope: fc.constantFrom<V['scope']>('jurisdiction', 'department', 'item'),
    code: fc.constantFrom('A', 'B'),
    acceptedFrom: fc.option(day, { nil: null }),
    withdrawn: fc.boolean(),
  })

  it('equals the definition on random versions: the highest scope whose newest holding version exists and is not withdrawn', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 12 }), fc.option(day, { nil: null }), fc.constantFrom('A', 'B'), fc.option(fc.constantFrom('A', 'B'), { nil: null }), (raw, accepted, dept, item) => {
        const vs: V[] = raw.map((r, n) => ({ ...r, n }))
        const got = pickSchemeVersion(vs, 'A', dept, item, accepted)?.n
        // the definition, written independently: for each scope, all holding versions, the one saved last
        let expected: number | undefined
        for (const [scope, code] of [['item', item], ['department', dept], ['jurisdiction', 'A']] as const) {
          if (code === null) continue
          const holding = vs.filter((x) => x.scope === scope && x.code === code && (x.acceptedFrom == null || (accepted !== null && x.acceptedFrom <= accepted)))
          const newest = holding.reduce<V | undefined>((a, x) => (a === undefined || x.n > a.n ? x : a), undefined)
          if (newest && !newest.withdrawn) {
            expected = newest.n
            break
          }
        }
        expect(got).toBe(expected)
      }),
      { numRuns: 500, seed: 19 },
    )
  })
})

describe('isLive', () => {
  it('a version is dead once a newer one holds for every case it holds for', () => {
    expect(isLive([{ acceptedFrom: '2027-01-01' }, { acceptedFrom: null }], 0)).toBe(false)
    expect(isLive([{ acceptedFrom: '2027-01-01' }, { acceptedFrom: '2026-06-01' }], 0)).toBe(false)
    expect(isLive([{ acceptedFrom: null }, { acceptedFrom: '2027-01-01' }], 0)).toBe(true)
    expect(isLive([{ acceptedFrom: '2026-06-01' }, { acceptedFrom: '2027-01-01' }], 0)).toBe(true)
    expect(isLive([{ acceptedFrom: null }], 0)).toBe(true)
  })
})

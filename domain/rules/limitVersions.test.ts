import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PETITION_LIMITS } from '../clock/petitionClock.ts'
import { PETITION_KINDS, type PetitionKind } from '../events/schema.ts'
import { governingLimits, limitVersionsAfter, petitionLimitsFor, petitionLimitVersionOf, type LimitsVersion, type PetitionLimitVersion } from './limitVersions.ts'

const W = (value: number) => ({ value, unit: 'workday' as const })
const day = fc.integer({ min: 0, max: 40 }).map((d) => (d < 28 ? `2026-12-${String(d + 1).padStart(2, '0')}` : `2027-01-${String(d - 27).padStart(2, '0')}`))

describe('governingLimits', () => {
  it('a dated version governs the cases accepted from its date; older ones keep the base or the version they started under', () => {
    const vs: LimitsVersion<number>[] = [{ id: '1', limits: 12 }, { id: '2', limits: 5, acceptedFrom: '2027-01-01' }]
    expect(governingLimits(vs, 20, '2026-12-31')).toEqual({ limits: 12, version: vs[0] })
    expect(governingLimits(vs, 20, '2027-01-01')).toEqual({ limits: 5, version: vs[1] })
    expect(governingLimits([vs[1]!], 20, '2026-12-31')).toEqual({ limits: 20, version: null })
    // a case not accepted yet: only versions for every case
    expect(governingLimits([vs[1]!], 20, null).limits).toBe(20)
    // a later version for every case overrides the dated one again
    expect(governingLimits([...vs, { id: '3', limits: 8 }], 20, '2027-06-01').limits).toBe(8)
  })

  it('equals the definition on random versions: the holding version saved last, else the base', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ acceptedFrom: fc.option(day, { nil: null }), limits: fc.integer({ min: 0, max: 60 }) }), { maxLength: 10 }), fc.option(day, { nil: null }), (raw, accepted) => {
        const vs = raw.map((r, n) => ({ ...r, id: String(n) }))
        const holding = vs.filter((v) => v.acceptedFrom === null || (accepted !== null && v.acceptedFrom <= accepted))
        const newest = holding.reduce<(typeof vs)[number] | undefined>((a, v) => (a === undefined || Number(v.id) > Number(a.id) ? v : a), undefined)
        const got = governingLimits(vs, -1, accepted)
        expect(got.limits).toBe(newest ? newest.limits : -1)
        expect(got.version?.id).toBe(newest?.id)
      }),
      { numRuns: 500, seed: 19 },
    )
  })

  it('an added version governs exactly the cases its date covers, and retracting it restores every case', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ acceptedFrom: fc.option(day, { nil: null }), limits: fc.integer({ min: 0, max: 60 }) }), { maxLength: 8 }),
        fc.option(day, { nil: null }),
        fc.array(day, { minLength: 1, maxLength: 10 }),
        (raw, from, accepted) => {
          const vs = raw.map((r, n) => ({ ...r, id: String(n) }))
          const added = limitVersionsAfter(vs, { add: 99, acceptedFrom: from })
          for (const a of accepted) {
            const covered = from === null || a >= from
            expect(governingLimits(added, -1, a).limits).toBe(covered ? 99 : governingLimits(vs, -1, a).limits)
          }
          const saved = added.map((v, n) => ({ ...v, id: v.id ?? String(n) }))
          const back = limitVersionsAfter(saved, { retract: saved[saved.length - 1]!.id })
          for (const a of accepted) expect(governingLimits(back, -1, a)).toEqual(governingLimits(vs, -1, a))
        },
      ),
      { numRuns: 300, seed: 20 },
    )
  })
})

describe('petitionLimitsFor', () => {
  it('each kind and stage from its newest holding version, the rest from the base', () => {
    const vs: PetitionLimitVersion[] = [
      { id: '1', petitionKind: 'complaint', stage: 'conclude', limit: W(10), acceptedFrom: '2027-01-01' },
      { id: '2', petitionKind: 'petition', stage: 'acknowledge', limit: W(5) },
    ]
    const before = petitionLimitsFor(DEFAULT_PETITION_LIMITS, vs, '2026-12-31')
    expect(before.complaint.conclude).toEqual(W(15))
    expect(before.petition).toEqual({ acknowledge: W(5), conclude: { value: 60, unit: 'day' } })
    expect(petitionLimitsFor(DEFAULT_PETITION_LIMITS, vs, '2027-01-02').complaint.conclude).toEqual(W(10))
    expect(petitionLimitVersionOf(vs, 'complaint', 'conclude', '2026-12-31')).toBeUndefined()
    expect(petitionLimitVersionOf(vs, 'complaint', 'conclude', '2027-01-01')?.id).toBe('1')
    // the base is not modified
    expect(DEFAULT_PETITION_LIMITS.complaint.conclude).toEqual(W(15))
  })

  it('equals the per-kind-and-stage definition on random versions', () => {
    const versionArb = fc.record({
      petitionKind: fc.constantFrom<PetitionKind>(...PETITION_KINDS),
      stage: fc.constantFrom<'acknowledge' | 'conclude'>('acknowledge', 'conclude'),
      limit: fc.integer({ min: 0, max: 90 }).map(W),
      acceptedFrom: fc.option(day, { nil: null }),
    })
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 12 }), fc.option(day, { nil: null }), (raw, received) => {
        const vs = raw.map((r, n) => ({ ...r, id: String(n) }))
        const got = petitionLimitsFor(DEFAULT_PETITION_LIMITS, vs, received)
        for (const kind of PETITION_KINDS) {
          for (const stage of ['acknowledge', 'conclude'] as const) {
            const holding = vs.filter((v) => v.petitionKind === kind && v.stage === stage && (v.acceptedFrom === null || (received !== null && v.acceptedFrom <= received)))
            const newest = holding.at(-1)
            expect(got[kind][stage]).toEqual(newest ? newest.limit : DEFAULT_PETITION_LIMITS[kind][stage])
            expect(petitionLimitVersionOf(vs, kind, stage, received)?.id).toBe(newest?.id)
          }
        }
      }),
      { numRuns: 400, seed: 21 },
    )
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { foldCaseWithCursor, resumeCaseFold, type CaseFold } from './foldCase.ts'
import { caseLifecycle } from '../events/fixtures.ts'
import type { StoredEvent } from '../events/schema.ts'

const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)
/** As stored in `cases.state` / `cases.fold_cursor` and read back. */
const asStored = (f: CaseFold): CaseFold => JSON.parse(JSON.stringify(f)) as CaseFold
const key = (e: StoredEvent) => `${e.source}\u0000${e.eventId}`

/** A joint case's events (two parts, stages per part, a late stage going back, two conclusions). */
function jointCase(caseNo: string): Omit<StoredEvent, 'seq'>[] {
  const base = { source: 's1', subject: 'case' as const, subjectNo: caseNo, receivedAt: '' }
  const at = (h: number) => new Date(T0 + h * 3600_000).toISOString()
  const ev = (id: number, h: number, kind: StoredEvent['kind'], dept: string, body: Record<string, unknown>) =>
    ({ ...base, eventId: `${caseNo}-j${id}`, kind, departmentCode: dept, occurredAt: at(h), body }) as Omit<StoredEvent, 'seq'>
  return [
    ev(1, 0, 'accepted', 'A', { itemCode: 'I', caseType: 'joint', applicant: { name: 'x' }, jointDepartments: ['A', 'B'] }),
    ev(2, 1, 'stage', 'A', { stage: 'undertaken', handler: 'h1' }),
    ev(3, 2, 'stage', 'B', { stage: 'reviewed', handler: 'h2' }),
    ev(4, 3, 'concluded', 'A', { result: 'approved', fee: 10 }),
    ev(5, 4, 'stage', 'B', { stage: 'undertaken', handler: 'h2' }),
    ev(6, 5, 'feeCharged', 'B', { amount: 5 }),
    ev(7, 6, 'concluded', 'B', { result: 'approved', certificateNo: 'Z' }),
  ]
}

const scenario = fc.record({
  joint: fc.boolean(),
  supplement: fc.boolean(),
  suspend: fc.boolean(),
  fee: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  seed: fc.integer({ min: 1, max: 1e6 }),
}).chain((o) => {
  const events: Omit<StoredEvent, 'seq'>[] = o.joint
    ? jointCase('J1')
    : caseLifecycle('P1', 'D1', T0, o).map((e) => ({
        eventId: e.eventId, source: 's1', kind: e.kind, occurredAt: e.occurredAt, subject: 'case' as const,
        subjectNo: e.caseNo as string, departmentCode: e.departmentCode, body: e.body as StoredEvent['body'], receivedAt: e.occurredAt,
      }))
  return fc.tuple(
    fc.constant(events),
    // received order: in order, or shuffled (late events)
    fc.oneof(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })),
    // re-deliveries of some events (the store keeps the first copy, but a job may read both)
    fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 4 }),
    // the projection jobs: cut points in the received order
    fc.array(fc.integer({ min: 1, max: events.length + 4 }), { maxLength: 5 }),
  )
})

describe('resumeCaseFold (incremental fold)', () => {
  it('gives exactly the full fold, or null, for random orders, duplicates, late events and job boundaries (property)', () => {
    fc.assert(
      fc.property(scenario, ([, received, dupIdx, cuts]) => {
        const all = [...received, ...dupIdx.map((i) => received[i]!)].map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent)
        const bounds = [...new Set([0, ...cuts.filter((c) => c < all.length), all.length])].sort((a, b) => a - b)
        // the projection's loop: each job folds the events received since the previous one onto
        // the stored fold, or all events received so far when one of them is late
        let stored: CaseFold | null = null
        const folded = new Set<string>()
        for (let j = 1; j < bounds.length; j++) {
          const soFar = all.slice(0, bounds[j])
          // the store keeps one copy of each source + event id: a re-delivery is not stored again
          const fresh = all.slice(bounds[j - 1], bounds[j]).filter((e) => !folded.has(key(e)))
          const resumed: CaseFold | null = stored ? resumeCaseFold(asStored(stored), fresh) : null
          const full = foldCaseWithCursor(soFar)
          if (resumed) expect(resumed).toEqual(full)
          stored = resumed ?? full
          for (const e of fresh) folded.add(key(e))
        }
        expect(stored).toEqual(foldCaseWithCursor(all))
      }),
      { numRuns: 1000 },
    )
  })

  it('resumes whenever the new events come after the stored ones (events arriving in order)', () => {
    fc.assert(
      fc.property(scenario, ([inOrder, , , cuts]) => {
        const all = inOrder.map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent)
        const cut = Math.min(cuts[0] ?? 1, all.length - 1)
        const prefix = foldCaseWithCursor(all.slice(0, cut))!
        const resumed = resumeCaseFold(asStored(prefix), all.slice(cut))
        expect(resumed).not.toBeNull()
        expect(resumed).toEqual(foldCaseWithCursor(all))
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a late event (it must be folded in its place, with every other event)', () => {
    const all = jointCase('J2').map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent)
    const withoutSecond = [all[0]!, ...all.slice(2)]
    const stored = asStored(foldCaseWithCursor(withoutSecond)!)
    expect(resumeCaseFold(stored, [{ ...all[1]!, seq: 99 }])).toBeNull()
    // nothing new: the stored fold as it is
    expect(resumeCaseFold(stored, [])).toEqual(foldCaseWithCursor(withoutSecond))
  })

  it('does not modify the fold it resumes', () => {
    const all = jointCase('J3').map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent)
    const stored = asStored(foldCaseWithCursor(all.slice(0, 3))!)
    const copy = structuredClone(stored)
    resumeCaseFold(stored, all.slice(3))
    expect(stored).toEqual(copy)
  })
})

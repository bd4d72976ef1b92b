import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { foldCase, orderEvents } from './foldCase.ts'
import { caseLifecycle, type RawEvent } from '../events/fixtures.ts'
import type { StoredEvent } from '../events/schema.ts'

const stored = (raw: RawEvent[]): StoredEvent[] =>
  raw.map((e, i) => ({
    eventId: e.eventId,
    source: 's1',
    kind: e.kind,
    occurredAt: e.occurredAt,
    subject: 'case',
    subjectNo: e.caseNo as string,
    departmentCode: e.departmentCode,
    body: e.body as StoredEvent['body'],
    seq: i + 1,
    receivedAt: e.occurredAt,
  }))

const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)

describe('foldCase', () => {
  it('folds a full lifecycle into a concluded case with its stages, fee and supplement', () => {
    const s = foldCase(stored(caseLifecycle('C1', 'D1', T0, { supplement: true, suspend: true, fee: 50 })))
    expect(s).not.toBeNull()
    expect(s!.status).toBe('concluded')
    expect(s!.result).toBe('approved')
    expect(s!.certificateNo).toBe('ZS-C1')
    expect(s!.feeCharged).toBe(50)
    expect(s!.supplements).toHaveLength(1)
    expect(s!.supplements[0]!.suppliedAt).not.toBeNull()
    expect(s!.suspensions).toHaveLength(1)
    expect(s!.suspensions[0]!.to).not.toBeNull()
    expect(s!.stages.map((x) => x.stage)).toEqual(['submitted', 'accepted', 'undertaken', 'reviewed', 'approved', 'concluded'])
    expect(s!.promisedLimit).toEqual({ value: 10, unit: 'workday' })
    expect(s!.anomalies).toEqual([])
  })

  it('is in progress at the stage reached when the conclusion has not arrived', () => {
    const events = stored(caseLifecycle('C2', 'D1', T0)).filter((e) => e.kind !== 'concluded' && !(e.kind === 'stage' && (e.body as { stage: string }).stage === 'approved'))
    expect(foldCase(events)!.status).toBe('reviewed')
  })

  it('flags procedure anomalies: conclusion without acceptance, a stage going back, a second supplement, return without reason', () => {
    const base = { source: 's', subject: 'case' as const, subjectNo: 'C3', departmentCode: 'D1', receivedAt: '' }
    const ev = (seq: number, kind: StoredEvent['kind'], at: string, body: Record<string, unknown>): StoredEvent =>
      ({ ...base, seq, eventId: `e${seq}`, kind, occurredAt: at, body }) as StoredEvent
    const a = foldCase([ev(1, 'concluded', '2025-10-09T01:00:00.000Z', { result: 'approved' })])!
    expect(a.anomalies.map((x) => x.rule)).toEqual(['concludedWithoutAcceptance'])
    const b = foldCase([
      ev(1, 'accepted', '2025-10-09T01:00:00.000Z', { itemCode: 'I', caseType: 'promised', applicant: { name: 'x' } }),
      ev(2, 'stage', '2025-10-09T02:00:00.000Z', { stage: 'reviewed', handler: 'h' }),
      ev(3, 'stage', '2025-10-09T03:00:00.000Z', { stage: 'undertaken', handler: 'h' }),
      ev(4, 'supplementRequested', '2025-10-09T04:00:00.000Z', { materials: ['a'] }),
      ev(5, 'supplementSupplied', '2025-10-09T05:00:00.000Z', {}),
      ev(6, 'supplementRequested', '2025-10-09T06:00:00.000Z', { materials: ['b'] }),
      ev(7, 'returned', '2025-10-09T07:00:00.000Z', { reason: '  ' }),
    ])!
    expect(b.anomalies.map((x) => x.rule)).toEqual(['stageOutOfOrder', 'repeatedSupplementRequest', 'returnedWithoutReason'])
    expect(b.status).toBe('returned')
  })

  it('concludes a joint case only when every department has concluded its part', () => {
    const base = { source: 's', subject: 'case' as const, subjectNo: 'J1', receivedAt: '' }
    const ev = (seq: number, kind: StoredEvent['kind'], dept: string, body: Record<string, unknown>): StoredEvent =>
      ({ ...base, seq, eventId: `e${seq}`, kind, departmentCode: dept, occurredAt: `2025-10-09T0${seq}:00:00.000Z`, body }) as StoredEvent
    const accepted = ev(1, 'accepted', 'A', { itemCode: 'I', caseType: 'joint', applicant: { name: 'x' }, jointDepartments: ['A', 'B', 'C'] })
    const partA = ev(2, 'concluded', 'A', { result: 'approved' })
    const partB = ev(3, 'concluded', 'B', { result: 'approved' })
    const partC = ev(4, 'concluded', 'C', { result: 'approved', certificateNo: 'Z1' })
    expect(foldCase([accepted, partA, partB])!.status).not.toBe('concluded')
    const all = foldCase([accepted, partA, partB, partC])!
    expect(all.status).toBe('concluded')
    expect(all.concludedAt).toBe(partC.occurredAt)
    expect(all.jointConcluded).toEqual(['A', 'B', 'C'])
  })

  it('lets each part of a joint case move through its stages after another part has concluded (no out-of-order anomaly)', () => {
    const base = { source: 's', subject: 'case' as const, subjectNo: 'J2', receivedAt: '' }
    const ev = (seq: number, kind: StoredEvent['kind'], dept: string, body: Record<string, unknown>): StoredEvent =>
      ({ ...base, seq, eventId: `e${seq}`, kind, departmentCode: dept, occurredAt: `2025-10-09T0${seq}:00:00.000Z`, body }) as StoredEvent
    const events = [
      ev(1, 'accepted', 'A', { itemCode: 'I', caseType: 'joint', applicant: { name: 'x' }, jointDepartments: ['A', 'B'] }),
      ev(2, 'stage', 'A', { stage: 'undertaken', handler: 'h' }),
      ev(3, 'concluded', 'A', { result: 'approved' }),
      ev(4, 'stage', 'B', { stage: 'undertaken', handler: 'h' }),
      ev(5, 'stage', 'B', { stage: 'reviewed', handler: 'h' }),
    ]
    const s = foldCase(events)!
    expect(s.anomalies).toEqual([])
    expect(s.status).toBe('reviewed')
    // a part's own stages still must not go back
    const back = foldCase([...events, ev(6, 'stage', 'B', { stage: 'undertaken', handler: 'h' })])!
    expect(back.anomalies.map((a) => a.rule)).toEqual(['stageOutOfOrder'])
    // and once every part has concluded the case is concluded
    const done = foldCase([...events, ev(6, 'concluded', 'B', { result: 'approved' })])!
    expect(done.status).toBe('concluded')
    expect(done.concludedAt).toBe('2025-10-09T06:00:00.000Z')
  })

  it('gives the same state for any permutation and duplication of the events (property)', () => {
    const options = fc.record({ supplement: fc.boolean(), suspend: fc.boolean(), fee: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }), seed: fc.integer({ min: 1, max: 1e6 }) })
    fc.assert(
      fc.property(
        options.chain((o) => {
          const events = stored(caseLifecycle('P1', 'D1', T0, o))
          return fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 6 }),
          )
        }),
        ([inOrder, shuffled, dupIdx]) => {
          // received order = the shuffled order, plus re-deliveries of some events at the end
          const received = [...shuffled, ...dupIdx.map((i) => shuffled[i]!)].map((e, i) => ({ ...e, seq: i + 1 }))
          expect(foldCase(received)).toEqual(foldCase(inOrder))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('orders simultaneous events of different kinds by lifecycle, not by arrival', () => {
    const at = '2025-10-09T01:00:00.000Z'
    const mk = (seq: number, kind: StoredEvent['kind'], body: Record<string, unknown>): StoredEvent =>
      ({ seq, eventId: `e-${kind}`, source: 's', kind, occurredAt: at, subject: 'case', subjectNo: 'C', departmentCode: 'D', body, receivedAt: at }) as StoredEvent
    const ordered = orderEvents([mk(1, 'concluded', { result: 'approved' }), mk(2, 'accepted', { itemCode: 'I', caseType: 'immediate', applicant: { name: 'x' } })])
    expect(ordered.map((e) => e.kind)).toEqual(['accepted', 'concluded'])
  })
})

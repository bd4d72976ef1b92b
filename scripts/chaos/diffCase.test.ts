import { describe, expect, it } from 'vitest'
import { canonical, diffCase, type FreshCase, type StoredCase } from './diffCase.ts'

const NOW = Date.parse('2026-12-05T04:00:00Z')

function pair(): { stored: StoredCase; fresh: FreshCase } {
  const state = { caseNo: 'C1', eventCount: 3, supplements: [{ requestedAt: '2026-11-20T01:00:00.000Z', suppliedAt: null, materials: ['a'] }], feeCharged: 50 }
  const fresh: FreshCase = {
    row: { case_no: 'C1', department_code: 'D1', status: 'accepted', fee_charged: 50, event_count: 3, supplement_count: 1, accepted_at: '2026-11-20T01:00:00.000Z', state, applicant: null },
    clock: { clock_status: 'running', deadline_date: '2026-12-04', warning_from: '2026-12-04', yellow_from: '2026-12-07', red_from: '2026-12-11', level: 'yellow', next_transition_at: '2026-12-10T16:00:00.000Z', stop: null, excluded_from: [] },
    stages: [{ stage: 'accepted', at: '2026-11-20T01:00:00.000Z', eventId: 'e2' }],
  }
  // as PostgreSQL's to_jsonb gives them: numeric as number, timestamptz with an offset, keys reordered
  const stored: StoredCase = {
    cases: { state: { feeCharged: 50, supplements: [{ materials: ['a'], suppliedAt: null, requestedAt: '2026-11-20T01:00:00.000Z' }], eventCount: 3, caseNo: 'C1' }, case_no: 'C1', department_code: 'D1', status: 'accepted', fee_charged: 50.0, event_count: 3, supplement_count: 1, accepted_at: '2026-11-20T09:00:00+08:00', applicant: null, version: 7 },
    clock: { clock_status: 'running', deadline_date: '2026-12-04', warning_from: '2026-12-04', yellow_from: '2026-12-07', red_from: '2026-12-11', level: 'yellow', next_transition_at: '2026-12-11T00:00:00+08:00', stop: null, excluded_from: [] },
    stages: [{ case_no: 'C1', seq: 1, stage: 'accepted', at: '2026-11-20T09:00:00+08:00', event_id: 'e2' }],
  }
  return { stored, fresh }
}

describe('diffCase', () => {
  it('finds nothing when the stored rows are the fresh ones in PostgreSQL dress', () => {
    const { stored, fresh } = pair()
    expect(diffCase(stored, fresh, { nowMs: NOW })).toEqual([])
  })

  it('names each field that differs', () => {
    const { stored, fresh } = pair()
    stored.cases!.fee_charged = 80
    stored.cases!.event_count = 2
    ;(stored.cases!.state as { supplements: unknown[] }).supplements = []
    stored.clock!.deadline_date = '2026-12-05'
    expect(diffCase(stored, fresh, { nowMs: NOW })).toEqual(['cases.fee_charged', 'cases.state', 'cases.event_count', 'case_clocks.deadline_date'])
  })

  it('compares the stages in order, by stage, instant and event', () => {
    const { stored, fresh } = pair()
    expect(diffCase({ ...stored, stages: [] }, fresh, { nowMs: NOW })).toEqual(['case_stages'])
    expect(diffCase({ ...stored, stages: [{ ...stored.stages[0]!, at: '2026-11-20T09:00:01+08:00' }] }, fresh, { nowMs: NOW })).toEqual(['case_stages'])
  })

  it('reports missing rows', () => {
    const { stored, fresh } = pair()
    expect(diffCase({ cases: null, clock: null, stages: [] }, fresh, { nowMs: NOW })).toEqual(['cases: missing'])
    expect(diffCase({ ...stored, clock: null }, fresh, { nowMs: NOW })).toEqual(['case_clocks: missing'])
  })

  it('leaves the level to the sweep once the stored next transition has passed', () => {
    const { stored, fresh } = pair()
    fresh.clock.level = 'red'
    expect(diffCase(stored, fresh, { nowMs: NOW })).toEqual(['case_clocks.level'])
    const later = Date.parse('2026-12-11T00:00:00+08:00')
    expect(diffCase(stored, fresh, { nowMs: later })).toEqual([])
  })
})

describe('canonical', () => {
  it('ignores key order and undefined members, not array order', () => {
    expect(canonical({ b: 1, a: { d: [1, 2], c: undefined } })).toBe(canonical({ a: { d: [1, 2] }, b: 1 }))
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]))
  })
})

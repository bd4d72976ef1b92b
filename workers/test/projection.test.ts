import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { foldCase } from '../../domain/case/foldCase.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { createHarness, DEPTS, type Harness } from '../../test/harness.ts'
import { processProjectJob } from '../project.ts'
import { createContextProvider } from '../../sql/clockContext.ts'

let h: Harness
const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)

beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

const post = async (events: RawEvent[]) => {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.statusCode).toBe(202)
  return res.json()
}
const caseRow = async (caseNo: string) =>
  (await h.db.pool.query('SELECT status, state, version, fee_charged, supplement_count, suspended FROM cases WHERE case_no = $1', [caseNo])).rows[0]

describe('projection worker', () => {
  it('writes the state the domain fold computes, with the stage history', async () => {
    const events = caseLifecycle('PRJ-1', DEPTS[0], T0, { supplement: true, suspend: true, fee: 80 })
    await post(events)
    await h.waitProjected()
    const row = await caseRow('PRJ-1')
    const expected = foldCase(
      events.map((e, i) => ({ ...e, source: 'test-source', subject: 'case', subjectNo: e.caseNo!, seq: i, receivedAt: '' }) as unknown as StoredEvent),
    )
    expect(row.state).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(row.status).toBe('concluded')
    expect(Number(row.fee_charged)).toBe(80)
    expect(row.supplement_count).toBe(1)
    const stages = (await h.db.pool.query('SELECT stage FROM case_stages WHERE case_no = $1 ORDER BY seq', ['PRJ-1'])).rows.map((r) => r.stage)
    expect(stages).toEqual(['submitted', 'accepted', 'undertaken', 'reviewed', 'approved', 'concluded'])
  })

  it('changes nothing when re-run', async () => {
    const before = await caseRow('PRJ-1')
    const result = await processProjectJob(h.db.pool, { cases: ['PRJ-1'], petitions: [] }, { context: createContextProvider(h.db.pool) })
    expect(result.casesWritten).toEqual([])
    expect(await caseRow('PRJ-1')).toEqual(before)
  })

  it('gives the same state for events that arrive late, out of order and twice as for the same events in order', async () => {
    const inOrder = caseLifecycle('ORD-A', DEPTS[0], T0, { supplement: true, fee: 20 })
    const scrambled = caseLifecycle('ORD-B', DEPTS[0], T0, { supplement: true, fee: 20 })
    await post(inOrder)
    // ORD-B: the conclusion first, then the rest reversed in three batches, with re-deliveries.
    const rev = [...scrambled].reverse()
    await post(rev.slice(0, 3))
    await h.waitProjected()
    // On this partial view the conclusion has no acceptance before it: a procedure anomaly ...
    const partial = await caseRow('ORD-B')
    expect(partial.state.anomalies.map((a: { rule: string }) => a.rule)).toContain('concludedWithoutAcceptance')
    await post([...rev.slice(3, 6), rev[0]!])
    await post([...rev.slice(6), rev[1]!, rev[4]!])
    await h.waitProjected()
    const a = await caseRow('ORD-A')
    const b = await caseRow('ORD-B')
    const norm = (s: Record<string, unknown>) => JSON.parse(JSON.stringify(s).replaceAll('ORD-A', 'ORD-X').replaceAll('ORD-B', 'ORD-X'))
    expect(norm(b.state)).toEqual(norm(a.state))
    expect(b.status).toBe('concluded')
    // ... which disappears once the acceptance has arrived: the state is a fold, not an increment.
    expect(b.state.anomalies).toEqual([])
  })

  it('projects every event of cases posted in concurrent batches', async () => {
    const batches = Array.from({ length: 8 }, (_, i) => caseLifecycle(`CONC-${i % 4}`, DEPTS[1], T0 + i * 1000, { seed: i }).map((e) => ({ ...e, eventId: `${e.eventId}-b${i}` })))
    await Promise.all(batches.map((b) => post(b)))
    await h.waitProjected()
    const { rows } = await h.db.pool.query(`SELECT case_no, event_count FROM cases WHERE case_no LIKE 'CONC-%' ORDER BY case_no`)
    const perCase = (i: number) => batches.filter((_, b) => b % 4 === i).reduce((n, b) => n + b.length, 0)
    expect(rows).toEqual([0, 1, 2, 3].map((i) => ({ case_no: `CONC-${i}`, event_count: perCase(i) })))
  })
})

/**
 * The checks `npm run chaos` and `npm run restore` rely on must see what they are for: a lost,
 * doubled or unprojected event, and a case row, clock or stage that differs from a fresh fold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle } from '../../domain/events/fixtures.ts'
import { createHarness, DEPTS, type Harness } from '../../test/harness.ts'
import { countEventCopies, verifyCaseStates } from './verifyStore.ts'

const T0 = Date.parse('2026-11-02T01:00:00Z')
const CASES = ['VS-1', 'VS-2', 'VS-3', 'VS-4', 'VS-5']
let h: Harness
let ids: string[]

beforeAll(async () => {
  h = await createHarness()
  const events = CASES.flatMap((c, i) => caseLifecycle(c, DEPTS[i % 2]!, T0 + i * 3_600_000, { supplement: i % 2 === 0, suspend: i === 1, fee: i * 40 }))
  ids = events.map((e) => e.eventId)
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.statusCode).toBe(202)
  await h.waitProjected()
})
afterAll(async () => {
  await h?.close()
})

describe('verifyStore', () => {
  it('finds a projected store whole and equal to a fresh fold', async () => {
    expect(await countEventCopies(h.db.pool, 'test-source', ids)).toEqual({ lost: [], duplicated: [], unprojected: [] })
    const r = await verifyCaseStates(h.db.pool)
    expect(r).toEqual({ checked: CASES.length, mismatched: [] })
  })

  it('reports lost, doubled and unprojected events', async () => {
    const copy = ids[3]!
    // a second copy of a stored event, queued for the projection as ingest queues what it stores
    await h.db.pool.query(
      `WITH c AS (
         INSERT INTO events (source, event_id, occurred_at, received_at, case_no, department_code, kind, body)
         SELECT source, event_id, occurred_at, received_at, case_no, department_code, kind, body FROM events WHERE event_id = $1
         RETURNING seq, case_no, received_at)
       INSERT INTO unprojected_events (seq, case_no, received_at) SELECT seq, case_no, received_at FROM c`,
      [copy],
    )
    const r = await countEventCopies(h.db.pool, 'test-source', [...ids, 'never-stored'])
    expect(r.lost).toEqual(['never-stored'])
    expect(r.duplicated).toEqual([copy])
    expect(r.unprojected).toEqual([copy])
    await h.db.pool.query(
      `WITH q AS (DELETE FROM unprojected_events u USING events e WHERE e.seq = u.seq AND e.event_id = $1 RETURNING u.seq)
       DELETE FROM events WHERE seq IN (SELECT seq FROM q)`,
      [copy],
    )
  })

  it('names the cases whose rows differ from a fresh fold, and the fields', async () => {
    await h.db.pool.query(`UPDATE cases SET fee_charged = 999 WHERE case_no = 'VS-2'`)
    await h.db.pool.query(`UPDATE case_clocks SET deadline_date = deadline_date + 1 WHERE case_no = 'VS-3'`)
    await h.db.pool.query(`DELETE FROM case_stages WHERE case_no = 'VS-4' AND seq = 2`)
    // an event stored but never projected: the fold has one event more than the row
    await h.db.pool.query(
      `INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body)
       VALUES ('test-source', 'VS-5-late', '2026-11-03T02:00:00Z', 'VS-5', $1, 'feeCharged', '{"amount": 10}')`,
      [DEPTS[0]],
    )
    const r = await verifyCaseStates(h.db.pool)
    expect(r.checked).toBe(CASES.length)
    const byCase = Object.fromEntries(r.mismatched.map((m) => [m.caseNo, m.fields]))
    expect(Object.keys(byCase).sort()).toEqual(['VS-2', 'VS-3', 'VS-4', 'VS-5'])
    expect(byCase['VS-2']).toEqual(['cases.fee_charged'])
    expect(byCase['VS-3']).toEqual(['case_clocks.deadline_date'])
    expect(byCase['VS-4']).toEqual(['case_stages'])
    expect(byCase['VS-5']).toEqual(expect.arrayContaining(['cases.state', 'cases.event_count', 'cases.fee_charged']))
    // only the cases asked for
    expect((await verifyCaseStates(h.db.pool, { caseNos: ['VS-1', 'VS-2'] })).mismatched.map((m) => m.caseNo)).toEqual(['VS-2'])
  })
})

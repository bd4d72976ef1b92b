/**
 * Automatic cards and level changes carry the instant the case crossed its threshold (00:00 local
 * of the yellow or red day) or broke its rule (the event's time), not the time the projection of a
 * backfill or a late sweep ran; the wall's ticker shows and orders them by that instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RawEvent } from '../../domain/events/fixtures.ts'
import { createHarness, DEPTS, JURISDICTION, type Harness } from '../../test/harness.ts'
import { createContextProvider, type ContextProvider } from '../../sql/clockContext.ts'
import { readWallHotPanels } from '../../sql/wall.ts'
import { projectCases } from '../project.ts'
import { sweepLevels } from '../sweep.ts'

let h: Harness
let context: ContextProvider
const local = (s: string) => new Date(`${s}+08:00`).toISOString()

// Accepted Monday 3 Nov 2025, 3 working days: deadline Thu 6 Nov, yellow from Fri 7 Nov, red from
// the 5th working day after the deadline day, Thu 13 Nov.
const accepted = (caseNo: string): RawEvent => ({
  eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: local('2025-11-03T10:00:00'), caseNo, departmentCode: DEPTS[0],
  body: { itemCode: 'ITEM-X', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: 3, unit: 'workday' } },
})
const NOW = Date.parse(local('2025-11-20T16:09:17')) // a week after the red day

async function post(events: RawEvent[]) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.json()).toMatchObject({ rejected: 0 })
}
const cardsOf = async (caseNo: string) =>
  (await h.db.pool.query<{ rule: string; color: string; effective_at: Date; issued_at: Date }>(`SELECT rule, color, effective_at, issued_at FROM cards WHERE subject_no = $1 AND color IS NOT NULL ORDER BY id`, [caseNo])).rows
    .map((r) => ({ rule: r.rule, color: r.color, effectiveAt: r.effective_at.toISOString(), recordedLater: r.issued_at.getTime() > r.effective_at.getTime() }))
const changesOf = async (caseNo: string) =>
  (await h.db.pool.query<{ from_level: string; to_level: string; effective_at: Date; source: string }>(`SELECT from_level, to_level, effective_at, source FROM level_changes WHERE subject_no = $1 ORDER BY id`, [caseNo])).rows
    .map((r) => ({ from: r.from_level, to: r.to_level, at: r.effective_at.toISOString(), source: r.source }))

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  context = createContextProvider(h.db.pool)
})
afterAll(async () => {
  await h?.close()
})

describe('card and level-change times', () => {
  it('a backfill projected a week after the red day records the threshold instants', async () => {
    await post([accepted('CT-BACKFILL')])
    await projectCases(h.db.pool, ['CT-BACKFILL'], { context, nowMs: NOW })
    expect(await changesOf('CT-BACKFILL')).toEqual([{ from: 'normal', to: 'red', at: local('2025-11-13T00:00:00'), source: 'projection' }])
    expect(await cardsOf('CT-BACKFILL')).toEqual([
      { rule: 'overdue', color: 'yellow', effectiveAt: local('2025-11-07T00:00:00'), recordedLater: true },
      { rule: 'overdue', color: 'red', effectiveAt: local('2025-11-13T00:00:00'), recordedLater: true },
    ])
  })

  it('a sweep that runs days after the thresholds records them, not its own time', async () => {
    await post([accepted('CT-SWEEP')])
    await projectCases(h.db.pool, ['CT-SWEEP'], { context, nowMs: Date.parse(local('2025-11-04T09:00:00')) })
    expect(await changesOf('CT-SWEEP')).toEqual([])
    await sweepLevels(h.db.pool, NOW)
    expect(await changesOf('CT-SWEEP')).toEqual([{ from: 'normal', to: 'red', at: local('2025-11-13T00:00:00'), source: 'sweep' }])
    expect(await cardsOf('CT-SWEEP')).toEqual([
      { rule: 'overdue', color: 'yellow', effectiveAt: local('2025-11-07T00:00:00'), recordedLater: true },
      { rule: 'overdue', color: 'red', effectiveAt: local('2025-11-13T00:00:00'), recordedLater: true },
    ])
    // a sweep on time records the same instant as the threshold
    await post([{ ...accepted('CT-ONTIME'), occurredAt: local('2025-11-10T10:00:00') }])
    await projectCases(h.db.pool, ['CT-ONTIME'], { context, nowMs: Date.parse(local('2025-11-10T11:00:00')) })
    await sweepLevels(h.db.pool, Date.parse(local('2025-11-13T00:00:05')))
    expect((await changesOf('CT-ONTIME')).map((c) => c.at)).toEqual([local('2025-11-13T00:00:00')])
  })

  it('a procedure card takes the time of the event that broke the rule; a move down takes effect when recorded', async () => {
    await post([
      { ...accepted('CT-RETURN'), occurredAt: local('2025-11-03T10:00:00') },
      { eventId: 'CT-RETURN-2', kind: 'returned', occurredAt: local('2025-11-05T15:20:00'), caseNo: 'CT-RETURN', departmentCode: DEPTS[0], body: { handler: '王' } },
    ])
    await projectCases(h.db.pool, ['CT-RETURN'], { context, nowMs: NOW })
    expect(await cardsOf('CT-RETURN')).toEqual([{ rule: 'procedure.returnedWithoutReason', color: 'yellow', effectiveAt: local('2025-11-05T15:20:00'), recordedLater: true }])
  })

  it("the wall's ticker shows and orders cards by the instant they took effect", async () => {
    const { cards } = await readWallHotPanels(h.db.pool, JURISDICTION, new Date(NOW))
    expect(cards.map((c) => c.effectiveAt)).toEqual([
      local('2025-11-13T00:00:00'), local('2025-11-13T00:00:00'), local('2025-11-07T00:00:00'), local('2025-11-07T00:00:00'), local('2025-11-05T15:20:00'),
    ])
    for (const c of cards) expect(Date.parse(c.issuedAt)).toBeGreaterThanOrEqual(Date.parse(c.effectiveAt))
  })
})

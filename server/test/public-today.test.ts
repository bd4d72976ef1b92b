/**
 * The public home page's figures (`GET /api/v1/public/today`) against the real PostgreSQL and
 * Redis with the workers projecting: cases received and concluded today and this month's on-time
 * rate, the same counts the wall shows, with no personal data, reused from memory for a while.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createHarness, JURISDICTION, type Harness } from '../../test/harness.ts'
import { readWallHotPanels } from '../../sql/wall.ts'
import { TODAY_TTL_MS } from '../public/today.ts'
import { GUIDE_ITEMS, ingestConcludedCases, SCJG, SEEDED_PEOPLE, seedGuideItems } from './public-fixtures.ts'
import { oneBusinessDayHookTimeout, withinOneBusinessDay } from '../../test/businessDay.ts'

let h: Harness
const DAY = 86_400_000

// the file seeds today's cases and counts them in several tests: it runs inside one business day
// (its span 180 s; today's cases are seeded up to 2 minutes back)
const DAY_SPAN_MS = 180_000
const DAY_SETTLE_MS = 180_000
beforeAll(async () => {
  await withinOneBusinessDay(DAY_SPAN_MS, DAY_SETTLE_MS)
  h = await createHarness({ security: { rateLimit: { enabled: false } } })
  await seedGuideItems(h.db.pool)
  // three concluded today, on time
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 3, 'TODAY-S')
  const person = SEEDED_PEOPLE[1]
  const at = (ms: number) => new Date(Date.now() - ms).toISOString()
  const events = [
    // accepted today, still open
    { eventId: 'TODAY-OPEN-a', kind: 'accepted', occurredAt: at(120_000), caseNo: 'TODAY-OPEN', departmentCode: SCJG, body: { itemCode: GUIDE_ITEMS.food.code, caseType: 'promised', applicant: { ...person }, handler: '窗口乙' } },
    // accepted 40 days ago (promised 10 working days), concluded today: late
    { eventId: 'TODAY-LATE-a', kind: 'accepted', occurredAt: at(40 * DAY), caseNo: 'TODAY-LATE', departmentCode: SCJG, body: { itemCode: GUIDE_ITEMS.food.code, caseType: 'promised', applicant: { ...person }, handler: '窗口乙' } },
    { eventId: 'TODAY-LATE-c', kind: 'concluded', occurredAt: at(30_000), caseNo: 'TODAY-LATE', departmentCode: SCJG, body: { result: 'approved' } },
  ]
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  if (res.statusCode !== 202) throw new Error(`ingest: ${res.statusCode} ${res.body}`)
  await h.waitProjected()
}, 60_000 + oneBusinessDayHookTimeout(DAY_SPAN_MS, DAY_SETTLE_MS))

afterAll(async () => {
  await h?.close()
})

describe('the public home page figures', () => {
  it("counts today's received and concluded cases and this month's on-time rate, as the wall does", async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/public/today' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=30')
    const t = res.json()
    const shanghaiDay = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    expect(t).toMatchObject({ day: shanghaiDay, received: 4, concluded: 4, concludedMonth: 4, onTimeMonth: 3, onTimeRateMonth: 0.75 })
    // the same numbers the supervision office's wall shows
    const wall = await readWallHotPanels(h.db.pool, JURISDICTION, new Date())
    expect([wall.tiles.receivedToday, wall.tiles.concludedToday, wall.tiles.onTimeRateMonth]).toEqual([t.received, t.concluded, t.onTimeRateMonth])
    for (const p of SEEDED_PEOPLE) for (const v of Object.values(p)) expect(res.body).not.toContain(v)
    expect(res.body).not.toContain('窗口乙')
  })

  it('answers from memory: a case concluded since shows once the answer is older than its 30 s', async () => {
    const first = (await h.app.inject({ method: 'GET', url: '/api/v1/public/today' })).json()
    await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 1, 'TODAY-MORE')
    await h.waitProjected()
    const again = (await h.app.inject({ method: 'GET', url: '/api/v1/public/today' })).json()
    expect(again).toEqual(first)
    // 31 s later (the clock moved, nothing else): the next reads compute the figures again
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
    try {
      vi.setSystemTime(Date.now() + TODAY_TTL_MS + 1_000)
      await expect
        .poll(async () => (await h.app.inject({ method: 'GET', url: '/api/v1/public/today' })).json(), { timeout: 5_000 })
        .toMatchObject({ received: first.received + 1, concluded: first.concluded + 1, concludedMonth: first.concludedMonth + 1 })
    } finally {
      vi.useRealTimers()
    }
  })

  it('refuses a malformed jurisdiction and names an unknown one', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/public/today?jurisdiction=44' })).statusCode).toBe(400)
    const unknown = await h.app.inject({ method: 'GET', url: '/api/v1/public/today?jurisdiction=999999' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' })
  })
})

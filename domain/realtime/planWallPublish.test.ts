import { describe, expect, it } from 'vitest'
import { planWallPublish, type WallPublishState } from './planWallPublish.ts'

const base: WallPublishState = { dirty: true, lastPublishedAt: null, lastCheckedAt: null, now: 10_000, minIntervalMs: 500, recheckMs: 30_000 }

describe('planWallPublish', () => {
  it('publishes at once after a quiet period (leading edge)', () => {
    expect(planWallPublish(base)).toEqual({ action: 'publish' })
    expect(planWallPublish({ ...base, lastPublishedAt: 9_000, lastCheckedAt: 9_000 })).toEqual({ action: 'publish' })
  })
  it('waits for the end of the interval after a publication (by any process)', () => {
    expect(planWallPublish({ ...base, lastPublishedAt: 9_800, lastCheckedAt: 5_000 })).toEqual({ action: 'wait', at: 10_300 })
    expect(planWallPublish({ ...base, lastPublishedAt: 9_500 })).toEqual({ action: 'publish' }) // exactly 500 ms later
  })
  it('with nothing changed waits for the recheck, then reads', () => {
    expect(planWallPublish({ ...base, dirty: false, lastPublishedAt: 9_000, lastCheckedAt: 9_000 })).toEqual({ action: 'wait', at: 39_000 })
    expect(planWallPublish({ ...base, dirty: false, lastPublishedAt: 9_000, lastCheckedAt: 9_000, now: 39_000 })).toEqual({ action: 'publish' })
    expect(planWallPublish({ ...base, dirty: false, lastCheckedAt: null })).toEqual({ action: 'publish' })
  })
  it('coalesces 1,000 changes per second into at most 2 publications per second (simulated clock)', () => {
    // three processes, each notified of every change, share lastPublishedAt (as in Redis)
    let shared: number | null = null
    const procs = [0, 1, 2].map(() => ({ dirty: false, lastCheckedAt: null as number | null, wakeAt: 0 }))
    const published: number[] = []
    for (let now = 0; now < 10_000; now++) {
      for (const p of procs) {
        p.dirty = true // one change per millisecond reaches every process
        if (now < p.wakeAt) continue
        const plan = planWallPublish({ dirty: p.dirty, lastPublishedAt: shared, lastCheckedAt: p.lastCheckedAt, now, minIntervalMs: 500, recheckMs: 30_000 })
        if (plan.action === 'wait') {
          p.wakeAt = plan.at
          continue
        }
        p.dirty = false
        p.lastCheckedAt = now
        shared = now
        published.push(now)
      }
    }
    expect(published.length).toBe(20)
    for (let i = 1; i < published.length; i++) expect(published[i]! - published[i - 1]!).toBeGreaterThanOrEqual(500)
    // and no change waits longer than the interval
    expect(published[0]).toBe(0)
    expect(Math.max(...published.slice(1).map((t, i) => t - published[i]!))).toBe(500)
  })
})

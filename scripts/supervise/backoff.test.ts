import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, planRestart, restartDelay, type BackoffPolicy } from './backoff.ts'

const policy: BackoffPolicy = { initialMs: 250, factor: 2, maxMs: 5_000, stableMs: 60_000 }

describe('restart backoff', () => {
  it('doubles the wait for each crash in a row, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(n, policy))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000])
  })

  it('never overflows past the cap, however long the series', () => {
    expect(restartDelay(5_000, policy)).toBe(5_000)
    expect(restartDelay(5_000, DEFAULT_BACKOFF)).toBe(DEFAULT_BACKOFF.maxMs)
  })

  it('treats a nonsensical count as the first restart', () => {
    expect(restartDelay(0, policy)).toBe(250)
    expect(restartDelay(Number.NaN, policy)).toBe(250)
  })

  it('a child that crashes right after its restart waits longer each time', () => {
    let state = { consecutive: 0 }
    const waits: number[] = []
    for (let i = 0; i < 4; i++) {
      const plan = planRestart(state, 1_000, policy)
      waits.push(plan.delayMs)
      state = plan
    }
    expect(waits).toEqual([250, 500, 1000, 2000])
    expect(state.consecutive).toBe(4)
  })

  it('a run of stableMs or longer resets the series: the next restart is quick again', () => {
    const afterFlapping = { consecutive: 6 }
    expect(planRestart(afterFlapping, 59_999, policy)).toEqual({ consecutive: 7, delayMs: 5_000 })
    expect(planRestart(afterFlapping, 60_000, policy)).toEqual({ consecutive: 1, delayMs: 250 })
  })

  it('the default restarts a healthy child well within the 10 s the deployment promises', () => {
    expect(planRestart({ consecutive: 0 }, 0, DEFAULT_BACKOFF).delayMs).toBeLessThanOrEqual(1_000)
    expect(planRestart({ consecutive: 3 }, 120_000, DEFAULT_BACKOFF).delayMs).toBe(DEFAULT_BACKOFF.initialMs)
  })
})

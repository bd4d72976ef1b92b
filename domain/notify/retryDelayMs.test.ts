import { describe, expect, it } from 'vitest'
import { retryDelayMs } from './retryDelayMs.ts'

describe('retryDelayMs', () => {
  it('grows exponentially, is capped, and stops after the last attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n))).toEqual([10_000, 40_000, 160_000, 640_000, 2_560_000])
    expect(retryDelayMs(6)).toBeNull()
    expect(retryDelayMs(5, { baseMs: 1000, factor: 10, maxMs: 60_000, maxAttempts: 10 })).toBe(60_000)
  })
  it('gives no delay for nonsense attempt counts', () => {
    expect(retryDelayMs(0)).toBeNull()
    expect(retryDelayMs(1.5)).toBeNull()
  })
})

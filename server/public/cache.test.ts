/**
 * The public answers' cache without a database: a fake pool answers the data version. An answer's
 * own `validUntil` is a hard end (no stale answer past it, unlike the time to live); forgetting a
 * key family drops its answers and does not keep a computation that was under way.
 */
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { cachedAnswer, forgetAnswers } from './cache.ts'

function fakeApp(version = '1'): FastifyInstance {
  return { pg: { query: async () => ({ rows: [{ v: version }] }) } } as unknown as FastifyInstance
}

const later = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('cachedAnswer', () => {
  it('reuses an answer, serves it stale past its time to live, but never past its validUntil', async () => {
    const app = fakeApp()
    let n = 0
    const compute = async () => ({ n: ++n, until: Date.now() + 500 })
    const opts = { validUntil: (v: { until: number }) => v.until }
    expect((await cachedAnswer(app, 'a:x', 20, compute, opts)).n).toBe(1)
    expect((await cachedAnswer(app, 'a:x', 20, compute, opts)).n).toBe(1)
    await later(40)
    // past the time to live: the old answer at once, the next computed behind it
    expect((await cachedAnswer(app, 'a:x', 20, compute, opts)).n).toBe(1)
    await later(5)
    expect((await cachedAnswer(app, 'a:x', 20, compute, opts)).n).toBe(2)
    // past validUntil the caller waits for a new answer instead of the stale one
    const slow = async () => {
      await later(30)
      return { n: ++n, until: Date.now() + 10_000 }
    }
    await later(550)
    expect((await cachedAnswer(app, 'a:x', 20, slow, opts)).n).toBe(3)
  })

  it('forgets a key family: the next read recomputes, a computation under way is answered but not kept', async () => {
    const app = fakeApp()
    let n = 0
    const compute = async () => {
      await later(20)
      return ++n
    }
    expect(await cachedAnswer(app, 'ann:news', 60_000, compute, false)).toBe(1)
    expect(await cachedAnswer(app, 'other:x', 60_000, compute, false)).toBe(2)
    forgetAnswers(app, 'ann')
    const inFlight = cachedAnswer(app, 'ann:news', 60_000, compute, false)
    await later(1)
    forgetAnswers(app, 'ann') // e.g. a read counted while the list was being read
    expect(await inFlight).toBe(3)
    expect(await cachedAnswer(app, 'ann:news', 60_000, compute, false)).toBe(4)
    expect(await cachedAnswer(app, 'ann:news', 60_000, compute, false)).toBe(4)
    // another family is untouched
    expect(await cachedAnswer(app, 'other:x', 60_000, compute, false)).toBe(2)
  })
})

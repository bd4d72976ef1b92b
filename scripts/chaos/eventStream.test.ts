import { describe, expect, it } from 'vitest'
import { createEventStream } from './eventStream.ts'

const START = Date.parse('2026-12-05T04:00:00Z')
const opts = { seed: 7, runId: 't1', departments: ['440204-SCJG', '440204-ZJJ'], startMs: START, activeCases: 20 }

function take(n: number, o = opts) {
  const s = createEventStream(o)
  return { items: Array.from({ length: n }, () => s.next()), stream: s }
}

describe('createEventStream', () => {
  it('is deterministic for a seed', () => {
    expect(take(300).items).toEqual(take(300).items)
    expect(take(300, { ...opts, seed: 8 }).items).not.toEqual(take(300).items)
  })

  it('gives every first send a new id; only resends repeat one, and they repeat an earlier send', () => {
    const { items } = take(5000)
    const seen = new Set<string>()
    let resends = 0
    for (const { event, resend } of items) {
      if (resend) {
        resends++
        expect(seen.has(event.eventId)).toBe(true)
      } else {
        expect(seen.has(event.eventId)).toBe(false)
        seen.add(event.eventId)
      }
    }
    // about 2 % by default
    expect(resends).toBeGreaterThan(40)
    expect(resends).toBeLessThan(200)
  })

  it('keeps many cases in flight and emits each case whole, some events out of order', () => {
    const { items, stream } = take(5000)
    const firsts = items.filter((i) => !i.resend).map((i) => i.event)
    const byCase = new Map<string, string[]>()
    for (const e of firsts) byCase.set(e.caseNo!, [...(byCase.get(e.caseNo!) ?? []), e.eventId])
    // begun = seen, plus at most the cases in flight that have sent nothing yet
    expect(stream.casesStarted).toBeGreaterThanOrEqual(byCase.size)
    expect(stream.casesStarted - byCase.size).toBeLessThanOrEqual(opts.activeCases)
    // the first 100 events touch many cases, not one case after another
    expect(new Set(firsts.slice(0, 100).map((e) => e.caseNo)).size).toBeGreaterThan(15)
    // with 20 cases in flight, the first 100 cases are long finished after 5,000 events: each sent
    // all of its events, numbered 1..n, ending with the conclusion
    const finished = [...byCase.entries()].filter(([caseNo]) => Number(caseNo.slice(-6)) <= 100).map(([, ids]) => ids)
    expect(finished).toHaveLength(100)
    for (const ids of finished) {
      const numbers = ids.map((id) => Number(/-(\d+)-[a-zA-Z]+$/.exec(id)![1]))
      expect([...numbers].sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1))
      expect(ids.some((id) => id.endsWith('-concluded'))).toBe(true)
    }
    // some cases receive an event before the one that precedes it
    const swapped = [...byCase.values()].filter((ids) => {
      const n = ids.map((id) => Number(/-(\d+)-[a-zA-Z]+$/.exec(id)![1]))
      return n.some((v, i) => i > 0 && v < n[i - 1]!)
    })
    expect(swapped.length).toBeGreaterThan(20)
  })

  it('never dates an event in the future of the start instant', () => {
    const { items } = take(3000)
    for (const { event } of items) expect(Date.parse(event.occurredAt)).toBeLessThan(START)
  })

  it('makes case numbers unique to the run', () => {
    const a = take(50).items.map((i) => i.event.caseNo)
    const b = take(50, { ...opts, runId: 't2' }).items.map((i) => i.event.caseNo)
    expect(a.some((c) => b.includes(c))).toBe(false)
    expect(a[0]).toMatch(/^CH-t1-\d{6}$/)
  })
})

/**
 * The fault test's load: an endless, deterministic stream of case events with unique ids, as
 * source systems send them — many cases in flight at once, each case's events mostly in order,
 * some swapped (late events), and some sent again (a source's retry): the same id, so the store
 * must keep it once. Pure: no clock (the start instant is passed in), randomness from the seed.
 *
 *   const s = createEventStream({ seed: 1, runId: 'r1', departments: ['440204-SCJG'], startMs })
 *   const { event, resend } = s.next()
 */
import { caseLifecycle, rng, type RawEvent } from '../../domain/events/fixtures.ts'

export interface EventStreamOptions {
  seed: number
  /** Makes case numbers (and so event ids) unique to this run. */
  runId: string
  departments: readonly string[]
  /** Cases in flight at once. @default 200 */
  activeCases?: number
  /** Share of emitted events that re-send an earlier event (same id). @default 0.02 */
  resendShare?: number
  /** Share of events emitted before the one that precedes them in their case. @default 0.1 */
  swapShare?: number
  /** Cases start between 12 and 17 days before this instant (their lifecycles span up to ~9 days: never in the future). */
  startMs: number
}

export interface StreamItem {
  event: RawEvent
  /** An earlier event sent again (same eventId): to be acknowledged as a duplicate. */
  resend: boolean
}

export interface EventStream {
  next(): StreamItem
  /** Cases begun so far. */
  readonly casesStarted: number
}

const DAY = 86_400_000
const RECENT = 500

export function createEventStream(opts: EventStreamOptions): EventStream {
  const r = rng(opts.seed)
  const activeTarget = opts.activeCases ?? 200
  const resendShare = opts.resendShare ?? 0.02
  const swapShare = opts.swapShare ?? 0.1
  const active: RawEvent[][] = []
  const recent: RawEvent[] = []
  let started = 0

  const newCase = (): RawEvent[] => {
    started += 1
    const caseNo = `CH-${opts.runId}-${String(started).padStart(6, '0')}`
    const dept = opts.departments[Math.floor(r() * opts.departments.length)]!
    const startMs = opts.startMs - 12 * DAY - Math.floor(r() * 5 * DAY)
    const feeRoll = r()
    return caseLifecycle(caseNo, dept, startMs, {
      seed: started,
      supplement: r() < 0.4,
      suspend: r() < 0.2,
      ...(feeRoll < 0.5 ? { fee: [0, 50, 80, 120][Math.floor(feeRoll * 8)]! } : {}),
    })
  }

  return {
    next() {
      if (recent.length > 0 && r() < resendShare) {
        return { event: recent[Math.floor(r() * recent.length)]!, resend: true }
      }
      while (active.length < activeTarget) active.push(newCase())
      const ci = Math.floor(r() * active.length)
      const queue = active[ci]!
      const pick = queue.length >= 2 && r() < swapShare ? 1 : 0
      const [event] = queue.splice(pick, 1)
      if (queue.length === 0) active.splice(ci, 1)
      recent.push(event!)
      if (recent.length > RECENT) recent.shift()
      return { event: event!, resend: false }
    },
    get casesStarted() {
      return started
    },
  }
}

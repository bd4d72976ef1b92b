import type { CaseClock } from '../clock/caseClock.ts'

export interface ClockDays {
  /** The limit in force (promised, else legal), or null without a clock. */
  limit: number | null
  unit: 'workday' | 'day' | null
  /** Counted days begun by the evaluation instant (the start day is 0), or null without a clock. */
  used: number | null
  /** Days of the limit left (negative: that many counted days past it); while stopped, the days left when it resumes. */
  left: number | null
  /** The clock is stopped (special procedure, or a supplement pending). */
  stopped: boolean
}

/**
 * Days used and left of a case's clock, as the window shows them, read from the engine's own
 * account (`caseClock(…, { explain: true })`): nothing is recounted here.
 *
 * @example
 * clockDays(caseClock(state, { ...ctx, nowMs, explain: true }))
 * // => { limit: 10, unit: 'workday', used: 3, left: 7, stopped: false }
 */
export function clockDays(clock: CaseClock): ClockDays {
  const r = clock.explanation?.result
  if (!r) return { limit: clock.limit?.value ?? null, unit: clock.limit?.unit ?? null, used: null, left: null, stopped: clock.status === 'stopped' }
  const used = r.countedDays
  const left = r.status === 'stopped' ? r.remainingDays : used === null ? null : r.limit - used
  return { limit: r.limit, unit: r.unit, used, left, stopped: r.status === 'stopped' }
}

/**
 * The wall page's per-panel render cap, as a pure rule: a panel is drawn at most once per
 * `minIntervalMs`; a change after a quiet interval is drawn at once (leading edge), one during it
 * is drawn when the interval ends, and every further change until then joins that render (it reads
 * the latest state). `useWallSocket` runs it with timers; the fan-out benchmark's driver
 * (loadtest/fanout-driver.ts) replays it on receipt times to report when the page would draw.
 *
 * Pure, no dependencies (the benchmark imports it outside the browser).
 *
 * @example
 * const s = { lastApplied: -Infinity, pendingAt: null }
 * schedulePanelRender(s, 1000, 250) //=> 1000 (drawn at once)
 * schedulePanelRender(s, 1100, 250) //=> 1250 (when the interval ends)
 * schedulePanelRender(s, 1200, 250) //=> 1250 (joins that render)
 */
export interface PanelThrottleState {
  /** When the panel was last drawn (ms). */
  lastApplied: number
  /** A render is scheduled at this time; null: none. */
  pendingAt: number | null
}

export function newPanelThrottle(): PanelThrottleState {
  return { lastApplied: -Infinity, pendingAt: null }
}

/** When a change of the panel at `now` is drawn; a result > `now` means "schedule a render then". */
export function schedulePanelRender(s: PanelThrottleState, now: number, minIntervalMs: number): number {
  // replayed without timers: the scheduled render has happened by now
  if (s.pendingAt !== null && now > s.pendingAt) panelRendered(s, s.pendingAt)
  if (s.pendingAt !== null) return s.pendingAt
  if (now - s.lastApplied >= minIntervalMs) {
    s.lastApplied = now
    return now
  }
  s.pendingAt = s.lastApplied + minIntervalMs
  return s.pendingAt
}

/** A scheduled render ran at `at`. */
export function panelRendered(s: PanelThrottleState, at: number): void {
  s.lastApplied = at
  s.pendingAt = null
}

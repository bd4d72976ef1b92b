/**
 * Coalescing of wall publications: what a publisher should do now, given whether something
 * changed since the last publication, when the last one went out (shared by every worker process
 * through Redis) and the minimum interval between two (`WALL_MIN_INTERVAL_MS`, 250 ms = at most
 * 4 pushes per second in total, whatever the event rate). Changes arriving during the interval are folded into one publication at
 * its end (leading edge: a change after a quiet period goes out at once). A periodic recheck
 * (`recheckMs`) makes the publisher read the data even without a change notice, so that the
 * turn of the day or a missed notification shows within that time.
 *
 * `leadMs` (the expected read time) lets the read start that much before the interval ends; the
 * caller then holds the publication itself until `lastPublishedAt + minIntervalMs`, so pushes
 * stay ≥ `minIntervalMs` apart while the data is as fresh as the read allows.
 *
 * Pure: `now` and the last publication time are passed in (ms since the epoch).
 *
 * @example planWallPublish({ dirty: true, lastPublishedAt: null, lastCheckedAt: null, now: 1000, minIntervalMs: 500, recheckMs: 30000 }) // { action: 'publish' }
 * @example planWallPublish({ dirty: true, lastPublishedAt: 900, lastCheckedAt: 900, now: 1000, minIntervalMs: 500, recheckMs: 30000 }) // { action: 'wait', at: 1400 }
 * @example planWallPublish({ dirty: false, lastPublishedAt: 900, lastCheckedAt: 900, now: 1000, minIntervalMs: 500, recheckMs: 30000 }) // { action: 'wait', at: 30900 }
 */
export type WallPublishPlan = { action: 'publish' } | { action: 'wait'; at: number }

export interface WallPublishState {
  /** A change was noticed since this process last read the data. */
  dirty: boolean
  /** When any process last published a delta (null: never). */
  lastPublishedAt: number | null
  /** When this process last read the data (null: never). */
  lastCheckedAt: number | null
  now: number
  minIntervalMs: number
  recheckMs: number
  /** Start reading this long before the interval ends (≤ minIntervalMs). @default 0 */
  leadMs?: number
}

export function planWallPublish(s: WallPublishState): WallPublishPlan {
  const lead = Math.min(Math.max(s.leadMs ?? 0, 0), s.minIntervalMs)
  const earliest = s.lastPublishedAt === null ? s.now : Math.max(s.now, s.lastPublishedAt + s.minIntervalMs - lead)
  const recheckDue = s.lastCheckedAt === null ? s.now : s.lastCheckedAt + s.recheckMs
  if (!s.dirty && recheckDue > s.now) return { action: 'wait', at: Math.max(recheckDue, earliest) }
  if (earliest <= s.now) return { action: 'publish' }
  return { action: 'wait', at: earliest }
}

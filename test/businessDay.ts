/**
 * Tests that count "today" (the wall's 今日收件 tile, read before and after posting cases) break
 * when the business day turns between their reads: after local midnight the count starts again.
 * The business day is Asia/Shanghai's (16:00 UTC), and the wall's publisher turns it over on its
 * next read, within its recheck interval (30 s) of midnight — until then a stored snapshot still
 * holds the day before.
 *
 * `withinOneBusinessDay(spanMs)` before such a test (a `beforeEach` with the test's timeout as the
 * span): it returns at once unless the test could reach the next midnight or the last one is too
 * recent, and then waits until the new day has settled. A test cannot outlast its timeout, so it
 * then runs inside one business day whenever it is run. Files that seed today's cases in `beforeAll`
 * and count them in several tests call it first thing in `beforeAll` with the file's span.
 */
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { startOfLocalDay } from '../domain/calendar/startOfLocalDay.ts'

/** How long after local midnight the wall may still show the day before (recheck 30 s, with room for a loaded machine). */
export const DAY_TURN_SETTLE_MS = 60_000

/**
 * How long to wait at `nowMs` so that the next `spanMs` lie inside one business day and at least
 * `settleMs` after its start: 0 when they already do, otherwise until `settleMs` after the midnight
 * that is too close (the last one or the next one).
 *
 * @example msUntilOneBusinessDay(Date.parse('2026-12-07T15:59:00Z'), 120_000) // 120_000 (00:01:00 local)
 * @example msUntilOneBusinessDay(Date.parse('2026-12-07T04:00:00Z'), 120_000) // 0 (noon local)
 */
export function msUntilOneBusinessDay(nowMs: number, spanMs: number, zone = 'Asia/Shanghai', settleMs = DAY_TURN_SETTLE_MS): number {
  const today = localDayOf(nowMs, zone)
  const settled = startOfLocalDay(today, zone) + settleMs
  if (nowMs < settled) return settled - nowMs
  const next = startOfLocalDay(today + 1, zone)
  return nowMs + spanMs <= next ? 0 : next + settleMs - nowMs
}

/**
 * Waits (see `msUntilOneBusinessDay`) so that the next `spanMs` lie inside one settled business day;
 * says so when it waits. `settleMs`: more than the default when the test's "today" data reach
 * further back (cases seeded as received minutes ago).
 */
export async function withinOneBusinessDay(spanMs: number, settleMs = DAY_TURN_SETTLE_MS): Promise<void> {
  const ms = msUntilOneBusinessDay(Date.now(), spanMs, 'Asia/Shanghai', settleMs)
  if (ms <= 0) return
  console.info(`waiting ${Math.ceil(ms / 1000)} s for the business day (Asia/Shanghai) to turn and settle before a test that counts today's cases`)
  await new Promise((resolve) => setTimeout(resolve, ms))
}

/** The hook timeout for `withinOneBusinessDay(spanMs, settleMs)`: the longest wait and some room. */
export const oneBusinessDayHookTimeout = (spanMs: number, settleMs = DAY_TURN_SETTLE_MS): number => spanMs + settleMs + 10_000

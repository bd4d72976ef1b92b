/**
 * When to restart a crashed child (pure: no clock, no I/O; the supervisor passes the times in).
 *
 * A child that crashes again soon after a restart waits twice as long before the next one
 * (`initialMs`, ×`factor`, at most `maxMs`); a child that ran for `stableMs` or longer before it
 * crashed counts as healthy again, so its next restart is quick. There is no give-up: a
 * deployment keeps trying (and says so in the log and in /metrics) until an operator stops it.
 */
export interface BackoffPolicy {
  /** Wait before the first restart after a healthy run. */
  initialMs: number
  /** Growth per crash in a row. */
  factor: number
  /** Longest wait. */
  maxMs: number
  /** A run at least this long resets the crash count. */
  stableMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, factor: 2, maxMs: 30_000, stableMs: 60_000 }

export interface CrashState {
  /** Crashes in a row, this one included (0 before the first). */
  consecutive: number
}

export interface RestartPlan extends CrashState {
  /** How long to wait before starting the child again. */
  delayMs: number
}

/** The wait before restart number `consecutive` of a crash series (1 = the first). */
export function restartDelay(consecutive: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (!Number.isFinite(consecutive) || consecutive < 1) return policy.initialMs
  // 2^n overflows to Infinity long before n gets large; min() keeps the cap.
  return Math.min(policy.maxMs, Math.round(policy.initialMs * policy.factor ** (consecutive - 1)))
}

/** After a crash: the new crash count (reset by a stable run) and the wait before the restart. */
export function planRestart(prev: CrashState, ranMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): RestartPlan {
  const consecutive = ranMs >= policy.stableMs ? 1 : prev.consecutive + 1
  return { consecutive, delayMs: restartDelay(consecutive, policy) }
}

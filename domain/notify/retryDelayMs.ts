/** Backoff of failed deliveries. */
export interface RetryPolicy {
  /** Delay after the first failure. @default 10_000 */
  readonly baseMs: number
  /** Growth per attempt. @default 4 */
  readonly factor: number
  /** Upper bound of one delay. @default 3_600_000 (1 h) */
  readonly maxMs: number
  /** Attempts in all (the first included); after the last failure the delivery is `failed`. @default 6 */
  readonly maxAttempts: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ baseMs: 10_000, factor: 4, maxMs: 3_600_000, maxAttempts: 6 })

/**
 * How long to wait before the next attempt after `attempts` failed ones: base·factor^(attempts−1),
 * capped; `null` when no attempt is left (the delivery has failed for good).
 *
 * @pure
 * @param attempts - attempts made so far (≥ 1)
 * @param policy - @default DEFAULT_RETRY_POLICY
 * @returns milliseconds, or `null` after the last attempt
 *
 * @example
 * retryDelayMs(1) //=> 10_000
 * retryDelayMs(3) //=> 160_000
 * retryDelayMs(6) //=> null
 */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | null {
  if (!Number.isInteger(attempts) || attempts < 1 || attempts >= policy.maxAttempts) return null
  return Math.min(policy.baseMs * policy.factor ** (attempts - 1), policy.maxMs)
}

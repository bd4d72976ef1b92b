import { civilFromDays } from './_lib/civil.ts'

/**
 * Formats an epoch day (days since 1970-01-01) as a local date `'YYYY-MM-DD'`.
 *
 * @param day - an integer epoch day in years 0000–9999
 * @returns the date, or `'Invalid Date'` when `day` is not such an integer
 *
 * @example
 * fromEpochDay(0)     //=> '1970-01-01'
 * fromEpochDay(20362) //=> '2025-10-01'
 * fromEpochDay(0.5)   //=> 'Invalid Date'
 */
export function fromEpochDay(day: number): string {
  if (!Number.isInteger(day) || day < -719528 || day > 2932896) return 'Invalid Date'
  const [y, m, d] = civilFromDays(day)
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

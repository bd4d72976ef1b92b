/**
 * ISO day of the week of an epoch day: 1 = Monday … 6 = Saturday, 7 = Sunday.
 * (1970-01-01, epoch day 0, was a Thursday.)
 *
 * @param day - an integer epoch day (negative days are fine)
 * @returns 1–7, or `NaN` when `day` is not an integer
 *
 * @example
 * isoDayOfWeek(0)     //=> 4 (Thursday 1970-01-01)
 * isoDayOfWeek(20362) //=> 3 (Wednesday 2025-10-01)
 */
export function isoDayOfWeek(day: number): number {
  if (!Number.isInteger(day)) return Number.NaN
  return ((((day + 3) % 7) + 7) % 7) + 1
}

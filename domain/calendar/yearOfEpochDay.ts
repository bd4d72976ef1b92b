import { civilFromDays } from './_lib/civil.ts'

/**
 * The civil year an epoch day falls in.
 *
 * @param day - an integer epoch day
 * @returns the year, or `NaN` when `day` is not an integer
 *
 * @example
 * yearOfEpochDay(20453) //=> 2025 (2025-12-31)
 * yearOfEpochDay(20454) //=> 2026 (2026-01-01)
 */
export function yearOfEpochDay(day: number): number {
  if (!Number.isInteger(day)) return Number.NaN
  return civilFromDays(day)[0]
}

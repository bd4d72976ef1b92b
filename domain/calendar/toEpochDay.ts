import { daysFromCivil, daysInMonth } from './_lib/civil.ts'

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Converts a local calendar date `'YYYY-MM-DD'` to its epoch day (days since 1970-01-01).
 *
 * The date is a *local* date with no time zone attached: the result does not depend on the
 * process time zone. Anything that is not an existing date in exactly this form gives `NaN`
 * (the "invalid" value, as date-fns returns an Invalid Date instead of throwing).
 *
 * @param date - a date in the form `YYYY-MM-DD` (years 0000–9999)
 * @returns the epoch day, or `NaN` when `date` is not a valid date
 *
 * @example
 * toEpochDay('1970-01-01') //=> 0
 * toEpochDay('2025-10-01') //=> 20362
 * toEpochDay('2025-02-29') //=> NaN (not a leap year)
 */
export function toEpochDay(date: string): number {
  const m = DATE_RE.exec(date)
  if (m === null) return Number.NaN
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return Number.NaN
  return daysFromCivil(y, mo, d)
}

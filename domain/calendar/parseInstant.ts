import { daysFromCivil, daysInMonth, MS_PER_DAY } from './_lib/civil.ts'

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/

/**
 * Parses an ISO-8601 date-time that carries its offset (`Z` or `±hh:mm`, `±hhmm`, `±hh`) into
 * milliseconds since the epoch. A date-time without an offset is rejected rather than read in the
 * process time zone (as `Date.parse` would). Fractions beyond milliseconds are truncated.
 *
 * @param text - e.g. `2025-09-30T23:30:00Z`, `2025-10-01T07:30+08:00`
 * @returns epoch milliseconds, or `NaN` when the text is not such a date-time
 *
 * @example
 * parseInstant('2025-09-30T23:30:00Z')      //=> 1759275000000
 * parseInstant('2025-10-01T07:30:00+08:00') //=> 1759275000000
 * parseInstant('2025-10-01T07:30:00')       //=> NaN (no offset)
 */
export function parseInstant(text: string): number {
  const m = INSTANT_RE.exec(text)
  if (m === null) return Number.NaN
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const h = Number(m[4])
  const mi = Number(m[5])
  const s = m[6] === undefined ? 0 : Number(m[6])
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'))
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return Number.NaN
  let offset = 0
  const z = m[8]!
  if (z !== 'Z' && z !== 'z') {
    const sign = z[0] === '-' ? -1 : 1
    const digits = z.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
    if (oh > 23 || om > 59) return Number.NaN
    offset = sign * (oh * 60 + om)
  }
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi - offset) * 60 + s) * 1000 + ms
}

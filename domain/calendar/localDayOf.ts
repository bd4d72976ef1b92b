import { MS_PER_DAY } from './_lib/civil.ts'
import { offsetMinutes } from './_lib/zoneOffset.ts'

/**
 * The local date (as an epoch day) of an instant in an IANA time zone. It does not depend on the
 * process time zone. Offsets come from luxon, memoised per zone and hour, so calling this in a loop
 * is cheap.
 *
 * @param instant - milliseconds since 1970-01-01T00:00:00Z
 * @param zone - an IANA zone name
 * @default zone 'Asia/Shanghai'
 * @returns the epoch day, or `NaN` for a non-finite instant or an unknown zone
 *
 * @example
 * localDayOf(Date.parse('2025-09-30T23:30:00Z'), 'Asia/Shanghai') // 2025-10-01 (20362)
 * localDayOf(Date.parse('2025-09-30T23:30:00Z'), 'UTC')           // 2025-09-30 (20361)
 */
export function localDayOf(instant: number, zone = 'Asia/Shanghai'): number {
  const offset = offsetMinutes(zone, instant)
  if (Number.isNaN(offset)) return Number.NaN
  return Math.floor((instant + offset * 60_000) / MS_PER_DAY)
}

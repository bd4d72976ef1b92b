import { DateTime } from 'luxon'
import { civilFromDays } from './_lib/civil.ts'
import { zoneCache } from './_lib/zoneOffset.ts'

/**
 * The instant at which a local date begins in an IANA zone: 00:00 local, or the first existing
 * instant of the day where a DST change skips midnight. "24:00 of day d" is `startOfLocalDay(d + 1)`.
 * Uses luxon (memoised per zone and day); independent of the process time zone.
 *
 * @param day - an epoch day (local date)
 * @param zone - an IANA zone name
 * @default zone 'Asia/Shanghai'
 * @returns milliseconds since the epoch, or `NaN` for a non-integer day or an unknown zone
 *
 * @example
 * new Date(startOfLocalDay(toEpochDay('2025-10-01'))).toISOString() //=> '2025-09-30T16:00:00.000Z'
 */
export function startOfLocalDay(day: number, zone = 'Asia/Shanghai'): number {
  const c = zoneCache(zone)
  if (c === null || !Number.isInteger(day)) return Number.NaN
  const hit = c.midnights.get(day)
  if (hit !== undefined) return hit
  const [year, month, d] = civilFromDays(day)
  const ms = DateTime.fromObject({ year, month, day: d }, { zone: c.zone }).toMillis()
  if (c.midnights.size >= 100_000) c.midnights.clear()
  c.midnights.set(day, ms)
  return ms
}

import { IANAZone } from 'luxon'

/**
 * UTC offsets of IANA zones, through luxon (the only place the calendar touches time zones),
 * memoised per zone and UTC hour. An hour is cached only when the offset is the same at both ends
 * of it, so a transition inside an hour (at any minute) is still computed exactly.
 * @internal
 */
interface ZoneCache {
  readonly zone: IANAZone
  readonly hours: Map<number, number>
  readonly midnights: Map<number, number>
}

const zones = new Map<string, ZoneCache | null>()
const MAX_ENTRIES = 500_000
const MS_PER_HOUR = 3_600_000

export function zoneCache(name: string): ZoneCache | null {
  let c = zones.get(name)
  if (c === undefined) {
    const zone = IANAZone.create(name)
    c = zone.isValid ? { zone, hours: new Map(), midnights: new Map() } : null
    zones.set(name, c)
  }
  return c
}

/** Offset in minutes east of UTC of `zone` at the instant `ms`; `NaN` for an unknown zone. */
export function offsetMinutes(name: string, ms: number): number {
  const c = zoneCache(name)
  if (c === null || !Number.isFinite(ms)) return Number.NaN
  const hour = Math.floor(ms / MS_PER_HOUR)
  const hit = c.hours.get(hour)
  if (hit !== undefined) return hit
  const start = hour * MS_PER_HOUR
  const a = c.zone.offset(start)
  const b = c.zone.offset(start + MS_PER_HOUR - 1)
  if (a !== b) return c.zone.offset(ms)
  if (c.hours.size >= MAX_ENTRIES) c.hours.clear()
  c.hours.set(hour, a)
  return a
}

export function isValidZone(name: string): boolean {
  return zoneCache(name) !== null
}

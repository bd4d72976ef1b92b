/**
 * Turns a plan into the public result.
 * @internal
 */
import { addWorkingDays } from '../../calendar/addWorkingDays.ts'
import { civilFromDays } from '../../calendar/_lib/civil.ts'
import { fromEpochDay } from '../../calendar/fromEpochDay.ts'
import { startOfLocalDay } from '../../calendar/startOfLocalDay.ts'
import type { InvalidDeadline, Level, RunningDeadline, StoppedDeadline } from '../types.ts'
import { addUnits, countedAt, countedDay, warningIndex, type Plan } from './plan.ts'

export interface Thresholds {
  warning: number
  yellow: number
  red: number
}

export function levelOn(t: Thresholds, day: number): Level {
  if (day >= t.red) return 'red'
  if (day >= t.yellow) return 'yellow'
  if (day >= t.warning) return 'warning'
  return 'normal'
}

/** First threshold day after `day` at which the level changes, or NaN. */
export function nextThreshold(t: Thresholds, day: number): number {
  if (day < t.warning) return t.warning
  if (day < t.yellow) return t.yellow
  if (day < t.red) return t.red
  return Number.NaN
}

export const isoAt = (ms: number): string => new Date(ms).toISOString()

const midnightIso = new Map<string, Map<number, string>>()
/** UTC ISO instant at which `day` begins in `zone`, memoised (the strings are immutable). */
export function startIso(day: number, zone: string): string {
  let m = midnightIso.get(zone)
  if (m === undefined) midnightIso.set(zone, (m = new Map()))
  let s = m.get(day)
  if (s === undefined) {
    if (m.size >= 100_000) m.clear()
    s = isoAt(startOfLocalDay(day, zone))
    m.set(day, s)
  }
  return s
}

function anyProvisional(p: Plan, from: number, to: number): boolean {
  const y0 = civilFromDays(from)[0]
  const y1 = civilFromDays(to)[0]
  for (let y = y0; y <= y1; y++) if (!p.cal.isOfficialYear(y)) return true
  return false
}

export interface Computed {
  result: RunningDeadline | StoppedDeadline
  thresholds: Thresholds | null
}

export function buildResult(p: Plan): Computed | InvalidDeadline {
  const { cal, zone, today } = p
  const base = {
    limit: p.limit,
    unit: p.unit,
    zone,
    acceptedDate: fromEpochDay(p.accepted),
    startDate: fromEpochDay(p.start),
  }
  const wi = warningIndex(p)
  if (p.stop === null) {
    const d = p.deadline
    const t: Thresholds = {
      warning: wi === -1 ? d : countedDay(p, wi),
      yellow: addWorkingDays(cal, d, p.scheme.yellow),
      red: addWorkingDays(cal, d, p.scheme.red),
    }
    if (Number.isNaN(t.red)) return { status: 'invalid', error: `the red-card day after ${fromEpochDay(d)} is outside the calendar` }
    let countedDays: number | null = null
    let level: Level | null = null
    let nextTransitionAt: string | null = null
    if (today !== null) {
      countedDays = Math.max(0, countedAt(p, today))
      level = levelOn(t, today)
      const next = nextThreshold(t, today)
      nextTransitionAt = Number.isNaN(next) ? null : startIso(next, zone)
    }
    const result: RunningDeadline = {
      status: 'running',
      ...base,
      countedDays,
      level,
      nextTransitionAt,
      provisional: anyProvisional(p, p.accepted, t.red),
      deadlineDate: fromEpochDay(d),
      deadlineAt: startIso(d + 1, zone),
      warningFrom: fromEpochDay(t.warning),
      yellowFrom: fromEpochDay(t.yellow),
      redFrom: fromEpochDay(t.red),
    }
    return { result, thresholds: t }
  }

  const stop = p.stop
  const atStop = countedAt(p, stop.since)
  const warning = wi !== -1 && wi <= atStop ? countedDay(p, wi) : Number.NaN
  let expectedEnd = Number.NaN
  if (stop.expectedDays !== undefined) {
    expectedEnd = addUnits(cal, stop.expectedUnit, stop.eventDay, stop.expectedDays)
    if (Number.isNaN(expectedEnd)) return { status: 'invalid', error: `the expected end of the ${stop.reason} is outside the calendar` }
  }
  const expectedEndAt = Number.isNaN(expectedEnd) ? null : startIso(expectedEnd + 1, zone)
  let countedDays: number | null = null
  let level: Level | null = null
  let overrun: boolean | null = null
  if (today !== null && p.nowMs !== null) {
    countedDays = Math.max(0, countedAt(p, today))
    level = !Number.isNaN(warning) && today >= warning ? 'warning' : 'normal'
    overrun = expectedEndAt === null ? null : p.nowMs >= Date.parse(expectedEndAt)
  }
  const last = Math.max(stop.since, today ?? stop.since, Number.isNaN(expectedEnd) ? stop.since : expectedEnd)
  const result: StoppedDeadline = {
    status: 'stopped',
    ...base,
    countedDays,
    level,
    nextTransitionAt: null,
    provisional: anyProvisional(p, p.accepted, last),
    stop: {
      reason: stop.reason,
      since: fromEpochDay(stop.since),
      expectedEnd: Number.isNaN(expectedEnd) ? null : fromEpochDay(expectedEnd),
      expectedEndAt,
      overrun,
    },
    remainingDays: stop.restart ? p.limit : p.limit - atStop,
    warningFrom: Number.isNaN(warning) ? null : fromEpochDay(warning),
  }
  return { result, thresholds: null }
}

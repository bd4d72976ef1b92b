/**
 * The deadline engine shared by `computeDeadline` and `explainDeadline`: turns a `DeadlineInput`
 * into epoch days and works out the counting spans. Every step is an O(1) calendar lookup per event;
 * nothing here loops over days.
 * @internal
 */
import { addWorkingDays } from '../../calendar/addWorkingDays.ts'
import { fromEpochDay } from '../../calendar/fromEpochDay.ts'
import { localDayOf } from '../../calendar/localDayOf.ts'
import { parseInstant } from '../../calendar/parseInstant.ts'
import { rollToWorkingDay } from '../../calendar/rollToWorkingDay.ts'
import { toEpochDay } from '../../calendar/toEpochDay.ts'
import type { WorkCalendar } from '../../calendar/WorkCalendar.ts'
import { isValidZone } from '../../calendar/_lib/zoneOffset.ts'
import { DEFAULT_LEVEL_SCHEME } from '../DEFAULT_LEVEL_SCHEME.ts'
import type { DeadlineInput, IgnoredEvent, LevelScheme, LimitUnit, Moment } from '../types.ts'

export type Reason = 'suspension' | 'supplement'

/** Days d with from < d ≤ to are not counted; `to = Infinity` while open. */
interface Exclusion {
  from: number
  to: number
  reason: Reason
  /** for an open one: its own start and expected length */
  openFrom: number
  expectedDays: number | undefined
  expectedUnit: LimitUnit
}

interface Restart {
  requested: number
  supplied: number | null
  expectedDays: number | undefined
  expectedUnit: LimitUnit
}

export interface Stop {
  reason: Reason
  /** last counted-or-not day before the stop: the counting span ends here */
  since: number
  /** the stop event's own local date (for the expected end) */
  eventDay: number
  expectedDays: number | undefined
  expectedUnit: LimitUnit
  /** a pending restart supplement: the full limit starts again on supply */
  restart: boolean
}

/** A span of counting: units d with a < d ≤ b are counted (b = Infinity for the last, open span). */
export interface Span {
  a: number
  b: number
}

export interface Plan {
  cal: WorkCalendar
  limit: number
  unit: LimitUnit
  zone: string
  scheme: LevelScheme
  accepted: number
  start: number
  spans: Span[]
  applied: { from: number; to: number; reason: Reason }[]
  ignored: IgnoredEvent[]
  restarts: { requested: number; supplied: number }[]
  stop: Stop | null
  /** N-th counted day (running only, else NaN) */
  rawEnd: number
  /** deadline day (running only, else NaN) */
  deadline: number
  nowMs: number | null
  today: number | null
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Local date of a moment in `zone`, or NaN. */
export function momentDay(m: Moment, zone: string): number {
  if (typeof m !== 'string') return Number.NaN
  if (DATE_ONLY.test(m)) return toEpochDay(m)
  return localDayOf(parseInstant(m), zone)
}

/** Units counted in (a, b]. */
export function unitsBetween(cal: WorkCalendar, unit: LimitUnit, a: number, b: number): number {
  return unit === 'day' ? b - a : cal.ordinal(b) - cal.ordinal(a)
}

/** The n-th unit after a (a itself for n = 0). */
export function addUnits(cal: WorkCalendar, unit: LimitUnit, a: number, n: number): number {
  if (unit === 'day') return cal.contains(a + n) ? a + n : Number.NaN
  return addWorkingDays(cal, a, n)
}

function checkScheme(s: LevelScheme): string | null {
  const w = s.warning as { offset?: unknown; share?: unknown }
  if ('offset' in w && 'share' in w) return 'scheme.warning must have either offset or share'
  if ('offset' in w) {
    if (typeof w.offset !== 'number' || !Number.isInteger(w.offset) || w.offset > 0) return 'scheme.warning.offset must be an integer ≤ 0'
  } else if ('share' in w) {
    if (typeof w.share !== 'number' || !(w.share > 0 && w.share <= 1)) return 'scheme.warning.share must be in (0, 1]'
  } else return 'scheme.warning must have offset or share'
  if (!Number.isInteger(s.yellow) || s.yellow < 1) return 'scheme.yellow must be an integer ≥ 1'
  if (!Number.isInteger(s.red) || s.red < s.yellow) return 'scheme.red must be an integer ≥ scheme.yellow'
  return null
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0

interface Interval {
  a: number
  b: number | null
  expectedDays: number | undefined
  expectedUnit: LimitUnit
}

function interval(
  zone: string,
  unit: LimitUnit,
  kind: string,
  i: number,
  from: Moment,
  to: Moment | null | undefined,
  expectedDays: unknown,
  expectedUnit: unknown,
): Interval | string {
  const a = momentDay(from, zone)
  if (Number.isNaN(a)) return `${kind}[${i}]: bad start ${String(from)}`
  let b: number | null = null
  if (to !== undefined && to !== null) {
    b = momentDay(to, zone)
    if (Number.isNaN(b)) return `${kind}[${i}]: bad end ${String(to)}`
    if (b < a) return `${kind}[${i}]: ends before it starts`
  }
  if (expectedDays !== undefined && !isCount(expectedDays)) return `${kind}[${i}]: expectedDays must be a non-negative integer`
  if (expectedUnit !== undefined && expectedUnit !== 'workday' && expectedUnit !== 'day') return `${kind}[${i}]: bad expectedUnit`
  return { a, b, expectedDays: expectedDays as number | undefined, expectedUnit: (expectedUnit as LimitUnit | undefined) ?? unit }
}

/**
 * Normalises and plans. Returns an error message for invalid input.
 */
export function plan(input: DeadlineInput, cal: WorkCalendar): Plan | string {
  const zone = input.zone ?? 'Asia/Shanghai'
  if (typeof zone !== 'string' || !isValidZone(zone)) return `unknown time zone ${String(zone)}`
  const unit = input.unit
  if (unit !== 'workday' && unit !== 'day') return `unit must be "workday" or "day", got ${String(unit)}`
  const limit = input.limit
  if (!isCount(limit) || limit > 100_000) return `limit must be a non-negative integer, got ${String(limit)}`
  const scheme = input.scheme ?? DEFAULT_LEVEL_SCHEME
  const schemeError = checkScheme(scheme)
  if (schemeError !== null) return schemeError
  const mode = input.supplementMode ?? 'restart'
  if (mode !== 'restart' && mode !== 'pause') return `supplementMode must be "restart" or "pause", got ${String(mode)}`

  const accepted = momentDay(input.accepted, zone)
  if (Number.isNaN(accepted)) return `accepted: not an ISO instant with offset or YYYY-MM-DD: ${String(input.accepted)}`
  if (!cal.contains(accepted)) return outside(cal, accepted)

  let nowMs: number | null = null
  let today: number | null = null
  if (input.now !== undefined) {
    nowMs = typeof input.now === 'number' ? input.now : typeof input.now === 'string' ? parseInstant(input.now) : Number.NaN
    if (!Number.isFinite(nowMs)) return `now: not an ISO instant with offset or epoch milliseconds: ${String(input.now)}`
    today = localDayOf(nowMs, zone)
  }

  const exclusions: Exclusion[] = []
  const restarts: Restart[] = []
  const suspensions = input.suspensions ?? []
  for (let i = 0; i < suspensions.length; i++) {
    const s = suspensions[i]!
    const r = interval(zone, unit, 'suspensions', i, s.from, s.to, s.expectedDays, s.expectedUnit)
    if (typeof r === 'string') return r
    exclusions.push({ from: r.a, to: r.b ?? Infinity, reason: 'suspension', openFrom: r.a, expectedDays: r.expectedDays, expectedUnit: r.expectedUnit })
  }
  const supplements = input.supplements ?? []
  for (let i = 0; i < supplements.length; i++) {
    const s = supplements[i]!
    const r = interval(zone, unit, 'supplements', i, s.requested, s.supplied, s.expectedDays, s.expectedUnit)
    if (typeof r === 'string') return r
    if (mode === 'pause') {
      exclusions.push({ from: r.a, to: r.b ?? Infinity, reason: 'supplement', openFrom: r.a, expectedDays: r.expectedDays, expectedUnit: r.expectedUnit })
    } else {
      restarts.push({ requested: r.a, supplied: r.b, expectedDays: r.expectedDays, expectedUnit: r.expectedUnit })
    }
  }

  const p: Plan = {
    cal, limit, unit, zone, scheme, accepted,
    start: accepted,
    spans: [],
    applied: [],
    ignored: [],
    restarts: [],
    stop: null,
    rawEnd: Number.NaN,
    deadline: Number.NaN,
    nowMs,
    today,
  }
  const merged = merge(exclusions)

  restarts.sort((x, y) => x.requested - y.requested || (x.supplied ?? Infinity) - (y.supplied ?? Infinity))
  let cutOff = false
  for (const rs of restarts) {
    const ign = (why: IgnoredEvent['why']) =>
      p.ignored.push({ kind: 'supplement', from: fromEpochDay(rs.requested), to: rs.supplied === null ? null : fromEpochDay(rs.supplied), why })
    if (cutOff) {
      ign('on-or-after-last-counted-day')
      continue
    }
    if (rs.requested < accepted) {
      ign('before-start')
      continue
    }
    if (rs.supplied !== null && rs.supplied <= p.start) {
      ign('supplied-before-start')
      continue
    }
    const err = count(p, merged, false)
    if (err !== null) return err
    const q = Math.max(rs.requested, p.start)
    if (p.stop === null && q >= p.rawEnd) {
      cutOff = true
      ign('on-or-after-last-counted-day')
      continue
    }
    if (rs.supplied === null) {
      if (p.stop === null || p.stop.since > q) {
        // pending: the clock stops on the request day; counting will restart from the supply day
        p.spans = clip(p.spans, q)
        p.applied = p.applied.filter((a) => a.from < q).map((a) => ({ ...a, to: Math.min(a.to, q) }))
        p.stop = { reason: 'supplement', since: q, eventDay: rs.requested, expectedDays: rs.expectedDays, expectedUnit: rs.expectedUnit, restart: true }
      }
      p.ignored.push(...laterRestartsIgnored(restarts, rs))
      return p
    }
    if (!cal.contains(rs.supplied)) return outside(cal, rs.supplied)
    p.restarts.push({ requested: rs.requested, supplied: rs.supplied })
    p.start = rs.supplied
  }
  const err = count(p, merged, true)
  return err ?? p
}

function laterRestartsIgnored(all: Restart[], pending: Restart): IgnoredEvent[] {
  // Supplements after a pending one wait for it: they are reported, not applied.
  const i = all.indexOf(pending)
  return all.slice(i + 1).map((r) => ({
    kind: 'supplement' as const,
    from: fromEpochDay(r.requested),
    to: r.supplied === null ? null : fromEpochDay(r.supplied),
    why: 'on-or-after-last-counted-day' as const,
  }))
}

function clip(spans: Span[], at: number): Span[] {
  const out: Span[] = []
  for (const s of spans) {
    if (s.a >= at) break
    out.push({ a: s.a, b: Math.min(s.b, at) })
  }
  return out
}

/** Overlapping or adjacent exclusions merged; an open member makes the union open. */
function merge(list: Exclusion[]): Exclusion[] {
  const sorted = [...list].sort((x, y) => x.from - y.from || x.to - y.to)
  const out: Exclusion[] = []
  for (const e of sorted) {
    const last = out.at(-1)
    if (last !== undefined && e.from <= last.to) {
      if (e.to > last.to) {
        last.to = e.to
        if (e.to === Infinity) {
          last.reason = e.reason
          last.openFrom = e.openFrom
          last.expectedDays = e.expectedDays
          last.expectedUnit = e.expectedUnit
        }
      }
    } else out.push({ ...e })
  }
  return out
}

function outside(cal: WorkCalendar, day: number): string {
  return `${fromEpochDay(day)} is outside the calendar (${fromEpochDay(cal.firstDay)} to ${fromEpochDay(cal.lastDay)})`
}

/**
 * Counts from p.start through the exclusions: sets spans, applied, stop, rawEnd and deadline.
 * With `final`, also records the exclusions that had no effect.
 */
function count(p: Plan, exclusions: Exclusion[], final: boolean): string | null {
  const { cal, unit } = p
  let cursor = p.start
  let remaining = p.limit
  p.spans = []
  p.stop = null
  const applied: Plan['applied'] = []
  const ignore = (e: Exclusion, why: IgnoredEvent['why']) => {
    if (final) p.ignored.push({ kind: e.reason, from: fromEpochDay(e.from), to: e.to === Infinity ? null : fromEpochDay(e.to), why })
  }
  let i = 0
  for (; i < exclusions.length; i++) {
    const e = exclusions[i]!
    if (e.to <= cursor) {
      ignore(e, 'before-start')
      continue
    }
    const s = Math.max(e.from, cursor)
    const end = addUnits(cal, unit, cursor, remaining)
    if (Number.isNaN(end)) return outside(cal, cursor + remaining)
    if (s >= end) break
    remaining -= unitsBetween(cal, unit, cursor, s)
    p.spans.push({ a: cursor, b: s })
    if (e.to === Infinity) {
      p.stop = { reason: e.reason, since: s, eventDay: e.openFrom, expectedDays: e.expectedDays, expectedUnit: e.expectedUnit, restart: false }
      p.rawEnd = Number.NaN
      p.deadline = Number.NaN
      p.applied = applied
      return null
    }
    if (!cal.contains(e.to)) return outside(cal, e.to)
    applied.push({ from: s, to: e.to, reason: e.reason })
    cursor = e.to
  }
  for (; i < exclusions.length; i++) ignore(exclusions[i]!, 'on-or-after-last-counted-day')
  p.spans.push({ a: cursor, b: Infinity })
  p.rawEnd = addUnits(cal, unit, cursor, remaining)
  if (Number.isNaN(p.rawEnd)) return outside(cal, cursor + remaining)
  p.deadline = unit === 'day' ? rollToWorkingDay(cal, p.rawEnd) : p.rawEnd
  if (Number.isNaN(p.deadline)) return outside(cal, p.rawEnd + 1)
  p.applied = applied
  return null
}

/** Counted units with a < d ≤ day over the spans. */
export function countedAt(p: Plan, day: number): number {
  let n = 0
  for (const s of p.spans) {
    if (day <= s.a) break
    n += unitsBetween(p.cal, p.unit, s.a, Math.min(s.b, day))
  }
  return n
}

/** The day of counted unit j (j = 0: the start day); NaN when not reached (stopped). */
export function countedDay(p: Plan, j: number): number {
  if (j <= 0) return p.start
  let left = j
  for (const s of p.spans) {
    const c = s.b === Infinity ? Infinity : unitsBetween(p.cal, p.unit, s.a, s.b)
    if (left <= c) return addUnits(p.cal, p.unit, s.a, left)
    left -= c
  }
  return Number.NaN
}

/** The counted index at which the warning starts, or -1 for "the deadline day" (offset 0). */
export function warningIndex(p: Plan): number {
  const w = p.scheme.warning
  if ('share' in w) return Math.ceil(Math.round(w.share * p.limit * 1e6) / 1e6)
  return w.offset === 0 ? -1 : Math.max(p.limit + w.offset, 0)
}

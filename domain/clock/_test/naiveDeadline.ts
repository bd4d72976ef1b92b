/**
 * A deliberately naive reference implementation of the time-limit rules: it walks the calendar one
 * day at a time with luxon and looks each day up in the notice data, the way incumbent systems do.
 * Tests use it as an oracle for `computeDeadline` (different code, same rules), and the benchmark
 * uses it as the baseline. Not for production: it is O(days) with luxon allocations per day.
 * No local overrides; provisional years are Monday–Friday.
 */
import { DateTime } from 'luxon'
import type { CalendarData } from '../../calendar/types.ts'
import { DEFAULT_LEVEL_SCHEME } from '../DEFAULT_LEVEL_SCHEME.ts'
import type { DeadlineInput, Level } from '../types.ts'

export interface NaiveResult {
  status: 'running' | 'stopped'
  deadlineDate: string | null
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  since: string | null
  countedDays: number | null
  level: Level | null
}

export interface NaiveCalendar {
  off: Set<string>
  on: Set<string>
}

export function naiveCalendar(data: CalendarData): NaiveCalendar {
  const off = new Set<string>()
  const on = new Set<string>()
  for (const y of data.years) {
    for (const h of y.holidays) off.add(h.date)
    for (const h of y.adjustedWorkdays) on.add(h.date)
  }
  return { off, on }
}

function isWorkday(c: NaiveCalendar, d: DateTime): boolean {
  const iso = d.toISODate()!
  if (c.off.has(iso)) return false
  if (c.on.has(iso)) return true
  return d.weekday <= 5
}

function localDate(m: string, zone: string): DateTime {
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(m) ? DateTime.fromISO(m, { zone }) : DateTime.fromISO(m, { setZone: true }).setZone(zone)
  return dt.startOf('day')
}

export function naiveDeadline(input: DeadlineInput, c: NaiveCalendar): NaiveResult {
  const zone = input.zone ?? 'Asia/Shanghai'
  const scheme = input.scheme ?? DEFAULT_LEVEL_SCHEME
  const N = input.limit
  const unit = input.unit
  const mode = input.supplementMode ?? 'restart'
  const counts = (d: DateTime) => unit === 'day' || isWorkday(c, d)
  const A = localDate(input.accepted, zone)
  const excl: { s: DateTime; r: DateTime | null }[] = []
  const restarts: { q: DateTime; p: DateTime | null; done: boolean }[] = []
  for (const s of input.suspensions ?? []) excl.push({ s: localDate(s.from, zone), r: s.to ? localDate(s.to, zone) : null })
  for (const s of input.supplements ?? []) {
    const q = localDate(s.requested, zone)
    const p = s.supplied ? localDate(s.supplied, zone) : null
    if (mode === 'pause') excl.push({ s: q, r: p })
    else restarts.push({ q, p, done: false })
  }
  restarts.sort((x, y) => x.q.toMillis() - y.q.toMillis() || (x.p?.toMillis() ?? Infinity) - (y.p?.toMillis() ?? Infinity))
  const today = input.now === undefined ? null : (typeof input.now === 'number' ? DateTime.fromMillis(input.now, { zone }) : DateTime.fromISO(input.now, { setZone: true }).setZone(zone)).startOf('day')

  let start = A
  let d = A
  let countedDates: DateTime[] = []
  let stoppedSince: DateTime | null = null
  let pausedSince: DateTime | null = null
  // restarts requested before acceptance never apply
  for (const r of restarts) if (r.q < A) r.done = true
  const applyRestarts = (): 'jump' | 'pending' | null => {
    for (const r of restarts) {
      if (r.done || r.q > d) continue
      r.done = true
      if (r.p !== null && r.p <= start) continue
      if (r.p === null) return 'pending'
      start = r.p
      d = r.p
      countedDates = []
      pausedSince = null
      return 'jump'
    }
    return null
  }
  // walk: at the end of each day (from the start day), check restarts requested by then
  for (let guard = 0; guard < 100_000; guard++) {
    if (countedDates.length >= N) break
    const rs = applyRestarts()
    if (rs === 'pending') {
      stoppedSince = d
      break
    }
    if (rs === 'jump') continue
    const next = d.plus({ days: 1 })
    const covering = excl.filter((e) => e.s < next && (e.r === null || next <= e.r))
    if (covering.some((e) => e.r === null)) {
      // stopped since the end of the last day before this unbroken run of excluded days
      stoppedSince = pausedSince ?? d
      break
    }
    if (covering.length > 0) pausedSince ??= d
    else pausedSince = null
    d = next
    if (covering.length > 0) continue
    if (counts(d)) countedDates.push(d)
  }
  const countAt = (t: DateTime) => {
    let n = 0
    for (const x of countedDates) if (x <= t) n++
    if (stoppedSince === null && countedDates.length >= N) {
      const last = countedDates.at(-1) ?? start
      for (let x = last.plus({ days: 1 }); x <= t; x = x.plus({ days: 1 })) if (counts(x)) n++
    }
    return n
  }
  const w = scheme.warning
  const wIndex = 'share' in w ? Math.ceil(Math.round(w.share * N * 1e6) / 1e6) : w.offset === 0 ? -1 : Math.max(N + w.offset, 0)
  const dayOf = (j: number) => (j === 0 ? start : countedDates[j - 1]!)
  if (stoppedSince !== null) {
    const warning = wIndex !== -1 && wIndex <= countedDates.length ? dayOf(wIndex) : null
    return {
      status: 'stopped',
      deadlineDate: null,
      warningFrom: warning?.toISODate() ?? null,
      yellowFrom: null,
      redFrom: null,
      since: stoppedSince.toISODate(),
      countedDays: today === null ? null : countAt(today),
      level: today === null ? null : warning !== null && today >= warning ? 'warning' : 'normal',
    }
  }
  let D = dayOf(N)
  if (unit === 'day') while (!isWorkday(c, D)) D = D.plus({ days: 1 })
  const nthWorkdayAfter = (from: DateTime, k: number) => {
    let x = from
    for (let i = 0; i < k; ) {
      x = x.plus({ days: 1 })
      if (isWorkday(c, x)) i++
    }
    return x
  }
  const warning = wIndex === -1 ? D : dayOf(wIndex)
  const yellow = nthWorkdayAfter(D, scheme.yellow)
  const red = nthWorkdayAfter(D, scheme.red)
  let level: Level | null = null
  if (today !== null) level = today >= red ? 'red' : today >= yellow ? 'yellow' : today >= warning ? 'warning' : 'normal'
  return {
    status: 'running',
    deadlineDate: D.toISODate(),
    warningFrom: warning.toISODate(),
    yellowFrom: yellow.toISODate(),
    redFrom: red.toISODate(),
    since: null,
    countedDays: today === null ? null : countAt(today),
    level,
  }
}

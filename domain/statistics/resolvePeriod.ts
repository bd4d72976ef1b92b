/**
 * The period of a statistics request: a named period containing a day (default today), or a
 * custom range; and the type statistics' six periods. Pure.
 */
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import type { CustomGrain, PeriodRange, StatPeriod, TypePeriod } from './contract.ts'
import { periodOf, type PeriodRules } from './periods.ts'

/** Longest custom range accepted (days): ten years. */
export const MAX_RANGE_DAYS = 3660

export type ResolvePeriodResult = { ok: true; period: PeriodRange } | { ok: false; message: string }

/**
 * @param kind - the named period, or `custom`
 * @param at - a day inside the named period (`YYYY-MM-DD`), default `today`
 * @param range - `from` / `to` for `custom` (inclusive)
 */
export function resolvePeriod(kind: StatPeriod, at: string | undefined, range: { from?: string; to?: string }, today: number, rules: PeriodRules, cal: WorkCalendar): ResolvePeriodResult {
  if (kind === 'custom') {
    const from = range.from ? toEpochDay(range.from) : Number.NaN
    const to = range.to ? toEpochDay(range.to) : Number.NaN
    if (!Number.isFinite(from) || !Number.isFinite(to)) return { ok: false, message: 'a custom period needs from and to (YYYY-MM-DD)' }
    if (from > to) return { ok: false, message: 'from must not be after to' }
    if (to - from > MAX_RANGE_DAYS) return { ok: false, message: `a period may span at most ${MAX_RANGE_DAYS} days` }
    return { ok: true, period: { kind, label: `${range.from}..${range.to}`, from: range.from!, to: range.to! } }
  }
  const day = at ? toEpochDay(at) : today
  if (!Number.isFinite(day)) return { ok: false, message: 'at must be a date (YYYY-MM-DD)' }
  const p = periodOf(kind, day, rules, cal)
  return { ok: true, period: { kind, label: p.label, from: fromEpochDay(p.from), to: fromEpochDay(p.to) } }
}

/** The type statistics' periods containing today, and all time (from/to null). */
export function typePeriods(today: number, rules: PeriodRules, cal: WorkCalendar): { period: TypePeriod; label: string; from: string | null; to: string | null }[] {
  const out: { period: TypePeriod; label: string; from: string | null; to: string | null }[] = []
  for (const k of ['day', 'week', 'month', 'quarter', 'year'] as const) {
    const p = periodOf(k, today, rules, cal)
    out.push({ period: k === 'day' ? 'today' : k, label: p.label, from: fromEpochDay(p.from), to: fromEpochDay(p.to) })
  }
  out.push({ period: 'all', label: 'all', from: null, to: null })
  return out
}

/** Every day of [from, to] with the label of its week, statistical month or quarter (the custom report's period dimension). */
export function dayLabels(from: string, to: string, grain: CustomGrain, rules: PeriodRules, cal: WorkCalendar): { days: string[]; labels: string[] } {
  const days: string[] = []
  const labels: string[] = []
  const a = toEpochDay(from)
  const b = toEpochDay(to)
  let p = periodOf(grain, a, rules, cal)
  for (let d = a; d <= b; d++) {
    if (d > p.to) p = periodOf(grain, d, rules, cal)
    days.push(fromEpochDay(d))
    labels.push(p.label)
  }
  return { days, labels }
}

/**
 * Statistics period rules (统计时间配置): how a day falls into a statistical week, month, quarter and
 * year. Pure: the working-day calendar and "today" are passed in; days are local epoch days.
 *
 * - A week starts on the configured ISO weekday (default Monday) and has seven days.
 * - A statistical month closes on its calendar end (`calendar`), on the last working day of the
 *   calendar month (`lastWorkingDay`: the days after it, weekends or a holiday at the month's end,
 *   belong to the next month), or on a fixed day of the month (`day`, 1–28: the 25th closes
 *   month M, the 26th opens month M + 1).
 * - A quarter is three statistical months (Jan–Mar, …), a year twelve: they close when their last
 *   month closes, so the closing rule of December decides where a year ends.
 * - Times are read in `timeZone` (default Asia/Shanghai): the caller turns instants into local days
 *   with `localDayOf(instant, rules.timeZone)`.
 *
 * Bounds are inclusive both ends: `{ from, to }` are the first and the last day of the period.
 */
import { civilFromDays, daysFromCivil } from '../calendar/_lib/civil.ts'
import { isoDayOfWeek } from '../calendar/isoDayOfWeek.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'

export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter', 'year'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

export type MonthClose = { readonly kind: 'calendar' } | { readonly kind: 'lastWorkingDay' } | { readonly kind: 'day'; readonly day: number }

/** The stored rules of one jurisdiction, schema version 1. */
export interface PeriodRules {
  readonly schemaVersion: 1
  /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
  readonly weekStart: number
  readonly monthClose: MonthClose
  /** IANA zone the periods are read in. */
  readonly timeZone: string
}

/** The shipped default: weeks from Monday, months to their calendar end, Asia/Shanghai. */
export const DEFAULT_PERIOD_RULES: PeriodRules = { schemaVersion: 1, weekStart: 1, monthClose: { kind: 'calendar' }, timeZone: 'Asia/Shanghai' }

/** One statistical period: its kind, a label (`2026-W07`, `2026-02`, `2026-Q1`, `2026`, `2026-02-14`), and its first and last day (inclusive). */
export interface Period {
  readonly kind: PeriodKind
  readonly label: string
  readonly from: number
  readonly to: number
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** Last day of a calendar month (epoch day). `month` 1–12, may overflow into the next/previous year. */
function lastDayOfMonth(year: number, month: number): number {
  return daysFromCivil(year + Math.floor(month / 12), (month % 12) + 1, 1) - 1
}

/**
 * The last day of statistical month (year, month). `month` may be outside 1–12 (it carries into
 * the year). With `lastWorkingDay`, a month without any working day in the calendar (outside its
 * range) falls back to Monday–Friday.
 */
export function monthCloseDay(year: number, month: number, rules: PeriodRules, calendar: WorkCalendar): number {
  const y = year + Math.floor((month - 1) / 12)
  const m = ((((month - 1) % 12) + 12) % 12) + 1
  const end = lastDayOfMonth(y, m)
  switch (rules.monthClose.kind) {
    case 'calendar':
      return end
    case 'day':
      return daysFromCivil(y, m, rules.monthClose.day)
    case 'lastWorkingDay': {
      const first = daysFromCivil(y, m, 1)
      for (let d = end; d >= first; d--) {
        const working = calendar.contains(d) ? calendar.isWorkday(d) : isoDayOfWeek(d) <= 5
        if (working) return d
      }
      return end
    }
  }
}

/** The statistical month (year, month 1–12) a day belongs to. */
export function statisticalMonthOf(day: number, rules: PeriodRules, calendar: WorkCalendar): { year: number; month: number } {
  const [year, month] = civilFromDays(day)
  // the day belongs to its calendar month unless that month closed before it; with a fixed close
  // day it may also belong to the month itself only from the previous close + 1 on
  if (day <= monthCloseDay(year, month, rules, calendar)) return { year, month }
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 }
}

/**
 * The period of `kind` that contains `day`.
 *
 * @example
 * // Feb 2026 closes on Saturday the 28th, a 调休 working day; 31 Jan 2026 (Saturday) is in February
 * periodOf('month', toEpochDay('2026-01-31'), { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'lastWorkingDay' } }, cnWorkCalendar())
 * //=> { kind: 'month', label: '2026-02', from: 2026-01-31, to: 2026-02-28 }
 */
export function periodOf(kind: PeriodKind, day: number, rules: PeriodRules, calendar: WorkCalendar): Period {
  if (kind === 'day') {
    const [year, month, d] = civilFromDays(day)
    return { kind, label: `${year}-${pad(month)}-${pad(d)}`, from: day, to: day }
  }
  if (kind === 'week') {
    const from = day - ((isoDayOfWeek(day) - rules.weekStart + 7) % 7)
    // label: ISO-like week number of the week's first day within its year, weeks counted from the
    // first week that starts in the year
    const [year] = civilFromDays(from)
    const jan1 = daysFromCivil(year, 1, 1)
    const firstStart = jan1 + ((rules.weekStart - isoDayOfWeek(jan1) + 7) % 7)
    const n = from >= firstStart ? Math.floor((from - firstStart) / 7) + 1 : 0
    return { kind, label: `${year}-W${pad(n)}`, from, to: from + 6 }
  }
  const { year, month } = statisticalMonthOf(day, rules, calendar)
  const span = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12
  const firstMonth = kind === 'month' ? month : kind === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : 1
  const lastMonth = firstMonth + span - 1
  const from = monthCloseDay(year, firstMonth - 1, rules, calendar) + 1
  const to = monthCloseDay(year, lastMonth, rules, calendar)
  const label = kind === 'month' ? `${year}-${pad(month)}` : kind === 'quarter' ? `${year}-Q${(firstMonth - 1) / 3 + 1}` : String(year)
  return { kind, label, from, to }
}

/** A problem with stored or submitted rules: the field and what is wrong. */
export interface PeriodRulesProblem {
  readonly path: string
  readonly message: string
}

/**
 * Checks untrusted rules (an admin's PUT body or a stored row) and returns them typed, or the
 * problems. Missing fields take the defaults.
 */
export function parsePeriodRules(input: unknown, isZone: (zone: string) => boolean): { ok: true; rules: PeriodRules } | { ok: false; problems: PeriodRulesProblem[] } {
  const problems: PeriodRulesProblem[] = []
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ path: '', message: 'must be an object' }] }
  const o = input as Record<string, unknown>
  const weekStart = o.weekStart ?? DEFAULT_PERIOD_RULES.weekStart
  if (typeof weekStart !== 'number' || !Number.isInteger(weekStart) || weekStart < 1 || weekStart > 7) problems.push({ path: 'weekStart', message: 'must be an ISO weekday 1–7' })
  const timeZone = o.timeZone ?? DEFAULT_PERIOD_RULES.timeZone
  if (typeof timeZone !== 'string' || !isZone(timeZone)) problems.push({ path: 'timeZone', message: 'must be an IANA time zone' })
  let monthClose: MonthClose = DEFAULT_PERIOD_RULES.monthClose
  const mc = o.monthClose
  if (mc !== undefined) {
    const kind = typeof mc === 'object' && mc !== null ? (mc as Record<string, unknown>).kind : undefined
    if (kind === 'calendar' || kind === 'lastWorkingDay') monthClose = { kind }
    else if (kind === 'day') {
      const d = (mc as Record<string, unknown>).day
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 28) problems.push({ path: 'monthClose/day', message: 'must be a day 1–28' })
      else monthClose = { kind, day: d }
    } else problems.push({ path: 'monthClose/kind', message: "must be 'calendar', 'lastWorkingDay' or 'day'" })
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, rules: { schemaVersion: 1, weekStart: weekStart as number, monthClose, timeZone: timeZone as string } }
}

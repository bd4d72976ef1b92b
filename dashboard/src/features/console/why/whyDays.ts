/**
 * The "why?" panel's day-by-day table: every day from acceptance to the last day the explanation
 * covers (the red day, or the stop), each with what it counted as and why — counted day n of N,
 * not counted (weekend, holiday, suspension, supplement), the n-th working day after the
 * deadline, the calendar entry that decided it (holiday, adjusted working day, local override),
 * and the thresholds (warning, yellow, red) that start on it. Pure; the types come from domain.
 */
import type { DeadlineExplanation } from '../../../../../domain/clock/types.ts'
import type { CalendarEntry, DayKind } from '../../../../../domain/calendar/types.ts'

export type DayRole = 'accepted' | 'start' | 'counted' | 'excluded' | 'afterDeadline' | 'notCounted'

export interface WhyDay {
  date: string
  /** ISO weekday 1 (Monday) … 7 (Sunday) */
  weekday: number
  role: DayRole
  /** counted day index (1 … N) */
  index: number | null
  /** working days after the deadline day */
  offset: number | null
  excludedReason: 'suspension' | 'supplement' | null
  entry: CalendarEntry | null
  /**
   * The calendar's reason for the day, on every row: the special entry's kind (holiday, adjusted
   * working day, local override), else an ordinary working day or weekend.
   */
  calendarKind: DayKind
  thresholds: ('warning' | 'yellow' | 'red')[]
  isDeadline: boolean
}

const DAY_MS = 86_400_000
const toMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The rows of the why panel; at most `maxDays` (default 400) from acceptance. */
export function whyDays(x: DeadlineExplanation, maxDays = 400): WhyDay[] {
  const counted = new Map(x.countedDays.map((c) => [c.date, c.index]))
  const after = new Map(x.afterDeadline.map((a) => [a.date, a.offset]))
  const excluded = new Map(x.excludedDays.map((e) => [e.date, e.reason]))
  const entries = new Map(x.calendarEntries.map((e) => [e.date, e]))
  const thresholds = new Map<string, ('warning' | 'yellow' | 'red')[]>()
  for (const t of x.thresholds) thresholds.set(t.from, [...(thresholds.get(t.from) ?? []), t.level])
  const deadline = x.result.status === 'running' ? x.result.deadlineDate : null
  const candidates = [x.acceptedDate, x.startDate, ...counted.keys(), ...after.keys(), ...excluded.keys(), ...entries.keys(), ...thresholds.keys()]
  const last = candidates.reduce((m, d) => (d > m ? d : m), x.acceptedDate)
  const out: WhyDay[] = []
  for (let ms = toMs(x.acceptedDate), end = toMs(last); ms <= end && out.length < maxDays; ms += DAY_MS) {
    const date = toDate(ms)
    const index = counted.get(date) ?? null
    const offset = after.get(date) ?? null
    const excludedReason = excluded.get(date) ?? null
    const role: DayRole =
      date === x.acceptedDate ? 'accepted' : date === x.startDate ? 'start' : index !== null ? 'counted' : excludedReason !== null ? 'excluded' : offset !== null ? 'afterDeadline' : 'notCounted'
    const wd = new Date(ms).getUTCDay()
    const weekday = wd === 0 ? 7 : wd
    const entry = entries.get(date) ?? null
    const calendarKind: DayKind = entry?.kind ?? (weekday >= 6 ? 'weekend' : 'workday')
    out.push({ date, weekday, role, index, offset, excludedReason, entry, calendarKind, thresholds: thresholds.get(date) ?? [], isDeadline: date === deadline })
  }
  return out
}

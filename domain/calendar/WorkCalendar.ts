import { civilFromDays, daysFromCivil } from './_lib/civil.ts'
import { fromEpochDay } from './fromEpochDay.ts'
import { isoDayOfWeek } from './isoDayOfWeek.ts'
import { toEpochDay } from './toEpochDay.ts'
import type { CalendarData, CalendarEntry, DayKind, DaySource, LocalOverride } from './types.ts'

/** Options of `WorkCalendar.fromData`. */
export interface WorkCalendarOptions {
  /**
   * Local one-off days off or on. They win over the notice. A later entry for the same date wins
   * over an earlier one.
   * @default []
   */
  readonly overrides?: readonly LocalOverride[]
  /**
   * First year covered (1 January, inclusive).
   * @default the first year of the data
   */
  readonly fromYear?: number
  /**
   * Last year covered (31 December, inclusive). Years after the last official one are provisional
   * (Monday–Friday only). Override dates outside the range widen it.
   * @default the last year of the data + 5
   */
  readonly toYear?: number
}

const KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday', 'local_off', 'local_on']
const K_WORKDAY = 0
const K_WEEKEND = 1
const K_HOLIDAY = 2
const K_ADJUSTED = 3
const K_LOCAL_OFF = 4
const K_LOCAL_ON = 5

/**
 * A jurisdiction's working-day calendar over a fixed range of days, for O(1) deadline arithmetic.
 *
 * It holds, for each day of the range, a working-day flag and the running ordinal
 * `ordinal(d)` = number of working days in `[firstDay, d]` (inclusive both ends), plus the inverse
 * table `workdayAt(k)` = the day whose ordinal is k and which is itself a working day. So "the N-th
 * working day after d" is `workdayAt(ordinal(d) + N)` and "working days in (a, b]" is
 * `ordinal(b) - ordinal(a)`: array lookups, no loops, no `Date`, no time zone.
 *
 * Days are epoch days (days since 1970-01-01, local dates). Queries outside the range give `NaN`
 * (or `false` for `isWorkday`), never an exception. Instances are immutable.
 *
 * @example
 * const cal = WorkCalendar.fromData(CN_CALENDAR_DATA)
 * cal.isWorkday(toEpochDay('2026-02-14'))   //=> true  (Saturday, 调休上班)
 * cal.isWorkday(toEpochDay('2026-02-16'))   //=> false (春节)
 * cal.workdayAt(cal.ordinal(toEpochDay('2026-02-13')) + 1) // 2026-02-14
 */
export class WorkCalendar {
  /** First epoch day covered (inclusive). */
  readonly firstDay: number
  /** Last epoch day covered (inclusive). */
  readonly lastDay: number
  /** Years with an official State Council notice, ascending. All others are provisional. */
  readonly officialYears: readonly number[]
  /** The local overrides applied, as given. */
  readonly overrides: readonly LocalOverride[]
  /** The jurisdiction of the base data, e.g. `CN`. */
  readonly jurisdiction: string

  readonly #official: ReadonlySet<number>
  readonly #kind: Uint8Array
  readonly #ordinal: Int32Array
  readonly #byOrdinal: Int32Array
  readonly #names: ReadonlyMap<number, string>

  private constructor(
    jurisdiction: string,
    firstDay: number,
    kind: Uint8Array,
    names: Map<number, string>,
    officialYears: readonly number[],
    overrides: readonly LocalOverride[],
  ) {
    this.jurisdiction = jurisdiction
    this.firstDay = firstDay
    this.lastDay = firstDay + kind.length - 1
    this.#kind = kind
    this.#names = names
    this.officialYears = Object.freeze([...officialYears])
    this.#official = new Set(officialYears)
    this.overrides = Object.freeze(overrides.map((o) => Object.freeze({ ...o })))
    const ordinal = new Int32Array(kind.length)
    let count = 0
    for (let i = 0; i < kind.length; i++) {
      if (isWorkKind(kind[i]!)) count++
      ordinal[i] = count
    }
    const byOrdinal = new Int32Array(count)
    for (let i = 0; i < kind.length; i++) if (isWorkKind(kind[i]!)) byOrdinal[ordinal[i]! - 1] = firstDay + i
    this.#ordinal = ordinal
    this.#byOrdinal = byOrdinal
  }

  /**
   * Builds a calendar from validated data (see `parseCalendarData`) and optional local overrides.
   * An invalid override date throws a `RangeError` (the one throw in this folder): a calendar that
   * silently dropped an administrator's day off would make every deadline wrong.
   *
   * @param data - calendar data (official years)
   * @param options - overrides and the year range
   * @returns the calendar
   * @throws RangeError when the year range is empty or an override date is invalid
   */
  static fromData(data: CalendarData, options: WorkCalendarOptions = {}): WorkCalendar {
    const overrides = options.overrides ?? []
    const dataYears = data.years.map((y) => y.year)
    const overrideDays = overrides.map((o) => {
      const d = toEpochDay(o.date)
      if (Number.isNaN(d)) throw new RangeError(`invalid override date ${o.date}`)
      return d
    })
    const overrideYears = overrideDays.map((d) => civilFromDays(d)[0])
    const fromYear = Math.min(options.fromYear ?? dataYears[0] ?? 2015, ...overrideYears)
    const toYear = Math.max(options.toYear ?? (dataYears.at(-1) ?? fromYear) + 5, ...overrideYears)
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || toYear < fromYear) {
      throw new RangeError(`empty year range ${fromYear}–${toYear}`)
    }
    const firstDay = daysFromCivil(fromYear, 1, 1)
    const lastDay = daysFromCivil(toYear, 12, 31)
    const kind = new Uint8Array(lastDay - firstDay + 1)
    for (let d = firstDay; d <= lastDay; d++) kind[d - firstDay] = isoDayOfWeek(d) >= 6 ? K_WEEKEND : K_WORKDAY
    const names = new Map<number, string>()
    for (const y of data.years) {
      for (const h of y.holidays) {
        const d = toEpochDay(h.date)
        if (d < firstDay || d > lastDay) continue
        kind[d - firstDay] = K_HOLIDAY
        names.set(d, h.name)
      }
      for (const h of y.adjustedWorkdays) {
        const d = toEpochDay(h.date)
        if (d < firstDay || d > lastDay) continue
        kind[d - firstDay] = K_ADJUSTED
        names.set(d, h.name)
      }
    }
    overrides.forEach((o, i) => {
      const d = overrideDays[i]!
      kind[d - firstDay] = o.isWorkday ? K_LOCAL_ON : K_LOCAL_OFF
      names.set(d, o.reason)
    })
    return new WorkCalendar(data.jurisdiction, firstDay, kind, names, dataYears, overrides)
  }

  /** Whether the epoch day lies in the calendar's range (inclusive both ends). */
  contains(day: number): boolean {
    return Number.isInteger(day) && day >= this.firstDay && day <= this.lastDay
  }

  /** Whether the day is a working day; `false` outside the range. */
  isWorkday(day: number): boolean {
    return this.contains(day) && isWorkKind(this.#kind[day - this.firstDay]!)
  }

  /**
   * Working days in `[firstDay, day]`, both inclusive; `NaN` outside the range.
   * @example cal.ordinal(d) - cal.ordinal(a) // working days in (a, d]
   */
  ordinal(day: number): number {
    return this.contains(day) ? this.#ordinal[day - this.firstDay]! : Number.NaN
  }

  /**
   * The working day whose ordinal is `k` (k ≥ 1): the k-th working day of the calendar.
   * `NaN` when there is no such day in the range.
   */
  workdayAt(k: number): number {
    return Number.isInteger(k) && k >= 1 && k <= this.#byOrdinal.length ? this.#byOrdinal[k - 1]! : Number.NaN
  }

  /** The kind of the day, or `undefined` outside the range. */
  kindOf(day: number): DayKind | undefined {
    return this.contains(day) ? KINDS[this.#kind[day - this.firstDay]!] : undefined
  }

  /** Whether the year has an official notice in this calendar. */
  isOfficialYear(year: number): boolean {
    return this.#official.has(year)
  }

  /** The full description of a day (for explanations and the SQL twin), or `undefined` outside the range. */
  entry(day: number): CalendarEntry | undefined {
    if (!this.contains(day)) return undefined
    const k = this.#kind[day - this.firstDay]!
    const year = civilFromDays(day)[0]
    let source: DaySource
    if (k === K_LOCAL_OFF || k === K_LOCAL_ON) source = 'local'
    else if (!this.#official.has(year)) source = 'provisional'
    else if (k === K_HOLIDAY || k === K_ADJUSTED) source = 'notice'
    else source = 'statutory'
    return {
      date: fromEpochDay(day),
      isWorkday: isWorkKind(k),
      kind: KINDS[k]!,
      source,
      name: this.#names.get(day) ?? null,
      ordinal: this.#ordinal[day - this.firstDay]!,
    }
  }

  /**
   * Whether the day's status departs from plain Monday–Friday (a holiday, an adjusted working day,
   * a local override). `false` outside the range.
   */
  isSpecial(day: number): boolean {
    if (!this.contains(day)) return false
    const k = this.#kind[day - this.firstDay]!
    return k !== K_WORKDAY && k !== K_WEEKEND
  }
}

function isWorkKind(k: number): boolean {
  return k === K_WORKDAY || k === K_ADJUSTED || k === K_LOCAL_ON
}

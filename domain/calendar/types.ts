/**
 * Shapes of the working-day calendar. The stored data (`CalendarData`) is versioned: a new shape
 * gets a new `schemaVersion` and an `up()` from the previous one in `parseCalendarData.ts`.
 */

/** What kind of day a date is in a jurisdiction's calendar. */
export type DayKind =
  /** Monday–Friday, worked. */
  | 'workday'
  /** Saturday or Sunday, off. */
  | 'weekend'
  /** A statutory day off from the State Council notice (including weekend days inside a holiday). */
  | 'holiday'
  /** 调休上班: a weekend day worked by the State Council notice. */
  | 'adjusted_workday'
  /** A local one-off day off, entered by an administrator. */
  | 'local_off'
  /** A local one-off working day, entered by an administrator. */
  | 'local_on'

/**
 * Where a day's status comes from: `notice` (a holiday or adjusted day of the State Council notice),
 * `statutory` (an ordinary weekday or weekend of a year whose notice is loaded), `provisional`
 * (a year without a notice: Monday–Friday only), `local` (an administrator's override).
 */
export type DaySource = 'statutory' | 'notice' | 'provisional' | 'local'

/** One dated entry of a year's notice. */
export interface NoticeDay {
  /** `YYYY-MM-DD` */
  readonly date: string
  /** Chinese name of the holiday, e.g. `春节`. */
  readonly name: string
  /** English name, e.g. `Spring Festival`. */
  readonly nameEn: string
}

/** One year of the State Council holiday notice. */
export interface NoticeYear {
  readonly year: number
  /** Only `official` years are stored; a year that is absent is provisional. */
  readonly status: 'official'
  /** Statutory days off, in date order. */
  readonly holidays: readonly NoticeDay[]
  /** 调休上班: weekend days worked, in date order. */
  readonly adjustedWorkdays: readonly NoticeDay[]
}

/** The shipped calendar data file (`data/cn.json`), schema version 1. */
export interface CalendarData {
  readonly schemaVersion: 1
  /** `CN` for the national calendar. */
  readonly jurisdiction: string
  readonly source: {
    readonly package: string
    readonly version: string
    readonly license: string
    readonly url: string
    readonly file: string
  }
  readonly years: readonly NoticeYear[]
}

/** A local one-off day off or on, entered by an administrator (audited elsewhere). */
export interface LocalOverride {
  /** `YYYY-MM-DD` */
  readonly date: string
  readonly isWorkday: boolean
  readonly reason: string
}

/** A day of a `WorkCalendar`, as it is explained to supervisors and written to `calendar_days`. */
export interface CalendarEntry {
  /** `YYYY-MM-DD` */
  readonly date: string
  readonly isWorkday: boolean
  readonly kind: DayKind
  readonly source: DaySource
  /** Holiday name (Chinese), the local reason, or `null` for ordinary days. */
  readonly name: string | null
  /** Working days from the calendar's first day up to and including this day. */
  readonly ordinal: number
}

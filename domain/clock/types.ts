import type { ThresholdBasis } from './ruleSentences.ts'
import type { CalendarEntry } from '../calendar/types.ts'

/** Alert level of a case or stage; `normal` is below all alerts. */
export type Level = 'normal' | 'warning' | 'yellow' | 'red'

/** Unit of a time limit: working days (工作日) or calendar days (日). */
export type LimitUnit = 'workday' | 'day'

/** What a supplement (补正) after acceptance does to the clock. */
export type SupplementMode =
  /** 时限从补齐材料之日起计算: the supply day is like a new acceptance day (default). */
  | 'restart'
  /** The days d with requested < d ≤ supplied are not counted, like a suspension. */
  | 'pause'

/**
 * When the warning starts.
 * - `{ offset: k }` (k ≤ 0): `k = 0` is 00:00 of the deadline day; `k < 0` is 00:00 of counted day
 *   N + k (|k| counted days before the last one; the acceptance/start day when N + k ≤ 0).
 * - `{ share: s }` (0 < s ≤ 1): 00:00 of counted day ⌈s·N⌉ (the start day when that is 0).
 */
export type WarningRule = { readonly offset: number } | { readonly share: number }

/** Level thresholds. Yellow and red are working days after the deadline day (1 ≤ yellow ≤ red). */
export interface LevelScheme {
  readonly warning: WarningRule
  /** Yellow card from 00:00 of the `yellow`-th working day after the deadline day. */
  readonly yellow: number
  /** Red card from 00:00 of the `red`-th working day after the deadline day. */
  readonly red: number
}

/**
 * A point in time as the events give it: an ISO-8601 instant with offset
 * (`2025-09-30T23:30:00Z`, `2025-10-01T07:30+08:00`), or a local date `YYYY-MM-DD`.
 * Only its local date in the case's zone matters to the rules.
 */
export type Moment = string

/** A special procedure (特别程序) that stops the clock: days d with from < d ≤ to are not counted. */
export interface SuspensionInput {
  readonly from: Moment
  /** Resumption; absent or `null` while the procedure is still running (the clock stays stopped). */
  readonly to?: Moment | null
  /** Expected length, to watch an open suspension. */
  readonly expectedDays?: number
  /** @default the case's unit */
  readonly expectedUnit?: LimitUnit
}

/** A supplement (补正) requested after acceptance, and when the materials were supplied. */
export interface SupplementInput {
  readonly requested: Moment
  /** Absent or `null` while pending (the clock is stopped). */
  readonly supplied?: Moment | null
  /** Expected length, to watch a pending supplement. */
  readonly expectedDays?: number
  /** @default the case's unit */
  readonly expectedUnit?: LimitUnit
}

/** Everything the deadline of one case (or stage) depends on. */
export interface DeadlineInput {
  /** Acceptance (受理); its local date is day 0, not counted. */
  readonly accepted: Moment
  /** Limit, a non-negative integer; 0 = 即办件 (24:00 of the acceptance day). */
  readonly limit: number
  readonly unit: LimitUnit
  readonly suspensions?: readonly SuspensionInput[]
  readonly supplements?: readonly SupplementInput[]
  /** @default 'restart' */
  readonly supplementMode?: SupplementMode
  /** @default DEFAULT_LEVEL_SCHEME (warning offset 0, yellow 1, red 5) */
  readonly scheme?: LevelScheme
  /** IANA zone of the jurisdiction. @default 'Asia/Shanghai' */
  readonly zone?: string
  /** The instant to evaluate counted days and level at (ISO instant with offset, or epoch ms). */
  readonly now?: string | number
}

interface DeadlineCommon {
  readonly limit: number
  readonly unit: LimitUnit
  readonly zone: string
  /** Local date of acceptance. */
  readonly acceptedDate: string
  /** The day counting starts after: the acceptance day, or the supply day of the last restart. */
  readonly startDate: string
  /** Counted days that have begun by `now` (start day = 0); `null` without `now`. */
  readonly countedDays: number | null
  /** Level at `now`; `null` without `now`. */
  readonly level: Level | null
  /** UTC ISO instant of the next level change after `now`; `null` without `now`, at red, or while stopped. */
  readonly nextTransitionAt: string | null
  /** Whether a day the result depends on lies in a provisional year (no notice yet: Monday–Friday). */
  readonly provisional: boolean
}

/** The clock is running (or has run out): every date is known. */
export interface RunningDeadline extends DeadlineCommon {
  readonly status: 'running'
  /** The last day of the limit; the deadline is 24:00 local of this day. */
  readonly deadlineDate: string
  /** 24:00 local of `deadlineDate`, as a UTC ISO instant. */
  readonly deadlineAt: string
  readonly warningFrom: string
  readonly yellowFrom: string
  readonly redFrom: string
}

/** Why and since when the clock is stopped, and the stop's own watch. */
export interface ClockStop {
  readonly reason: 'suspension' | 'supplement'
  /** The last day counted before the stop (the suspension or request day). */
  readonly since: string
  /** When the procedure is expected to end (from its `expectedDays`), or `null`. */
  readonly expectedEnd: string | null
  /** 24:00 local of `expectedEnd` as a UTC ISO instant, or `null`. */
  readonly expectedEndAt: string | null
  /** Whether `now` is past `expectedEndAt`; `null` without `now` or without an expected end. */
  readonly overrun: boolean | null
}

/** The clock is stopped by an open suspension or a pending supplement: the deadline is unknown. */
export interface StoppedDeadline extends DeadlineCommon {
  readonly status: 'stopped'
  readonly stop: ClockStop
  /** Counted days left when the clock resumes (the full limit after a restart supplement). */
  readonly remainingDays: number
  /** The warning day when it was already reached before the stop, else `null`. */
  readonly warningFrom: string | null
}

/** Input that cannot be computed (bad value, unknown zone, outside the calendar). */
export interface InvalidDeadline {
  readonly status: 'invalid'
  readonly error: string
}

export type DeadlineResult = RunningDeadline | StoppedDeadline | InvalidDeadline

/** One counted day of the limit. */
export interface CountedDay {
  readonly date: string
  /** 1 … N */
  readonly index: number
}

/** A day not counted because the clock was stopped. */
export interface ExcludedDay {
  readonly date: string
  readonly reason: 'suspension' | 'supplement'
}

/** An event that did not move the clock, and why. */
export interface IgnoredEvent {
  readonly kind: 'suspension' | 'supplement'
  readonly from: string
  readonly to: string | null
  readonly why: 'before-start' | 'on-or-after-last-counted-day' | 'supplied-before-start'
}

/** A threshold of the level scheme, as applied. */
export interface Threshold {
  readonly level: Exclude<Level, 'normal'>
  readonly from: string
  /** 00:00 local of `from`, UTC ISO. */
  readonly at: string
  /** The rule in English (ruleSentences.ts renders it in every page language from `basis`). */
  readonly rule: string
  /** What placed the threshold; absent in explanations stored before it existed. */
  readonly basis?: ThresholdBasis
}

/**
 * "Why this deadline, why this level": a JSON-serialisable account, day by day.
 */
export interface DeadlineExplanation {
  readonly result: RunningDeadline | StoppedDeadline
  readonly rule: string
  readonly limit: number
  readonly unit: LimitUnit
  readonly zone: string
  readonly acceptedDate: string
  readonly startDate: string
  /** Restart supplements that moved the start, in order. */
  readonly restarts: readonly { readonly requested: string; readonly supplied: string }[]
  /** The counted days 1 … N (up to the stop while stopped). */
  readonly countedDays: readonly CountedDay[]
  /** For calendar-day limits: the N-th day when it was moved to the next working day, else `null`. */
  readonly movedFrom: string | null
  /** Working days after the deadline day up to the red day, with their offset (1 = yellow day by default). */
  readonly afterDeadline: readonly { readonly date: string; readonly offset: number }[]
  /** Days not counted because of suspensions or paused supplements. */
  readonly excludedDays: readonly ExcludedDay[]
  readonly ignored: readonly IgnoredEvent[]
  /** Holidays, adjusted working days and local overrides between acceptance and the red day (or now). */
  readonly calendarEntries: readonly CalendarEntry[]
  readonly thresholds: readonly Threshold[]
}

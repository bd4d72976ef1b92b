import type { CaseState, LimitSpec } from '../case/foldCase.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { computeDeadline } from './computeDeadline.ts'
import { explainDeadline } from './explainDeadline.ts'
import { levelAt } from './levelAt.ts'
import { DEFAULT_LEVEL_SCHEME } from './DEFAULT_LEVEL_SCHEME.ts'
import { momentDay } from './_lib/plan.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import { startIso } from './_lib/result.ts'
import { stageClocks, type StageClock } from './stageClocks.ts'
import type { DeadlineExplanation, DeadlineInput, Level, LevelScheme, SupplementMode } from './types.ts'

/** Why a late stage raised the case's level (PRODUCT.md: a late stage gets a warning). */
export interface StageWarning {
  readonly rule: string
  readonly stage: StageClock['stage']
  readonly limit: StageClock['limit']
  readonly startDate: string
  readonly deadlineDate: string
  readonly lateFrom: string
  readonly endDate: string | null
  readonly countedDays: readonly string[]
  readonly excludedDays: readonly string[]
}

/** The case's explanation: its deadline day by day, its stage clocks, and the stage warning when one raised the level. */
export type CaseExplanation = DeadlineExplanation & {
  readonly stages: readonly StageClock[]
  readonly stageWarning: StageWarning | null
}

/** What the clock of one case needs besides its events. */
export interface CaseClockContext {
  calendar: WorkCalendar
  /** IANA zone of the case's jurisdiction. */
  zone: string
  /** The effective level scheme (item > department > jurisdiction > default). */
  scheme?: LevelScheme
  /** @default 'restart' */
  supplementMode?: SupplementMode
  /** The item's limits, used when the acceptance event does not override them. */
  itemPromisedLimit?: LimitSpec | null
  itemLegalLimit?: LimitSpec | null
  /** The instant to evaluate at, epoch ms. */
  nowMs: number
  /** Also build the day-by-day explanation (costlier; for level changes, cards and `/explain`). @default false */
  explain?: boolean
}

/** The clock of a case as stored on its row. */
export interface CaseClock {
  /** none: not accepted or no limit; running; stopped (open suspension / pending supplement); closed (concluded or returned). */
  status: 'none' | 'running' | 'stopped' | 'closed'
  limit: LimitSpec | null
  legalLimit: LimitSpec | null
  deadlineDate: string | null
  legalDeadlineDate: string | null
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  /** The case's level: the higher of the case clock's own level and the stage warning. */
  level: Level
  /** The level of the case clock alone (deadline, warning / yellow / red days). */
  clockLevel: Level
  /** The own clocks of the stages that have a limit (empty when none has). */
  stages: readonly StageClock[]
  /** From 00:00 of this local date a late stage keeps the case at least at warning; `null` when no stage can. */
  stageWarningFrom: string | null
  /** The stage that sets `stageWarningFrom` (late now or later), with its limit and days; else `null`. */
  stageWatch: StageWarning | null
  /** When a late stage raises the level above the clock's: which stage, its limit and days (= `stageWatch`); else `null`. */
  stageWarning: StageWarning | null
  /** UTC ISO instant of the next level change, or null when none can happen without a new event. */
  nextTransitionAt: string | null
  /** The explanation, day by day (only with `explain: true`; null when there is no clock). */
  explanation: CaseExplanation | null
  /** Whether a day the deadline depends on lies in a provisional year (no holiday notice yet). */
  provisional: boolean
  /** The start day of counting (acceptance day or the last restart's supply day). */
  startDate: string | null
  /** While stopped: the stop's own watch (expected end) and whether it is overrun. */
  stop: { reason: 'suspension' | 'supplement'; since: string; expectedEnd: string | null; overrun: boolean | null } | null
  /**
   * The deadline's inputs as local dates, for the set-based recompute in SQL (migration
   * 025.recompute.sql) after a calendar or level-scheme change; `null` (or absent) without a clock.
   */
  inputs?: ClockInputs | null
}

/**
 * What the deadline of a case depends on besides the calendar, normalised to local dates exactly
 * as the engine sees them (`computeDeadline`): the SQL twin `clock_compute` recomputes the same
 * deadline from these and `calendar_days`.
 */
export interface ClockInputs {
  /** Local date of acceptance (day 0, not counted). */
  acceptedDate: string
  /**
   * Days not counted: suspensions and, in `pause` mode, supplements, as (from, to] ranges merged
   * like the engine merges them (overlapping or adjacent ranges joined), sorted by `from`;
   * `to` is `null` while open.
   */
  excluded: { from: string; to: string | null }[]
  /**
   * Supplements in `restart` mode, in the engine's order (by request, then supply day; pending
   * last); `supplied` is `null` while pending. Whether each one restarts the clock depends on the
   * calendar (a request on/after the N-th counted day does not), so they are kept, not applied.
   */
  restarts: { requested: string; supplied: string | null }[]
  /** The effective level scheme. */
  scheme: LevelScheme
}

const NONE: CaseClock = {
  status: 'none', limit: null, legalLimit: null, deadlineDate: null, legalDeadlineDate: null, warningFrom: null,
  yellowFrom: null, redFrom: null, level: 'normal', clockLevel: 'normal', stages: [], stageWarningFrom: null, stageWatch: null, stageWarning: null,
  nextTransitionAt: null, explanation: null, stop: null, provisional: false, startDate: null,
}

const RANK: Record<Level, number> = { normal: 0, warning: 1, yellow: 2, red: 3 }

/**
 * A closed case that never passed its deadline is on time (normal), even when it closed on the
 * deadline day itself (warning then); one that closed after it keeps its yellow or red.
 */
export function closedLevel(closed: boolean, level: Level): Level {
  return closed && level === 'warning' ? 'normal' : level
}

/**
 * Computes a case's clock from its folded state: the promised limit drives the levels, the legal
 * deadline is shown beside it. A closed case keeps the level it had when it closed (normal when it
 * closed in time, see `closedLevel`); a stopped
 * clock whose procedure overran its expected length is at warning.
 *
 * @pure `now` comes in through the context
 */
export function caseClock(state: CaseState, ctx: CaseClockContext): CaseClock {
  const clock = deadlineClock(state, ctx)
  if (state.acceptedAt === null) return clock
  const closedAt = state.concludedAt ?? state.returnedAt
  const evalMs = closedAt !== null ? Math.min(Date.parse(closedAt), ctx.nowMs) : ctx.nowMs
  const watch = stageClocks(state, { calendar: ctx.calendar, zone: ctx.zone, nowMs: evalMs })
  const explained = (w: StageWarning | null) =>
    clock.explanation === null ? null : { ...clock.explanation, stages: watch.stages, stageWarning: w }
  if (watch.warningFrom === null || watch.stage === null) return { ...clock, stages: watch.stages, explanation: explained(null) }
  const s = watch.stage
  const today = fromEpochDay(localDayOf(evalMs, ctx.zone))
  const lateNow = today >= watch.warningFrom
  const closed = closedAt !== null
  const raised: Level = lateNow && RANK[clock.clockLevel] < RANK.warning ? 'warning' : clock.clockLevel
  const level = closedLevel(closed, raised)
  let next = clock.nextTransitionAt
  if (!closed && !lateNow) {
    const at = startIso(toEpochDay(watch.warningFrom), ctx.zone)
    if (next === null || at < next) next = at
  }
  const stageWatch: StageWarning = {
    rule: `stage ${s.stage} has its own limit of ${s.limit.value} ${s.limit.unit === 'workday' ? 'working days' : 'days'} counted after ${s.startDate}` +
      ` (deadline 24:00 of ${s.deadlineDate}); ${s.endDate === null ? 'open' : `ended ${s.endDate}`} past it: warning from 00:00 of ${s.lateFrom}` +
      ' (环节超时预警)',
    stage: s.stage, limit: s.limit, startDate: s.startDate, deadlineDate: s.deadlineDate!, lateFrom: s.lateFrom!, endDate: s.endDate,
    countedDays: s.countedDays, excludedDays: s.excludedDays,
  }
  const stageWarning = level !== clock.clockLevel ? stageWatch : null
  return {
    ...clock, level, nextTransitionAt: next, stages: watch.stages, stageWarningFrom: watch.warningFrom, stageWatch, stageWarning,
    explanation: explained(stageWarning),
  }
}

/** The case clock alone (no stage clocks); `level` = `clockLevel`. */
function deadlineClock(state: CaseState, ctx: CaseClockContext): CaseClock {
  if (state.acceptedAt === null) return NONE
  const limit = state.promisedLimit ?? ctx.itemPromisedLimit ?? state.legalLimit ?? ctx.itemLegalLimit ?? null
  const legalLimit = state.legalLimit ?? ctx.itemLegalLimit ?? null
  if (limit === null) return { ...NONE, legalLimit }
  const closedAt = state.concludedAt ?? state.returnedAt
  const evalMs = closedAt !== null ? Math.min(Date.parse(closedAt), ctx.nowMs) : ctx.nowMs
  const base: Omit<DeadlineInput, 'limit' | 'unit'> = {
    accepted: state.acceptedAt,
    suspensions: state.suspensions.map((s) => ({ from: s.from, to: s.to, expectedDays: s.expectedDays, expectedUnit: 'workday' as const })),
    supplements: state.supplements
      .filter((s) => s.requestedAt >= (state.acceptedAt as string))
      .map((s) => ({ requested: s.requestedAt, supplied: s.suppliedAt })),
    supplementMode: ctx.supplementMode ?? 'restart',
    scheme: ctx.scheme ?? DEFAULT_LEVEL_SCHEME,
    zone: ctx.zone,
    now: evalMs,
  }
  const input: DeadlineInput = { ...base, limit: limit.value, unit: limit.unit }
  const result = computeDeadline(input, ctx.calendar)
  if (result.status === 'invalid') return { ...NONE, limit, legalLimit }
  const inputs = clockInputs(base, result.acceptedDate)
  const explained = ctx.explain ? explainDeadline(input, ctx.calendar) : null
  const explanation: CaseExplanation | null = explained !== null && 'rule' in explained ? { ...explained, stages: [], stageWarning: null } : null
  const common = { provisional: result.provisional, startDate: result.startDate }
  let legalDeadlineDate: string | null = null
  if (legalLimit) {
    const legal = computeDeadline({ ...base, limit: legalLimit.value, unit: legalLimit.unit }, ctx.calendar)
    legalDeadlineDate = legal.status === 'running' ? legal.deadlineDate : null
  }
  const closed = closedAt !== null
  if (result.status === 'stopped') {
    const overrun = result.stop.overrun === true
    const level: Level = closedLevel(closed, overrun ? 'warning' : (levelAt(result, evalMs) ?? 'normal'))
    return {
      status: closed ? 'closed' : 'stopped', limit, legalLimit, deadlineDate: null, legalDeadlineDate,
      warningFrom: result.warningFrom, yellowFrom: null, redFrom: null, level, clockLevel: level, stages: [], stageWarningFrom: null, stageWatch: null, stageWarning: null,
      nextTransitionAt: closed || overrun ? null : result.stop.expectedEndAt,
      explanation, ...common, stop: { reason: result.stop.reason, since: result.stop.since, expectedEnd: result.stop.expectedEnd, overrun: result.stop.overrun },
      inputs,
    }
  }
  const level = closedLevel(closed, levelAt(result, evalMs) ?? 'normal')
  return {
    status: closed ? 'closed' : 'running', limit, legalLimit, deadlineDate: result.deadlineDate, legalDeadlineDate,
    warningFrom: result.warningFrom, yellowFrom: result.yellowFrom, redFrom: result.redFrom,
    level, clockLevel: level, stages: [], stageWarningFrom: null, stageWatch: null, stageWarning: null, nextTransitionAt: closed ? null : result.nextTransitionAt, explanation, ...common, stop: null,
    inputs,
  }
}

/**
 * The engine's view of the events as local dates (see `ClockInputs`): the same day conversion
 * (`momentDay`), the same merge of exclusions and the same order of restarts as `_lib/plan.ts`.
 * Only called for valid input (the engine returned a result), so every date converts.
 */
function clockInputs(base: Omit<DeadlineInput, 'limit' | 'unit'>, acceptedDate: string): ClockInputs {
  const zone = base.zone ?? 'Asia/Shanghai'
  const day = (m: string | null | undefined) => (m === undefined || m === null ? Infinity : momentDay(m, zone))
  const ranges: { from: number; to: number }[] = (base.suspensions ?? []).map((s) => ({ from: day(s.from), to: day(s.to) }))
  const restarts: { requested: number; supplied: number }[] = []
  for (const s of base.supplements ?? []) {
    if (base.supplementMode === 'pause') ranges.push({ from: day(s.requested), to: day(s.supplied) })
    else restarts.push({ requested: day(s.requested), supplied: day(s.supplied) })
  }
  ranges.sort((x, y) => x.from - y.from || x.to - y.to)
  const merged: { from: number; to: number }[] = []
  for (const r of ranges) {
    const last = merged.at(-1)
    if (last !== undefined && r.from <= last.to) last.to = Math.max(last.to, r.to)
    else merged.push({ ...r })
  }
  restarts.sort((x, y) => x.requested - y.requested || x.supplied - y.supplied)
  const date = (d: number) => (d === Infinity ? null : fromEpochDay(d))
  return {
    acceptedDate,
    excluded: merged.map((r) => ({ from: fromEpochDay(r.from), to: date(r.to) })),
    restarts: restarts.map((r) => ({ requested: fromEpochDay(r.requested), supplied: date(r.supplied) })),
    scheme: base.scheme ?? DEFAULT_LEVEL_SCHEME,
  }
}

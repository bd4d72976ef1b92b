import type { CaseState, LimitSpec } from '../case/foldCase.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { computeDeadline } from './computeDeadline.ts'
import { explainDeadline } from './explainDeadline.ts'
import { levelAt } from './levelAt.ts'
import { DEFAULT_LEVEL_SCHEME } from './DEFAULT_LEVEL_SCHEME.ts'
import type { DeadlineExplanation, DeadlineInput, Level, LevelScheme, SupplementMode } from './types.ts'

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
  level: Level
  /** UTC ISO instant of the next level change, or null when none can happen without a new event. */
  nextTransitionAt: string | null
  /** The explanation, day by day (only with `explain: true`; null when there is no clock). */
  explanation: DeadlineExplanation | null
  /** Whether a day the deadline depends on lies in a provisional year (no holiday notice yet). */
  provisional: boolean
  /** The start day of counting (acceptance day or the last restart's supply day). */
  startDate: string | null
  /** While stopped: the stop's own watch (expected end) and whether it is overrun. */
  stop: { reason: 'suspension' | 'supplement'; since: string; expectedEnd: string | null; overrun: boolean | null } | null
}

const NONE: CaseClock = {
  status: 'none', limit: null, legalLimit: null, deadlineDate: null, legalDeadlineDate: null, warningFrom: null,
  yellowFrom: null, redFrom: null, level: 'normal', nextTransitionAt: null, explanation: null, stop: null,
  provisional: false, startDate: null,
}

/**
 * Computes a case's clock from its folded state: the promised limit drives the levels, the legal
 * deadline is shown beside it. A closed case keeps the level it had when it closed; a stopped
 * clock whose procedure overran its expected length is at warning.
 *
 * @pure `now` comes in through the context
 */
export function caseClock(state: CaseState, ctx: CaseClockContext): CaseClock {
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
  const explained = ctx.explain ? explainDeadline(input, ctx.calendar) : null
  const explanation = explained !== null && 'rule' in explained ? explained : null
  const common = { provisional: result.provisional, startDate: result.startDate }
  let legalDeadlineDate: string | null = null
  if (legalLimit) {
    const legal = computeDeadline({ ...base, limit: legalLimit.value, unit: legalLimit.unit }, ctx.calendar)
    legalDeadlineDate = legal.status === 'running' ? legal.deadlineDate : null
  }
  const closed = closedAt !== null
  if (result.status === 'stopped') {
    const overrun = result.stop.overrun === true
    const level: Level = overrun ? 'warning' : (levelAt(result, evalMs) ?? 'normal')
    return {
      status: closed ? 'closed' : 'stopped', limit, legalLimit, deadlineDate: null, legalDeadlineDate,
      warningFrom: result.warningFrom, yellowFrom: null, redFrom: null, level,
      nextTransitionAt: closed || overrun ? null : result.stop.expectedEndAt,
      explanation, ...common, stop: { reason: result.stop.reason, since: result.stop.since, expectedEnd: result.stop.expectedEnd, overrun: result.stop.overrun },
    }
  }
  return {
    status: closed ? 'closed' : 'running', limit, legalLimit, deadlineDate: result.deadlineDate, legalDeadlineDate,
    warningFrom: result.warningFrom, yellowFrom: result.yellowFrom, redFrom: result.redFrom,
    level: levelAt(result, evalMs) ?? 'normal', nextTransitionAt: closed ? null : result.nextTransitionAt, explanation, ...common, stop: null,
  }
}

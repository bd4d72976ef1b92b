import type { PetitionKind } from '../events/schema.ts'
import type { PetitionState } from '../case/foldPetition.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import type { LimitSpec } from '../case/foldCase.ts'
import { computeDeadline } from './computeDeadline.ts'
import { levelAt } from './levelAt.ts'
import { DEFAULT_LEVEL_SCHEME } from './DEFAULT_LEVEL_SCHEME.ts'
import { closedLevel } from './caseClock.ts'
import type { Level, LevelScheme } from './types.ts'

/** Time limits of a petition kind: to acknowledge (受理/告知, 信访 only by default) and to conclude (办结/答复). */
export interface PetitionLimits {
  acknowledge?: LimitSpec
  conclude: LimitSpec
}

/**
 * Default petition limits (editable per jurisdiction): consultation 2 working days, complaint 15,
 * mailbox letter 5, efficiency complaint 15; 信访 15 日 to acknowledge and 60 日 to conclude.
 */
export const DEFAULT_PETITION_LIMITS: Readonly<Record<PetitionKind, PetitionLimits>> = Object.freeze({
  consultation: { conclude: { value: 2, unit: 'workday' } },
  complaint: { conclude: { value: 15, unit: 'workday' } },
  mailbox: { conclude: { value: 5, unit: 'workday' } },
  efficiencyComplaint: { conclude: { value: 15, unit: 'workday' } },
  petition: { acknowledge: { value: 15, unit: 'day' }, conclude: { value: 60, unit: 'day' } },
})

export interface PetitionClock {
  /** Which limit drives the level now: acknowledge until acknowledged, then conclude. */
  phase: 'acknowledge' | 'conclude' | 'closed' | 'none'
  limit: LimitSpec | null
  deadlineDate: string | null
  warningFrom: string | null
  yellowFrom: string | null
  redFrom: string | null
  level: Level
  nextTransitionAt: string | null
}

const NONE: PetitionClock = { phase: 'none', limit: null, deadlineDate: null, warningFrom: null, yellowFrom: null, redFrom: null, level: 'normal', nextTransitionAt: null }

/**
 * The clock of a petition, counted from its receipt like a case from its acceptance. The
 * acknowledgement limit drives the level until the petition is acknowledged (or replied), then the
 * conclusion limit; a replied or closed petition keeps the level it had then.
 *
 * @pure `nowMs` is an input
 */
export function petitionClock(
  p: PetitionState,
  ctx: { calendar: WorkCalendar; zone: string; nowMs: number; limits?: Partial<Record<PetitionKind, PetitionLimits>>; scheme?: LevelScheme },
): PetitionClock {
  if (p.receivedAt === null || p.petitionKind === null) return NONE
  const limits = ctx.limits?.[p.petitionKind] ?? DEFAULT_PETITION_LIMITS[p.petitionKind]
  const done = p.repliedAt ?? p.closedAt
  const acknowledged = p.acknowledgedAt ?? done
  const acknowledgePhase = limits.acknowledge !== undefined && (acknowledged === null || (done === null && Date.parse(acknowledged) > ctx.nowMs))
  const limit = acknowledgePhase ? limits.acknowledge! : limits.conclude
  const evalMs = done !== null ? Math.min(Date.parse(done), ctx.nowMs) : ctx.nowMs
  const result = computeDeadline(
    { accepted: p.receivedAt, limit: limit.value, unit: limit.unit, zone: ctx.zone, now: evalMs, scheme: ctx.scheme ?? DEFAULT_LEVEL_SCHEME },
    ctx.calendar,
  )
  if (result.status !== 'running') return { ...NONE, limit }
  return {
    phase: done !== null ? 'closed' : acknowledgePhase ? 'acknowledge' : 'conclude',
    limit,
    deadlineDate: result.deadlineDate,
    warningFrom: result.warningFrom,
    yellowFrom: result.yellowFrom,
    redFrom: result.redFrom,
    level: closedLevel(done !== null, levelAt(result, evalMs) ?? 'normal'),
    nextTransitionAt: done !== null ? null : result.nextTransitionAt,
  }
}

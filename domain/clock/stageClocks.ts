import type { CaseState, LimitSpec, StageRecord } from '../case/foldCase.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import type { Stage } from '../events/schema.ts'
import { explainDeadline } from './explainDeadline.ts'
import { momentDay } from './_lib/plan.ts'

/** The own clock of one stage (承办 / 审核 / 批准) that has a limit of its own. */
export interface StageClock {
  readonly stage: Stage
  readonly limit: LimitSpec
  /** Local date of the stage event: day 0, not counted. */
  readonly startDate: string
  /** Local date of the next stage, the conclusion or the return; `null` while the stage is open. */
  readonly endDate: string | null
  /** running: deadline known; stopped: an open suspension stops the stage clock too. */
  readonly status: 'running' | 'stopped'
  /** Last counted day of the stage's limit (24:00 local); `null` while stopped. */
  readonly deadlineDate: string | null
  /** The day after the deadline day: from 00:00 of it an open stage is late. `null` while stopped. */
  readonly lateFrom: string | null
  /** Open past its deadline at `now`, or ended after its deadline day. */
  readonly late: boolean
  /** The counted days 1 … N of the stage (up to the stop while stopped). */
  readonly countedDays: readonly string[]
  /** Days not counted because of a suspension. */
  readonly excludedDays: readonly string[]
}

/** The stage clocks of a case and the stage warning they raise. */
export interface StageWatch {
  readonly stages: readonly StageClock[]
  /**
   * From 00:00 of this local date the case is at least `warning` because of a late stage (the
   * earliest `lateFrom` of a stage that is open or ended late; it may lie after `now`: the open
   * stage's coming lateness, a transition to watch). `null`: no stage can raise a warning.
   */
  readonly warningFrom: string | null
  /** The stage that sets `warningFrom`, or `null`. */
  readonly stage: StageClock | null
}

const STAGE_KINDS = new Set<StageRecord['stage']>(['undertaken', 'reviewed', 'approved', 'concluded', 'returned'])

/** What the stage clocks need besides the case's events. */
export interface StageClockContext {
  readonly calendar: WorkCalendar
  readonly zone: string
  /** The instant to evaluate at, epoch ms. */
  readonly nowMs: number
}

/**
 * Watches the stages that have a limit of their own (PRODUCT.md: "A stage may have its own limit;
 * a late stage gets a warning even while the case as a whole is in time"). A stage's limit comes
 * from its stage event (`stageLimit`, folded into `state.stageLimits`); the stage starts at the
 * local date of its first stage event (day 0, not counted) and ends at the next key stage, the
 * conclusion or the return. Its deadline is computed exactly like a case's (`computeDeadline`
 * arithmetic: working or calendar days, the case's suspensions excluded — those that begin before
 * the stage ended —, the same calendar and zone); an open suspension stops it.
 *
 * A stage is late when it is still open on or after `lateFrom` (the day after its deadline day,
 * i.e. past 24:00 of the deadline day) or when it ended after its deadline day. The case is then at
 * least `warning` from the earliest such `lateFrom` (`warningFrom`).
 *
 * @pure `now` comes in through the context
 * @param state - the folded case
 * @param ctx - calendar, zone, now
 * @returns the stage clocks (in stage order) and the stage warning day
 *
 * @example
 * // accepted Mon 2 Mar 2026, undertaken Tue 3 Mar with a 2-working-day stage limit, still open:
 * stageClocks(state, { calendar, zone: 'Asia/Shanghai', nowMs: Date.parse('2026-03-06T09:00+08:00') })
 * //=> { warningFrom: '2026-03-06', stage: { stage: 'undertaken', deadlineDate: '2026-03-05',
 * //     lateFrom: '2026-03-06', late: true, countedDays: ['2026-03-04', '2026-03-05'], … }, … }
 */
export function stageClocks(state: CaseState, ctx: StageClockContext): StageWatch {
  const stages: StageClock[] = []
  if (state.acceptedAt === null) return { stages, warningFrom: null, stage: null }
  const today = localDayOf(ctx.nowMs, ctx.zone)
  const records = state.stages
  const seen = new Set<string>()
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!
    if (r.stage !== 'undertaken' && r.stage !== 'reviewed' && r.stage !== 'approved') continue
    if (seen.has(r.stage)) continue
    seen.add(r.stage)
    const limit = state.stageLimits[r.stage]
    if (!limit) continue
    let end: StageRecord | null = null
    for (let j = i + 1; j < records.length; j++) {
      const n = records[j]!
      if (STAGE_KINDS.has(n.stage) && n.stage !== r.stage) {
        end = n
        break
      }
    }
    const endDay = end === null ? null : momentDay(end.at, ctx.zone)
    const x = explainDeadline(
      {
        accepted: r.at,
        limit: limit.value,
        unit: limit.unit,
        suspensions: state.suspensions
          .filter((s) => end === null || s.from < end.at)
          .map((s) => ({ from: s.from, to: s.to, expectedDays: s.expectedDays, expectedUnit: 'workday' as const })),
        zone: ctx.zone,
        now: ctx.nowMs,
      },
      ctx.calendar,
    )
    if (!('rule' in x)) continue
    const running = x.result.status === 'running'
    const deadlineDate = running ? x.result.deadlineDate : null
    const lateFromDay = deadlineDate === null ? null : toEpochDay(deadlineDate) + 1
    const late = lateFromDay !== null && (endDay === null ? today >= lateFromDay : endDay >= lateFromDay)
    stages.push({
      stage: r.stage,
      limit: { value: limit.value, unit: limit.unit },
      startDate: x.acceptedDate,
      endDate: endDay === null ? null : fromEpochDay(endDay),
      status: running ? 'running' : 'stopped',
      deadlineDate,
      lateFrom: lateFromDay === null ? null : fromEpochDay(lateFromDay),
      late,
      countedDays: x.countedDays.map((d) => d.date),
      excludedDays: x.excludedDays.map((d) => d.date),
    })
  }
  let stage: StageClock | null = null
  for (const s of stages) {
    // an open stage (late now or later) or one that ended late can raise the warning
    const counts = s.lateFrom !== null && (s.endDate === null || s.late)
    if (counts && (stage === null || s.lateFrom! < stage.lateFrom!)) stage = s
  }
  return { stages, warningFrom: stage?.lateFrom ?? null, stage }
}

import type { WorkCalendar } from '../../calendar/WorkCalendar.ts'
import { computeDeadline } from '../../clock/computeDeadline.ts'
import type { DeadlineInput } from '../../clock/types.ts'
import type { EffectiveScheme } from './resolveScheme.ts'
import type { ClockOutcome, OpenClock } from './types.ts'

/**
 * The deadline input of a stored open clock: its excluded ranges as suspensions, its restart
 * supplements as supplements (restart mode) — what the projection stored them from.
 */
export function deadlineInputOf(c: OpenClock, eff: EffectiveScheme, nowMs: number): DeadlineInput {
  return {
    accepted: c.accepted,
    limit: c.limit,
    unit: c.unit,
    suspensions: c.excluded.map(([from, to]) => ({ from, to })),
    supplements: c.restarts.map(([requested, supplied]) => ({ requested, supplied })),
    supplementMode: 'restart',
    scheme: eff.scheme,
    zone: c.zone,
    now: nowMs,
  }
}

/**
 * A stored open clock's dates and level at `nowMs` under a calendar and a scheme, computed by the
 * deadline engine (`computeDeadline`), which the set-based recompute matches exactly
 * (workers/test/recompute.test.ts). A clock that stops, or leaves the calendar, gives nulls.
 *
 * @example
 * clockOutcome({ caseNo: 'A', departmentCode: 'D', itemCode: null, zone: 'Asia/Shanghai', accepted: '2026-11-20',
 *   limit: 20, unit: 'workday', excluded: [], restarts: [] }, cal, { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }, now)
 * //=> { deadlineDate: '2026-12-18', warningFrom: '2026-12-18', yellowFrom: '2026-12-21', redFrom: '2026-12-25', level: 'normal', … }
 */
export function clockOutcome(c: OpenClock, cal: WorkCalendar, eff: EffectiveScheme, nowMs: number): ClockOutcome {
  const r = computeDeadline(deadlineInputOf(c, eff, nowMs), cal)
  if (r.status !== 'running') {
    return { deadlineDate: null, warningFrom: null, yellowFrom: null, redFrom: null, level: null, nextTransitionAt: null, overdueCards: eff.overdueCards }
  }
  return {
    deadlineDate: r.deadlineDate,
    warningFrom: r.warningFrom,
    yellowFrom: r.yellowFrom,
    redFrom: r.redFrom,
    level: r.level,
    nextTransitionAt: r.nextTransitionAt,
    overdueCards: eff.overdueCards,
  }
}

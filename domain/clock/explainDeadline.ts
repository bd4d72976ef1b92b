import { limitRuleSentence, thresholdSentence, type ThresholdBasis } from './ruleSentences.ts'
import { addWorkingDays } from '../calendar/addWorkingDays.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { listCalendarEntries } from '../calendar/listCalendarEntries.ts'
import { startOfLocalDay } from '../calendar/startOfLocalDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { countedAt, countedDay, plan, type Plan } from './_lib/plan.ts'
import { buildResult, isoAt } from './_lib/result.ts'
import type { CountedDay, DeadlineExplanation, DeadlineInput, ExcludedDay, InvalidDeadline, Threshold } from './types.ts'

function ruleText(p: Plan): string {
  return limitRuleSentence(p.limit, p.unit, 'en')
}

function warningBasis(p: Plan): ThresholdBasis {
  const w = p.scheme.warning
  return 'share' in w ? { kind: 'warningShare', share: w.share } : { kind: 'warningOffset', offset: w.offset }
}
/** A threshold with its structured basis and its English sentence (the pages render their language from the basis). */
function threshold(p: Plan, level: Threshold['level'], from: number, at: (d: number) => string, basis: ThresholdBasis): Threshold {
  return { level, from: fromEpochDay(from), at: at(from), rule: thresholdSentence(level, basis, p.limit, 'en'), basis }
}

/**
 * Explains a deadline day by day, for supervisors ("why red?"): the rule and limit, the start day,
 * every counted day with its index, the days not counted because of suspensions or paused
 * supplements, the events that had no effect and why, the holidays / adjusted working days / local
 * overrides between acceptance and the red day (or the stop, or now while stopped), and each level
 * threshold with the rule that placed it. The output is plain JSON.
 *
 * Same rules and input as `computeDeadline` (its result is included as `result`). It costs
 * O(days covered): use it on demand, not in sweeps.
 *
 * @pure `now` is an input; the function reads no clock
 * @param input - as for `computeDeadline`
 * @param cal - the jurisdiction's working-day calendar
 * @returns the explanation, or `{ status: 'invalid', error }`
 *
 * @example
 * const x = explainDeadline({ accepted: '2025-09-26', limit: 3, unit: 'workday' }, cnWorkCalendar())
 * x.countedDays
 * //=> [{ date: '2025-09-28', index: 1 }, { date: '2025-09-29', index: 2 }, { date: '2025-09-30', index: 3 }]
 * x.calendarEntries.map((e) => e.date) // 2025-09-28 (调休上班), 2025-10-01 … 2025-10-08 (holidays)
 */
export function explainDeadline(input: DeadlineInput, cal: WorkCalendar): DeadlineExplanation | InvalidDeadline {
  const p = plan(input, cal)
  if (typeof p === 'string') return { status: 'invalid', error: p }
  const built = buildResult(p)
  if (!('result' in built)) return built
  const { result, thresholds } = built
  const at = (d: number) => isoAt(startOfLocalDay(d, p.zone))

  const lastIndex = p.stop === null ? p.limit : countedAt(p, p.stop.since)
  const counted: CountedDay[] = []
  for (let j = 1; j <= lastIndex; j++) counted.push({ date: fromEpochDay(countedDay(p, j)), index: j })

  const excluded: ExcludedDay[] = []
  for (const a of p.applied) {
    for (let d = a.from + 1; d <= a.to; d++) {
      if (p.unit === 'day' || cal.isWorkday(d)) excluded.push({ date: fromEpochDay(d), reason: a.reason })
    }
  }

  const afterDeadline: { date: string; offset: number }[] = []
  const thresholdList: Threshold[] = []
  let movedFrom: string | null = null
  let until: number
  if (thresholds !== null) {
    for (let k = 1; k <= p.scheme.red; k++) afterDeadline.push({ date: fromEpochDay(addWorkingDays(cal, p.deadline, k)), offset: k })
    if (p.deadline !== p.rawEnd) movedFrom = fromEpochDay(p.rawEnd)
    thresholdList.push(
      threshold(p, 'warning', thresholds.warning, at, warningBasis(p)),
      threshold(p, 'yellow', thresholds.yellow, at, { kind: 'afterDeadline', days: p.scheme.yellow }),
      threshold(p, 'red', thresholds.red, at, { kind: 'afterDeadline', days: p.scheme.red }),
    )
    until = thresholds.red
  } else {
    const stop = p.stop!
    until = Math.max(stop.since, p.today ?? stop.since)
    if (result.status === 'stopped' && result.warningFrom !== null) {
      const w = toEpochDay(result.warningFrom)
      thresholdList.push(threshold(p, 'warning', w, at, warningBasis(p)))
    }
  }

  return {
    result,
    rule: ruleText(p),
    limit: p.limit,
    unit: p.unit,
    zone: p.zone,
    acceptedDate: fromEpochDay(p.accepted),
    startDate: fromEpochDay(p.start),
    restarts: p.restarts.map((r) => ({ requested: fromEpochDay(r.requested), supplied: fromEpochDay(r.supplied) })),
    countedDays: counted,
    movedFrom,
    afterDeadline,
    excludedDays: excluded,
    ignored: p.ignored,
    calendarEntries: listCalendarEntries(cal, p.accepted, until),
    thresholds: thresholdList,
  }
}

import type { WorkCalendar } from '../../calendar/WorkCalendar.ts'
import { clockOutcome } from './clockOutcome.ts'
import type { EffectiveScheme } from './resolveScheme.ts'
import type { ClockOutcome, OpenClock } from './types.ts'

/** Distinct clock inputs remembered at most (beyond it, new inputs are computed without being kept). */
const MAX_ENTRIES = 500_000

/**
 * `clockOutcome` under one calendar at one instant, remembered per distinct clock input: the
 * outcome depends only on the acceptance date, limit, unit, zone, excluded ranges, restarts and
 * the effective scheme — never on the case number or department — and open cases share those
 * inputs massively (a million cases accepted over a few months under a few hundred limits), so
 * most cases cost one map lookup instead of a run of the deadline engine. Exact by construction;
 * cases with equal inputs share one (immutable) outcome object.
 *
 * A clock's `inputsKey` (the text it was read from) is looked up first and checked against the
 * clock's inputs, which is cheaper than building the key; a wrong hint falls back to the key.
 * Schemes are told apart by identity (`schemeResolver` answers one object per version); a
 * resolver that answers a fresh object per case only misses the memo, it never mixes schemes.
 *
 * @pure the memo is local to the returned function
 * @param cal - the calendar of this side of the change
 * @param nowMs - the instant levels are evaluated at
 * @param enabled - `false`: compute every clock (the straightforward path, for tests)
 * @returns the memoised outcome function
 *
 * @example
 * const outcome = outcomeMemo(cal, nowMs)
 * outcome(clockA, eff) === outcome({ ...clockA, caseNo: 'other' }, eff) //=> true
 */
export function outcomeMemo(cal: WorkCalendar, nowMs: number, enabled = true): (c: OpenClock, eff: EffectiveScheme) => ClockOutcome {
  if (!enabled) return (c, eff) => clockOutcome(c, cal, eff, nowMs)
  const schemeIds = new Map<EffectiveScheme, number>()
  const memo = new Map<string, ClockOutcome>()
  // by the caller's hint, per scheme: the clock it was first seen with, to check the inputs against
  const hinted: Map<string, { c: OpenClock; o: ClockOutcome }>[] = []
  const byInputs = (c: OpenClock, id: number, eff: EffectiveScheme): ClockOutcome => {
    const key = `${id}|${c.accepted}|${c.limit}|${c.unit}|${c.zone}|${rangesKey(c.excluded)}|${rangesKey(c.restarts)}`
    let o = memo.get(key)
    if (o === undefined) {
      o = clockOutcome(c, cal, eff, nowMs)
      if (memo.size < MAX_ENTRIES) memo.set(key, o)
    }
    return o
  }
  return (c, eff) => {
    let id = schemeIds.get(eff)
    if (id === undefined) {
      schemeIds.set(eff, (id = schemeIds.size))
      hinted.push(new Map())
    }
    if (c.inputsKey === undefined) return byInputs(c, id, eff)
    const m = hinted[id]!
    const e = m.get(c.inputsKey)
    if (e !== undefined && sameInputs(e.c, c)) return e.o
    const o = byInputs(c, id, eff)
    if (e === undefined && m.size < MAX_ENTRIES) m.set(c.inputsKey, { c, o })
    return o
  }
}

/** Whether two clocks have the same inputs to the deadline engine. */
function sameInputs(x: OpenClock, y: OpenClock): boolean {
  return x.accepted === y.accepted && x.limit === y.limit && x.unit === y.unit && x.zone === y.zone
    && sameRanges(x.excluded, y.excluded) && sameRanges(x.restarts, y.restarts)
}

function sameRanges(a: readonly (readonly [string, string | null])[], b: readonly (readonly [string, string | null])[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false
  return true
}

function rangesKey(ranges: readonly (readonly [string, string | null])[]): string {
  if (ranges.length === 0) return ''
  let k = ''
  for (const [a, b] of ranges) k += `${a}~${b ?? '-'};`
  return k
}

import type { WorkCalendar } from '../../calendar/WorkCalendar.ts'
import type { Level } from '../../clock/types.ts'
import { clockWithItemLimits, type ItemLimitsAfter } from './itemLimits.ts'
import { outcomeMemo } from './outcomeMemo.ts'
import { schemeResolver } from './resolveScheme.ts'
import type { CaseMove, ClockOutcome, DepartmentMoves, OpenClock, ScopedScheme, WhatIfResult } from './types.ts'

/** The rules on one side of a change. */
export interface RuleSide {
  readonly calendar: WorkCalendar
  readonly schemes: readonly ScopedScheme[]
  /** An item's limits on this side when they differ from the ones the clocks were stored with. */
  readonly items?: ItemLimitsAfter
}

/** The rules on both sides of a change and the instant: everything but the clocks. */
export interface WhatIfRules {
  readonly jurisdictionCode: string
  readonly before: RuleSide
  readonly after: RuleSide
  /** The instant levels are evaluated at (epoch ms). */
  readonly nowMs: number
  /**
   * Remember each side's outcome per distinct clock input (`outcomeMemo`); `false` computes every
   * clock. The result is the same either way. @default true
   */
  readonly memo?: boolean
}

export interface WhatIfInput extends WhatIfRules {
  /** The open running clocks in scope. */
  readonly clocks: readonly OpenClock[]
}

/** A what-if fed one clock at a time (as they are read), then asked for its result once. */
export interface WhatIfAccumulator {
  add(c: OpenClock): void
  result(): WhatIfResult
}

/** Which overdue cards a level calls for: yellow at yellow or red, red at red (the recompute's rule). */
function wantsYellow(o: ClockOutcome): boolean {
  return o.overdueCards && (o.level === 'yellow' || o.level === 'red')
}
function wantsRed(o: ClockOutcome): boolean {
  return o.overdueCards && o.level === 'red'
}

const moved = (a: ClockOutcome, b: ClockOutcome) =>
  a.deadlineDate !== b.deadlineDate || a.warningFrom !== b.warningFrom || a.yellowFrom !== b.yellowFrom || a.redFrom !== b.redFrom

const UNRESOLVED: ClockOutcome = { deadlineDate: null, warningFrom: null, yellowFrom: null, redFrom: null, level: null, nextTransitionAt: null, overdueCards: true }

interface DeptCount { moved: number; levelChanged: number; yellowIssued: number; redIssued: number; revoked: number }

/**
 * What a rule or calendar change would do to the open cases, without writing anything: every
 * clock computed with the rules before and after (the same engine the recompute matches), the
 * cases that move or change level, and the counts — by (old level → new level), by department,
 * and the overdue cards that would be raised or revoked.
 *
 * Cards: a case wants a yellow overdue card at yellow or red and a red one at red, when its
 * scheme's overdue switch is on; the change raises the cards wanted after and not before, and
 * revokes those wanted before and not after. Clocks that the new rules stop or push outside the
 * calendar are counted as `unresolved` (the projection recomputes them after the save). A clock
 * with `stored` values is compared with those (as the recompute compares with its stored row),
 * which also halves the work. Each side's outcome is remembered per distinct clock input
 * (`outcomeMemo`: cases with the same acceptance date, limit, exclusions and scheme share it).
 *
 * @pure `nowMs` is an input
 * @param input - the clocks, the rules before and after, the instant
 * @returns the summary and every moved case, by case number
 *
 * @example
 * const before = { calendar: cal, schemes: [] }
 * const after = { calendar: calWithDayOff, schemes: [] }
 * whatIf({ jurisdictionCode: '440204', clocks, before, after, nowMs }).summary.moved //=> 1
 */
export function whatIf(input: WhatIfInput): WhatIfResult {
  const acc = whatIfAccumulator(input)
  for (const c of input.clocks) acc.add(c)
  return acc.result()
}

/**
 * `whatIf` one clock at a time: `add` each open clock in scope (in any order), then `result()`.
 * Lets a caller compute while it reads, without holding every clock.
 *
 * @pure `nowMs` is an input; state is local to the accumulator
 * @param rules - the rules before and after, the instant
 * @returns the accumulator
 */
export function whatIfAccumulator(rules: WhatIfRules): WhatIfAccumulator {
  const moves: CaseMove[] = []
  const transitions: Record<string, number> = {}
  const depts = new Map<string, DeptCount>()
  const cards = { yellowIssued: 0, redIssued: 0, revoked: 0 }
  let unresolved = 0
  let scanned = 0
  const j = rules.jurisdictionCode
  const schemeBefore = schemeResolver(rules.before.schemes)
  const schemeAfter = schemeResolver(rules.after.schemes)
  const outcomeBefore = outcomeMemo(rules.before.calendar, rules.nowMs, rules.memo ?? true)
  const outcomeAfter = outcomeMemo(rules.after.calendar, rules.nowMs, rules.memo ?? true)
  const add = (c: OpenClock): void => {
    scanned += 1
    // each case under the scheme version its acceptance date selects (domain/rules/schemeVersions.ts)
    const b = c.stored ?? outcomeBefore(c, schemeBefore(j, c.departmentCode, c.itemCode, c.accepted))
    const ca = clockWithItemLimits(c, rules.after.items)
    const a = ca === null ? UNRESOLVED : outcomeAfter(ca, schemeAfter(j, c.departmentCode, c.itemCode, c.accepted))
    if (a.level === null) {
      if (b.level !== null) unresolved += 1
      return
    }
    const isMoved = moved(a, b)
    const levelChanged = a.level !== b.level
    const yb = wantsYellow(b)
    const rb = wantsRed(b)
    const ya = wantsYellow(a)
    const ra = wantsRed(a)
    const y = Number(ya && !yb)
    const r = Number(ra && !rb)
    const rv = Number(yb && !ya) + Number(rb && !ra)
    if (!isMoved && !levelChanged && y + r + rv === 0) return
    moves.push({ caseNo: c.caseNo, departmentCode: c.departmentCode, before: b, after: a, moved: isMoved, levelChanged })
    if (levelChanged) {
      const key = `${(b.level ?? 'unknown') as Level | 'unknown'}→${a.level}`
      transitions[key] = (transitions[key] ?? 0) + 1
    }
    cards.yellowIssued += y
    cards.redIssued += r
    cards.revoked += rv
    let d = depts.get(c.departmentCode)
    if (!d) depts.set(c.departmentCode, (d = { moved: 0, levelChanged: 0, yellowIssued: 0, redIssued: 0, revoked: 0 }))
    d.moved += Number(isMoved)
    d.levelChanged += Number(levelChanged)
    d.yellowIssued += y
    d.redIssued += r
    d.revoked += rv
  }
  const result = (): WhatIfResult => {
    moves.sort((x, z) => (x.caseNo < z.caseNo ? -1 : x.caseNo > z.caseNo ? 1 : 0))
    const byDepartment: DepartmentMoves[] = [...depts.entries()]
      .map(([departmentCode, d]) => ({ departmentCode, ...d }))
      .sort((x, z) => z.moved + z.levelChanged - (x.moved + x.levelChanged) || (x.departmentCode < z.departmentCode ? -1 : 1))
    let nMoved = 0
    let nLevel = 0
    for (const m of moves) {
      nMoved += Number(m.moved)
      nLevel += Number(m.levelChanged)
    }
    return { summary: { scanned, moved: nMoved, levelChanged: nLevel, transitions, cards, unresolved, byDepartment }, moves }
  }
  return { add, result }
}

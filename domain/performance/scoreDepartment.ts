import { gradeOf } from './gradeOf.ts'
import { peerGroupOf } from './peerGroupOf.ts'
import { round2, ruleMatches, wholeSteps } from './_lib.ts'
import { wilsonLowerBound } from './wilsonLowerBound.ts'
import type {
  CardFact, CaseFact, DepartmentFacts, HandlerContribution, Indicator, PerformanceScheme, RateIndicator, Scorecard, ScoreLine, TraceRef,
} from './types.ts'

const onTime = (c: CaseFact): boolean => c.deadlineDate !== null && c.concludedDate <= c.deadlineDate
const early = (c: CaseFact): boolean => c.deadlineDate !== null && c.concludedDate < c.deadlineDate
const pct = (x: number): string => `${round2(x * 100)}%`
/** "−5", or "0" for nothing taken. */
const minus = (points: number): string => (points === 0 ? '0' : `−${points}`)

/** The numerator, denominator and failing facts of a rate indicator. */
function rateFacts(ind: RateIndicator, f: DepartmentFacts, scheme: PerformanceScheme): { num: number; den: number; failed: TraceRef[]; what: string } {
  switch (ind.kind) {
    case 'onTimeRate': {
      const timed = f.cases.filter((c) => c.deadlineDate !== null)
      const late = timed.filter((c) => !onTime(c))
      return { num: timed.length - late.length, den: timed.length, failed: late.map((c) => ({ kind: 'case', ref: c.caseNo, note: `办结 ${c.concludedDate}，期限 ${c.deadlineDate}` })), what: '按时办结件数 / 有时限的办结件数' }
    }
    case 'oneTimeNotification': {
      const bad = f.cases.filter((c) => c.supplementCount > 1)
      return { num: f.cases.length - bad.length, den: f.cases.length, failed: bad.map((c) => ({ kind: 'case', ref: c.caseNo, note: `补正 ${c.supplementCount} 次` })), what: '补正不超过一次的办结件数 / 办结件数' }
    }
    case 'petitionsOnTime': {
      const late = f.petitions.filter((p) => !p.onTime)
      return { num: f.petitions.length - late.length, den: f.petitions.length, failed: late.map((p) => ({ kind: 'petition', ref: p.petitionNo, note: '逾期' })), what: '按时办理件数 / 本期到期的投诉信访件数' }
    }
    case 'satisfaction': {
      const value = (r: number) => scheme.ratingValues[String(r) as '1']
      const sum = f.ratings.reduce((s, r) => s + value(r.rating), 0)
      const bad = f.ratings.filter((r) => value(r.rating) < 1)
      return { num: sum, den: f.ratings.length, failed: bad.map((r) => ({ kind: 'petition', ref: r.petitionNo, note: `评价 ${r.rating} 级` })), what: '各级评价分值之和 / 评价数' }
    }
    case 'ordersOnTime': {
      const late = f.orders.filter((o) => !o.onTime)
      return { num: f.orders.length - late.length, den: f.orders.length, failed: late.map((o) => ({ kind: 'order', ref: o.orderNo, note: '逾期回复' })), what: '按时回复件数 / 本期到期的督办件数' }
    }
  }
}

function rateLine(ind: RateIndicator, f: DepartmentFacts, scheme: PerformanceScheme): ScoreLine {
  const { num, den, failed, what } = rateFacts(ind, f, scheme)
  const base = { indicatorId: ind.id, kind: ind.kind, name: ind.name, maxPoints: ind.weight, numerator: round2(num), denominator: den, trace: failed }
  if (den === 0) return { ...base, points: ind.weight, rate: null, formula: `${what}：本期无样本，按满分 ${ind.weight} 分计` }
  const raw = num / den
  const rate = scheme.wilson ? (wilsonLowerBound(num, den) ?? 0) : raw
  const share = Math.min(1, Math.max(0, (rate - ind.zeroAt) / (ind.fullAt - ind.zeroAt)))
  const points = round2(ind.weight * share)
  const rateText = scheme.wilson ? `Wilson 下限 ${pct(rate)}（原始 ${pct(raw)}）` : pct(raw)
  return { ...base, points, rate: round2(rate * 10000) / 10000, formula: `${what} = ${round2(num)}/${den} = ${rateText}；${ind.weight} × 映射(${ind.zeroAt}→0, ${ind.fullAt}→满分) = ${points}` }
}

function cardPoints(ind: Extract<Indicator, { kind: 'cards' }>, c: CardFact): number {
  return c.color === 'red' ? ind.red : ind.yellow
}

/** One scorecard line per indicator of the scheme, in the scheme's order. */
function lineFor(ind: Indicator, f: DepartmentFacts, scheme: PerformanceScheme): ScoreLine {
  switch (ind.kind) {
    case 'onTimeRate': case 'oneTimeNotification': case 'petitionsOnTime': case 'satisfaction': case 'ordersOnTime':
      return rateLine(ind, f, scheme)
    case 'earlyBonus': {
      const n = f.cases.length
      const e = f.cases.filter(early)
      const share = n === 0 ? 0 : e.length / n
      const points = round2(Math.min(ind.maxPoints, wholeSteps(share, ind.step) * ind.pointsPerStep))
      return {
        indicatorId: ind.id, kind: ind.kind, name: ind.name, points, maxPoints: ind.maxPoints, numerator: e.length, denominator: n, rate: n === 0 ? null : round2(share * 10000) / 10000,
        trace: e.map((c) => ({ kind: 'case', ref: c.caseNo, note: `办结 ${c.concludedDate}，期限 ${c.deadlineDate}` })),
        formula: `提前办结 ${e.length}/${n} = ${pct(share)}；每满 ${pct(ind.step)} 加 ${ind.pointsPerStep} 分，最多 ${ind.maxPoints} 分 = +${points}`,
      }
    }
    case 'cards': {
      const counted = f.cards.filter((c) => !ruleMatches(c.rule, ind.excludeRules))
      const y = counted.filter((c) => c.color === 'yellow').length
      const r = counted.length - y
      const points = -round2(counted.reduce((s, c) => s + cardPoints(ind, c), 0))
      return {
        indicatorId: ind.id, kind: ind.kind, name: ind.name, points: points === 0 ? 0 : points, maxPoints: null,
        trace: counted.map((c) => ({ kind: 'card', ref: c.id, note: `${c.color === 'red' ? '红牌' : '黄牌'} ${c.rule} ${c.subject} ${c.subjectNo} −${cardPoints(ind, c)}` })),
        formula: `黄牌 ${y} 张 × ${ind.yellow} + 红牌 ${r} 张 × ${ind.red} = ${minus(-points)}`,
      }
    }
    case 'procedureViolations': {
      const counted = f.cards.filter((c) => ruleMatches(c.rule, ind.rules))
      const points = round2(Math.min(ind.maxPoints, counted.length * ind.points))
      return {
        indicatorId: ind.id, kind: ind.kind, name: ind.name, points: points === 0 ? 0 : -points, maxPoints: -ind.maxPoints,
        trace: counted.map((c) => ({ kind: 'card', ref: c.id, note: `${c.rule} ${c.subject} ${c.subjectNo}` })),
        formula: `程序违规 ${counted.length} 次 × ${ind.points}，最多 ${ind.maxPoints} 分 = ${minus(points)}`,
      }
    }
    case 'consecutiveWarnings': {
      const ordered = [...f.cases].sort((a, b) => (a.concludedAt < b.concludedAt ? -1 : a.concludedAt > b.concludedAt ? 1 : a.caseNo < b.caseNo ? -1 : 1))
      const runs: CaseFact[][] = []
      let run: CaseFact[] = []
      for (const c of ordered) {
        if (!c.warned) { run = []; continue }
        run.push(c)
        if (run.length === ind.runLength) { runs.push(run); run = [] }
      }
      const points = round2(Math.min(ind.maxPoints, runs.length * ind.points))
      return {
        indicatorId: ind.id, kind: ind.kind, name: ind.name, points: points === 0 ? 0 : -points, maxPoints: -ind.maxPoints,
        trace: runs.flatMap((r, i) => r.map((c) => ({ kind: 'case' as const, ref: c.caseNo, note: `第 ${i + 1} 组连续预警` }))),
        formula: `按办结时间连续 ${ind.runLength} 件预警为一组：${runs.length} 组 × ${ind.points}，最多 ${ind.maxPoints} 分 = ${minus(points)}`,
      }
    }
    case 'supplementsPerCase': {
      const n = f.cases.length
      const total = f.cases.reduce((s, c) => s + c.supplementCount, 0)
      const ratio = n === 0 ? 0 : total / n
      const points = round2(Math.min(ind.maxPoints, wholeSteps(ratio - ind.threshold, ind.step) * ind.pointsPerStep))
      return {
        indicatorId: ind.id, kind: ind.kind, name: ind.name, points: points === 0 ? 0 : -points, maxPoints: -ind.maxPoints, numerator: total, denominator: n, rate: n === 0 ? null : round2(ratio * 10000) / 10000,
        // traced only when points are taken: the cases asked for more than one supplement
        trace: points === 0 ? [] : f.cases.filter((c) => c.supplementCount > 1).map((c) => ({ kind: 'case', ref: c.caseNo, note: `补正 ${c.supplementCount} 次` })),
        formula: `件均补正 ${total}/${n} = ${round2(ratio)}；超过 ${ind.threshold} 每满 ${ind.step} 扣 ${ind.pointsPerStep} 分，最多 ${ind.maxPoints} 分 = ${minus(points)}`,
      }
    }
  }
}

/** Each handler's (办理人) cases and the card points deducted because of them (before any cap). */
function contributions(f: DepartmentFacts, scheme: PerformanceScheme): HandlerContribution[] {
  const by = new Map<string, HandlerContribution>()
  const get = (h: string | null) => {
    const key = h ?? '（未记录）'
    let c = by.get(key)
    if (!c) { c = { handler: key, concluded: 0, onTime: 0, early: 0, warned: 0, cards: 0, pointsDeducted: 0 }; by.set(key, c) }
    return c
  }
  for (const c of f.cases) {
    const h = get(c.handler)
    h.concluded++
    if (onTime(c)) h.onTime++
    if (early(c)) h.early++
    if (c.warned) h.warned++
  }
  for (const card of f.cards) {
    const h = get(card.handler)
    h.cards++
    for (const ind of scheme.indicators) {
      if (ind.kind === 'cards' && !ruleMatches(card.rule, ind.excludeRules)) h.pointsDeducted += cardPoints(ind, card)
      if (ind.kind === 'procedureViolations' && ruleMatches(card.rule, ind.rules)) h.pointsDeducted += ind.points
    }
  }
  return [...by.values()].sort((a, b) => b.concluded - a.concluded || (a.handler < b.handler ? -1 : 1))
}

/**
 * A department's monthly scorecard from its facts: one line per indicator of the scheme (points
 * and the cases, cards, petitions or orders behind them), the score (sum of the lines, never below
 * the scheme's floor), its grade, the volume (concluded cases) and whether that volume is below
 * the scheme's minimum (样本不足: listed apart, not ranked). Pure: same facts, same scorecard.
 *
 * @example
 * // 10 concluded cases, 9 on time, 3 early, one yellow overdue card, nothing else (default scheme):
 * // on-time 60 × 0.9 = 54; the four other rates have no sample → 10 each = 40; early 30% → +3;
 * // yellow card −5 → 54 + 40 + 3 − 5 = 92 (优秀)
 */
export function scoreDepartment(facts: DepartmentFacts, scheme: PerformanceScheme): Scorecard {
  const lines = scheme.indicators.map((ind) => lineFor(ind, facts, scheme))
  const score = round2(Math.max(scheme.floor, lines.reduce((s, l) => s + l.points, 0)))
  const volume = facts.cases.length
  return {
    departmentCode: facts.departmentCode,
    name: facts.name,
    peerGroup: peerGroupOf(facts.departmentCode, facts.kind, scheme),
    score,
    grade: gradeOf(score, scheme.grades),
    volume,
    insufficient: volume < scheme.minVolume,
    lines,
    handlers: contributions(facts, scheme),
  }
}

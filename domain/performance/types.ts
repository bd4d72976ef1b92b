/**
 * Performance evaluation (绩效考核): indicator schemes, the facts a department is scored on, and
 * the scorecard a scoring run produces. Schemes are data (versioned rows, edited through the API);
 * every number below is a field of the scheme, not a constant in code.
 */

/** Peer groups: like is ranked with like. */
export const PEER_GROUPS = ['county', 'townsStreets', 'vertical'] as const
export type PeerGroup = (typeof PEER_GROUPS)[number]

/** Grades from the scheme's cut-offs. */
export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const
export type Grade = (typeof GRADES)[number]
export const GRADE_NAMES: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
}

/** A rate indicator: points = weight × the rate mapped linearly from `zeroAt` (0 points) to `fullAt` (full). */
export interface RateIndicator {
  id: string
  kind: 'onTimeRate' | 'oneTimeNotification' | 'petitionsOnTime' | 'satisfaction' | 'ordersOnTime'
  name: { zh: string; en: string }
  weight: number
  zeroAt: number
  fullAt: number
}

/** +`pointsPerStep` for every full `step` of the share of concluded cases finished early, at most `maxPoints`. */
export interface EarlyBonusIndicator {
  id: string
  kind: 'earlyBonus'
  name: { zh: string; en: string }
  step: number
  pointsPerStep: number
  maxPoints: number
}

/** −`yellow` / −`red` points per card issued in the period and not revoked; rules matched by `excludeRules` are scored elsewhere. */
export interface CardIndicator {
  id: string
  kind: 'cards'
  name: { zh: string; en: string }
  yellow: number
  red: number
  /** card rules not counted here (exact, or a prefix ending in `*`) */
  excludeRules: string[]
}

/** −`points` per card whose rule matches `rules` (e.g. `procedure.*`). */
export interface RuleCardIndicator {
  id: string
  kind: 'procedureViolations'
  name: { zh: string; en: string }
  rules: string[]
  points: number
  maxPoints: number
}

/** −`points` for every run of `runLength` consecutive concluded cases (by conclusion time) that each reached a warning. */
export interface ConsecutiveWarningsIndicator {
  id: string
  kind: 'consecutiveWarnings'
  name: { zh: string; en: string }
  runLength: number
  points: number
  maxPoints: number
}

/** −`pointsPerStep` for every full `step` the supplements per concluded case exceed `threshold`, at most `maxPoints`. */
export interface SupplementsIndicator {
  id: string
  kind: 'supplementsPerCase'
  name: { zh: string; en: string }
  threshold: number
  step: number
  pointsPerStep: number
  maxPoints: number
}

export type Indicator = RateIndicator | EarlyBonusIndicator | CardIndicator | RuleCardIndicator | ConsecutiveWarningsIndicator | SupplementsIndicator
export type IndicatorKind = Indicator['kind']

/** A performance scheme (绩效评比指标方案), version 1 of its shape. */
export interface PerformanceScheme {
  schemaVersion: 1
  name: { zh: string; en: string }
  /** where the default numbers come from */
  source: string
  periodKind: 'month'
  /** the score never goes below `floor` */
  floor: number
  indicators: Indicator[]
  /** a department with fewer concluded cases in the month is listed apart (样本不足), not ranked */
  minVolume: number
  /** rate indicators use the Wilson lower bound (95%) of the rate instead of the raw rate */
  wilson: boolean
  /** grade cut-offs (inclusive lower bounds); below `pass` is 不合格 */
  grades: { excellent: number; good: number; pass: number }
  /** satisfaction value of each 好差评 level, 1 (非常不满意) … 5 (非常满意), between 0 and 1 */
  ratingValues: { '1': number; '2': number; '3': number; '4': number; '5': number }
  /** department code → peer group, over the default by kind (towns and streets; everyone else county) */
  peerGroups: Record<string, PeerGroup>
}

// ---------------------------------------------------------------------------------------------
// facts (read from the stored tables for one department and one period)

/** A case concluded in the period. Dates are local (the jurisdiction's zone), `YYYY-MM-DD`. */
export interface CaseFact {
  caseNo: string
  handler: string | null
  concludedAt: string
  concludedDate: string
  /** the deadline day; null when the case has no limit (not counted in the on-time rate) */
  deadlineDate: string | null
  /** reached warning or worse at some point */
  warned: boolean
  supplementCount: number
}

/** A card issued in the period and not revoked. */
export interface CardFact {
  id: string
  subject: 'case' | 'petition' | 'order'
  subjectNo: string
  color: 'yellow' | 'red'
  rule: string
  issuedAt: string
  handler: string | null
}

/** A petition due in the period. */
export interface PetitionFact {
  petitionNo: string
  onTime: boolean
}

/** A 好差评 rating given in the period. */
export interface RatingFact {
  petitionNo: string
  rating: 1 | 2 | 3 | 4 | 5
}

/** A supervision order due in the period. */
export interface OrderFact {
  orderNo: string
  onTime: boolean
}

export interface DepartmentFacts {
  departmentCode: string
  name: string
  kind: string
  cases: CaseFact[]
  cards: CardFact[]
  petitions: PetitionFact[]
  ratings: RatingFact[]
  orders: OrderFact[]
}

// ---------------------------------------------------------------------------------------------
// the scorecard

/** What a line of the scorecard is traced to. */
export interface TraceRef {
  kind: 'case' | 'card' | 'petition' | 'order'
  ref: string
  note?: string
}

export interface ScoreLine {
  indicatorId: string
  kind: IndicatorKind | 'correction'
  name: { zh: string; en: string }
  /** points added (rates, bonus) or deducted (negative) */
  points: number
  /** the most this line could give (rates, bonus) or take (deductions, negative); null when unbounded */
  maxPoints: number | null
  /** for rates: numerator / denominator and the rate used (raw or Wilson) */
  numerator?: number
  denominator?: number
  rate?: number | null
  /** the facts behind the points (for rates: the ones that failed) */
  trace: TraceRef[]
  /** how the points were counted, in words (zh) */
  formula: string
}

export interface HandlerContribution {
  handler: string
  concluded: number
  onTime: number
  early: number
  warned: number
  cards: number
  /** points deducted because of this handler's cases (cards, procedure) */
  pointsDeducted: number
}

export interface Scorecard {
  departmentCode: string
  name: string
  peerGroup: PeerGroup
  score: number
  grade: Grade
  /** concluded cases in the period: the volume beside every rate */
  volume: number
  insufficient: boolean
  lines: ScoreLine[]
  handlers: HandlerContribution[]
}

/** A ranked scorecard: `rank` null when listed apart (样本不足). */
export interface RankedScore extends Scorecard {
  rank: number | null
}

/** A correction made during review: points added (or taken) with a reason. */
export interface Correction {
  id: string
  departmentCode: string
  points: number
  reason: string
  by: string
}

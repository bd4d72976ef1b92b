/**
 * Turns the statistics queries' counts into the rows the API returns: totals, shares and rates.
 * Pure; divisions by zero give 0 (shares) or null (rates), never NaN.
 */
import type { CustomDimension, CustomMeasure, CustomRow, LevelCounts, PetitionRow, StatLevel, TimeLimitBucket, TimeLimitRow, TypeKey, TypeRow, TypePeriod } from './contract.ts'
import { STAT_LEVELS, TYPE_KEYS } from './contract.ts'

const share = (n: number, total: number) => (total > 0 ? n / total : 0)
const rate = (n: number, of: number) => (of > 0 ? n / of : null)

/** One time-limit row from its level counts. */
export function timeLimitRow(key: string, name: string, bucket: TimeLimitBucket, counts: LevelCounts): TimeLimitRow {
  const total = STAT_LEVELS.reduce((a, l) => a + counts[l], 0)
  const shares = Object.fromEntries(STAT_LEVELS.map((l) => [l, share(counts[l], total)])) as Record<StatLevel, number>
  return { key, name, bucket, counts, total, shares }
}

/** The rows summed per bucket (all groups together), in bucket order today, inProgress, concluded. */
export function timeLimitTotals(rows: readonly TimeLimitRow[], allName: string): TimeLimitRow[] {
  const by = new Map<TimeLimitBucket, LevelCounts>()
  for (const r of rows) {
    const c = by.get(r.bucket) ?? { normal: 0, warning: 0, yellow: 0, red: 0 }
    for (const l of STAT_LEVELS) c[l] += r.counts[l]
    by.set(r.bucket, c)
  }
  return (['today', 'inProgress', 'concluded'] as const).map((b) => timeLimitRow('', allName, b, by.get(b) ?? { normal: 0, warning: 0, yellow: 0, red: 0 }))
}

/** One type row from the period's total and its counts per type. */
export function typeRow(period: TypePeriod, label: string, from: string | null, to: string | null, departmentCode: string | null, name: string, total: number, counts: Record<TypeKey, number>): TypeRow {
  const shares = Object.fromEntries(TYPE_KEYS.map((k) => [k, share(counts[k], total)])) as Record<TypeKey, number>
  return { period, label, from, to, departmentCode, name, total, counts, shares }
}

export interface PetitionCounts {
  total: number
  closed: number
  onTime: number
  late: number
  unanswered: number
  overdue: number
  rated: number
  satisfied: number
  ratingSum: number
}

/** One petition row: on-time rate over the answered ones, satisfaction over the rated ones. */
export function petitionRow(key: string, name: string, c: PetitionCounts): PetitionRow {
  const { ratingSum, ...counts } = c
  return { key, name, ...counts, onTimeRate: rate(c.onTime, c.onTime + c.late), satisfaction: rate(c.satisfied, c.rated), ratingMean: rate(ratingSum, c.rated) }
}

export interface CustomCounts {
  cases: number
  concluded: number
  timed: number
  onTime: number
  daysMean: number | null
  daysP90: number | null
  supplements: number
  cards: number
  fees: number
}

/** One custom-report row with the chosen measures only. */
export function customRow(keys: CustomRow['keys'], names: CustomRow['names'], c: CustomCounts, measures: readonly CustomMeasure[]): CustomRow {
  const all: Record<CustomMeasure, number | null> = {
    cases: c.cases,
    onTimeRate: rate(c.onTime, c.timed),
    daysMean: c.daysMean,
    daysP90: c.daysP90,
    supplementsPerCase: rate(c.supplements, c.cases),
    cardsPer100: c.cases > 0 ? (c.cards * 100) / c.cases : null,
    fees: c.fees,
  }
  return { keys, names, values: Object.fromEntries(measures.map((m) => [m, all[m]])) as Partial<Record<CustomMeasure, number | null>> }
}

/** Dimensions in a stable order (the order of CUSTOM_DIMENSIONS), without repeats. */
export function orderedDimensions(dims: readonly CustomDimension[]): CustomDimension[] {
  const order: readonly CustomDimension[] = ['period', 'jurisdiction', 'department', 'item', 'caseType', 'handler']
  return order.filter((d) => dims.includes(d))
}

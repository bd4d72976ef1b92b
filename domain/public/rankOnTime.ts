import { wilsonLowerBound } from '../performance/wilsonLowerBound.ts'

export interface OnTimeFigures {
  departmentCode: string
  name: string
  /** Cases concluded in the period with a deadline. */
  concluded: number
  /** Of them, concluded on or before their deadline date. */
  onTime: number
}

export interface RankedOnTime extends OnTimeFigures {
  rank: number | null
  onTimeRate: number | null
  /** The Wilson lower bound of the on-time rate: what the ranking orders by. */
  rankingRate: number | null
}

/**
 * Ranks departments by on-time rate (按时办结率) so that volume counts: departments with fewer than
 * `minVolume` concluded cases are listed apart (样本不足) and never ranked, and the ranked ones are
 * ordered by the Wilson lower bound of their rate, so 2 of 2 on time does not top 290 of 300.
 * Ties: higher volume first, then department code. Ranks are 1-based and dense in order.
 *
 * @pure
 * @example
 * rankOnTime([{ departmentCode: 'A', name: 'A', concluded: 2, onTime: 2 }, { departmentCode: 'B', name: 'B', concluded: 300, onTime: 290 }], 5)
 * //=> { ranked: [B rank 1], insufficient: [A] }
 */
export function rankOnTime(rows: readonly OnTimeFigures[], minVolume: number): { ranked: RankedOnTime[]; insufficient: RankedOnTime[] } {
  const withRates = rows.map((r) => ({
    ...r,
    rank: null as number | null,
    onTimeRate: r.concluded > 0 ? r.onTime / r.concluded : null,
    rankingRate: wilsonLowerBound(r.onTime, r.concluded),
  }))
  const ranked = withRates
    .filter((r) => r.concluded >= Math.max(1, minVolume))
    .sort((a, b) => (b.rankingRate ?? 0) - (a.rankingRate ?? 0) || b.concluded - a.concluded || a.departmentCode.localeCompare(b.departmentCode))
    .map((r, i) => ({ ...r, rank: i + 1 }))
  const insufficient = withRates
    .filter((r) => r.concluded < Math.max(1, minVolume))
    .sort((a, b) => b.concluded - a.concluded || a.departmentCode.localeCompare(b.departmentCode))
  return { ranked, insufficient }
}

/** One department's ratings (好差评, 1 … 5) over a period. */
export interface SatisfactionInput {
  departmentCode: string
  name: string
  ratings: number
  average: number
  satisfied: number
}

export interface RankedSatisfaction extends SatisfactionInput {
  /** 1-based; null below the minimum number of ratings (样本不足). */
  rank: number | null
}

/**
 * Ranks departments by the average of their citizens' ratings, more ratings first on a tie, then
 * by code; departments with fewer than `minRatings` ratings are listed apart, never ranked (a
 * single 5 must not top the list). Averages and shares are rounded to 2 and 3 decimals.
 *
 * @pure
 * @example rankSatisfaction([{ departmentCode: 'A', name: 'A', ratings: 1, average: 5, satisfied: 1 }], 3).insufficient.length //=> 1
 */
export function rankSatisfaction(rows: readonly SatisfactionInput[], minRatings: number): { ranked: RankedSatisfaction[]; insufficient: RankedSatisfaction[] } {
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d
  const clean = rows.map((r) => ({ ...r, average: round(r.average, 2), satisfied: round(r.satisfied, 3) }))
  const ranked = clean
    .filter((r) => r.ratings >= minRatings)
    .sort((a, b) => b.average - a.average || b.ratings - a.ratings || a.departmentCode.localeCompare(b.departmentCode))
    .map((r, i) => ({ ...r, rank: i + 1 }))
  const insufficient = clean
    .filter((r) => r.ratings < minRatings)
    .sort((a, b) => b.ratings - a.ratings || a.departmentCode.localeCompare(b.departmentCode))
    .map((r) => ({ ...r, rank: null }))
  return { ranked, insufficient }
}

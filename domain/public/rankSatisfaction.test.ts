import { describe, expect, it } from 'vitest'
import { rankSatisfaction } from './rankSatisfaction.ts'

const row = (departmentCode: string, ratings: number, average: number) => ({ departmentCode, name: departmentCode, ratings, average, satisfied: average >= 4 ? 1 : 0 })

describe('rankSatisfaction', () => {
  it('ranks by average, then by volume; a department under the minimum is listed apart, not on top', () => {
    const r = rankSatisfaction([row('A', 10, 4.2), row('B', 1, 5), row('C', 20, 4.2), row('D', 3, 2.333333)], 3)
    expect(r.ranked.map((x) => [x.departmentCode, x.rank])).toEqual([['C', 1], ['A', 2], ['D', 3]])
    expect(r.ranked[2]!.average).toBe(2.33)
    expect(r.insufficient).toEqual([{ ...row('B', 1, 5), rank: null }])
  })

  it('answers empty lists for no ratings', () => {
    expect(rankSatisfaction([], 3)).toEqual({ ranked: [], insufficient: [] })
  })
})

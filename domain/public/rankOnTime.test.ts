import { describe, expect, it } from 'vitest'
import { rankOnTime } from './rankOnTime.ts'

describe('rankOnTime', () => {
  it('does not let a department with two cases top one with hundreds', () => {
    const r = rankOnTime(
      [
        { departmentCode: 'SMALL', name: '小', concluded: 2, onTime: 2 },
        { departmentCode: 'BIG', name: '大', concluded: 300, onTime: 290 },
        { departmentCode: 'MID', name: '中', concluded: 12, onTime: 12 },
      ],
      5,
    )
    expect(r.ranked.map((x) => [x.departmentCode, x.rank])).toEqual([['BIG', 1], ['MID', 2]])
    expect(r.insufficient.map((x) => x.departmentCode)).toEqual(['SMALL'])
    expect(r.insufficient[0]!.rank).toBeNull()
    expect(r.ranked[1]!.onTimeRate).toBe(1)
    expect(r.ranked[1]!.rankingRate!).toBeLessThan(r.ranked[0]!.rankingRate!)
  })

  it('lists departments with nothing concluded apart, even with a minimum of 0', () => {
    const r = rankOnTime([{ departmentCode: 'A', name: 'A', concluded: 0, onTime: 0 }], 0)
    expect(r.ranked).toEqual([])
    expect(r.insufficient[0]).toMatchObject({ departmentCode: 'A', onTimeRate: null, rankingRate: null, rank: null })
  })

  it('breaks equal rates by volume, then code', () => {
    const r = rankOnTime(
      [
        { departmentCode: 'B', name: 'B', concluded: 10, onTime: 10 },
        { departmentCode: 'A', name: 'A', concluded: 10, onTime: 10 },
      ],
      1,
    )
    expect(r.ranked.map((x) => x.departmentCode)).toEqual(['A', 'B'])
  })
})

import { describe, expect, it } from 'vitest'
import { rankScorecards } from './rankScorecards.ts'
import type { PeerGroup, Scorecard } from './types.ts'

const sc = (code: string, score: number, volume: number, peerGroup: PeerGroup = 'county', insufficient = volume < 5): Scorecard => ({
  departmentCode: code, name: code, peerGroup, score, grade: 'pass', volume, insufficient, lines: [], handlers: [],
})

describe('rankScorecards', () => {
  it('ranks within peer groups, ties share a rank (1, 1, 3), small samples listed apart unranked', () => {
    const groups = rankScorecards([
      sc('A', 91, 40), sc('B', 95, 12), sc('C', 91, 200), sc('D', 80, 30),
      sc('ONEFAST', 100, 1), // one fast case: would top the list; listed apart instead
      sc('T1', 88, 20, 'townsStreets'), sc('T2', 70, 6, 'townsStreets'),
      sc('V1', 75, 9, 'vertical'),
    ])
    expect(groups.map((g) => g.peerGroup)).toEqual(['county', 'townsStreets', 'vertical'])
    const county = groups[0]!
    expect(county.ranked.map((r) => [r.departmentCode, r.rank, r.volume])).toEqual([['B', 1, 12], ['A', 2, 40], ['C', 2, 200], ['D', 4, 30]])
    expect(county.insufficient.map((r) => [r.departmentCode, r.rank])).toEqual([['ONEFAST', null]])
    expect(groups[1]!.ranked.map((r) => [r.departmentCode, r.rank])).toEqual([['T1', 1], ['T2', 2]])
    expect(groups[2]!.ranked.map((r) => r.rank)).toEqual([1])
  })
  it('leaves out empty groups', () => {
    expect(rankScorecards([sc('T', 50, 10, 'townsStreets')]).map((g) => g.peerGroup)).toEqual(['townsStreets'])
  })
})

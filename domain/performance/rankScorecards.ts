import { PEER_GROUPS, type PeerGroup, type RankedScore, type Scorecard } from './types.ts'

export interface PeerGroupRanking {
  peerGroup: PeerGroup
  /** ranked, best first; equal scores share a rank (1, 1, 3) */
  ranked: RankedScore[]
  /** below the minimum volume (样本不足): listed apart, by score, rank null */
  insufficient: RankedScore[]
}

const byScoreThenName = (a: Scorecard, b: Scorecard) => b.score - a.score || (a.departmentCode < b.departmentCode ? -1 : 1)

/**
 * Ranks scorecards within their peer groups (county departments, towns and streets, vertical
 * bureaus: like with like). Ranks go by score — a score made of rates, not counts — and equal
 * scores share a rank (standard competition ranking: 1, 1, 3). A department whose volume is below
 * the scheme's minimum is never ranked: it is listed apart (样本不足) so that one fast case does
 * not top the list. Groups with no department are left out.
 */
export function rankScorecards(cards: readonly Scorecard[]): PeerGroupRanking[] {
  const out: PeerGroupRanking[] = []
  for (const peerGroup of PEER_GROUPS) {
    const group = cards.filter((c) => c.peerGroup === peerGroup)
    if (group.length === 0) continue
    const eligible = group.filter((c) => !c.insufficient).sort(byScoreThenName)
    const ranked: RankedScore[] = []
    eligible.forEach((c, i) => {
      const prev = ranked[i - 1]
      ranked.push({ ...c, rank: prev !== undefined && prev.score === c.score ? prev.rank : i + 1 })
    })
    const insufficient = group.filter((c) => c.insufficient).sort(byScoreThenName).map((c) => ({ ...c, rank: null }))
    out.push({ peerGroup, ranked, insufficient })
  }
  return out
}

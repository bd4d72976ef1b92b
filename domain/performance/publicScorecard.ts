import type { Grade, PeerGroup, RankedScore } from './types.ts'

/** What the public site may show of a published score: no handlers, no case, petition or card numbers. */
export interface PublicScorecard {
  departmentCode: string
  name: string
  peerGroup: PeerGroup
  rank: number | null
  insufficient: boolean
  score: number
  grade: Grade
  volume: number
  lines: { indicatorId: string; name: { zh: string; en: string }; points: number; numerator?: number; denominator?: number; rate?: number | null; count: number }[]
}

/**
 * The public-safe shape of a published scorecard: the figures (score, grade, rank, volume, each
 * line's points, rate and how many facts it rests on) without who handled what — the handlers'
 * contributions and the traces (case numbers, card ids, petition numbers) are left out, and so is
 * the free text of corrections (a reviewer's name).
 */
export function publicScorecard(s: RankedScore): PublicScorecard {
  return {
    departmentCode: s.departmentCode,
    name: s.name,
    peerGroup: s.peerGroup,
    rank: s.rank,
    insufficient: s.insufficient,
    score: s.score,
    grade: s.grade,
    volume: s.volume,
    lines: s.lines.map((l) => ({
      indicatorId: l.kind === 'correction' ? 'correction' : l.indicatorId,
      name: l.name,
      points: l.points,
      ...(l.numerator !== undefined ? { numerator: l.numerator } : {}),
      ...(l.denominator !== undefined ? { denominator: l.denominator } : {}),
      ...(l.rate !== undefined ? { rate: l.rate } : {}),
      count: l.trace.length,
    })),
  }
}

import { gradeOf } from './gradeOf.ts'
import { round2 } from './_lib.ts'
import type { Correction, PerformanceScheme, Scorecard } from './types.ts'

/**
 * A scorecard with the review's corrections added as lines of their own (kind `correction`, the
 * reason and who made it in the trace), the score and grade recomputed; the computed lines stay as
 * they were, so both the computation and the correction remain visible.
 */
export function applyCorrections(card: Scorecard, corrections: readonly Correction[], scheme: Pick<PerformanceScheme, 'floor' | 'grades'>): Scorecard {
  const mine = corrections.filter((c) => c.departmentCode === card.departmentCode)
  if (mine.length === 0) return card
  const computed = card.lines.filter((l) => l.kind !== 'correction')
  const lines = [
    ...computed,
    ...mine.map((c) => ({
      indicatorId: `correction:${c.id}`,
      kind: 'correction' as const,
      name: { zh: '审核更正', en: 'Review correction' },
      points: round2(c.points),
      maxPoints: null,
      trace: [],
      formula: `${c.points >= 0 ? '+' : ''}${round2(c.points)}：${c.reason}（${c.by}）`,
    })),
  ]
  const score = round2(Math.max(scheme.floor, lines.reduce((s, l) => s + l.points, 0)))
  return { ...card, lines, score, grade: gradeOf(score, scheme.grades) }
}

import type { Grade, PerformanceScheme } from './types.ts'

/**
 * The grade of a score from the scheme's cut-offs (inclusive lower bounds): 优秀 ≥ excellent,
 * 良好 ≥ good, 合格 ≥ pass, else 不合格.
 *
 * @example
 * gradeOf(90, DEFAULT_PERFORMANCE_SCHEME.grades) //=> 'excellent'
 * gradeOf(59.99, DEFAULT_PERFORMANCE_SCHEME.grades) //=> 'fail'
 */
export function gradeOf(score: number, cuts: PerformanceScheme['grades']): Grade {
  if (score >= cuts.excellent) return 'excellent'
  if (score >= cuts.good) return 'good'
  if (score >= cuts.pass) return 'pass'
  return 'fail'
}

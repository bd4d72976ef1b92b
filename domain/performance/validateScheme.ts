import { Compile } from 'typebox/compile'
import { PerformanceSchemeSchema } from './schemeSchema.ts'
import type { PerformanceScheme } from './types.ts'

const check = Compile(PerformanceSchemeSchema)

export type SchemeCheck = { ok: true; scheme: PerformanceScheme } | { ok: false; problems: string[] }

/**
 * Checks a scheme an administrator submits: its shape (schemeSchema.ts), then what a shape cannot
 * say — indicator ids unique; for every rate, `zeroAt` < `fullAt`; grade cut-offs
 * excellent > good > pass; at most one indicator of each deduction kind that counts cards (a card
 * must not be deducted twice by two `cards` indicators).
 *
 * @returns the scheme, or every problem found (paths and words, English)
 */
export function validateScheme(input: unknown): SchemeCheck {
  if (!check.Check(input)) {
    return { ok: false, problems: [...check.Errors(input)].slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message}`) }
  }
  const s = input as PerformanceScheme
  const problems: string[] = []
  const ids = new Set<string>()
  for (const ind of s.indicators) {
    if (ids.has(ind.id)) problems.push(`/indicators: id ${ind.id} is used twice`)
    ids.add(ind.id)
    if ('zeroAt' in ind && !(ind.zeroAt < ind.fullAt)) problems.push(`/indicators/${ind.id}: zeroAt must be below fullAt`)
  }
  if (s.indicators.filter((i) => i.kind === 'cards').length > 1) problems.push('/indicators: at most one cards indicator')
  if (!(s.grades.excellent > s.grades.good && s.grades.good > s.grades.pass)) problems.push('/grades: excellent > good > pass is required')
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scheme: s }
}

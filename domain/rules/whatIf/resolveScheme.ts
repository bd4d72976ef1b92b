import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import type { LevelScheme } from '../../clock/types.ts'
import { schemeVersionPicker } from '../schemeVersions.ts'
import type { ScopedScheme } from './types.ts'

/** The effective scheme of a case and whether its overdue cards are on. */
export interface EffectiveScheme {
  readonly scheme: LevelScheme
  readonly overdueCards: boolean
}

/**
 * The effective level scheme of a case: the item's, else the department's, else the
 * jurisdiction's, else `DEFAULT_LEVEL_SCHEME` — each scope's governing version for the case's
 * acceptance date (domain/rules/schemeVersions.ts), the precedence the recompute applies
 * (sql/queries/recompute_deadlines.sql).
 *
 * @param schemes - the stored scheme versions, oldest first
 * @param jurisdictionCode - the case's jurisdiction
 * @param departmentCode - the case's department
 * @param itemCode - the case's item, or `null`
 * @param accepted - the case's local acceptance date (`null`: only versions for every case govern)
 * @returns the scheme and the overdue-card switch (on unless the winning scheme turns it off)
 *
 * @example
 * resolveScheme([{ scope: 'department', code: 'D1', warning: { share: 0.9 }, yellow: 2, red: 6 }], 'J', 'D1', null)
 * //=> { scheme: { warning: { share: 0.9 }, yellow: 2, red: 6 }, overdueCards: true }
 */
export function resolveScheme(schemes: readonly ScopedScheme[], jurisdictionCode: string, departmentCode: string, itemCode: string | null, accepted: string | null = null): EffectiveScheme {
  return schemeResolver(schemes)(jurisdictionCode, departmentCode, itemCode, accepted)
}

/** `resolveScheme` with the versions grouped once, for many cases. */
export function schemeResolver(schemes: readonly ScopedScheme[]): (jurisdictionCode: string, departmentCode: string, itemCode: string | null, accepted: string | null) => EffectiveScheme {
  const fallback: EffectiveScheme = { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }
  if (schemes.length === 0) return () => fallback
  const pick = schemeVersionPicker(schemes)
  // one (immutable) answer per version: cases under the same version share it, so callers can
  // memoise on its identity (whatIf's outcome memo)
  const of = new Map<ScopedScheme, EffectiveScheme>()
  return (jurisdictionCode, departmentCode, itemCode, accepted) => {
    const best = pick(jurisdictionCode, departmentCode, itemCode, accepted)
    if (!best) return fallback
    let e = of.get(best)
    if (e === undefined) of.set(best, (e = { scheme: { warning: best.warning, yellow: best.yellow, red: best.red }, overdueCards: best.overdueCards ?? true }))
    return e
  }
}

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
  const pick = schemeVersionPicker(schemes)
  return (jurisdictionCode, departmentCode, itemCode, accepted) => {
    const best = pick(jurisdictionCode, departmentCode, itemCode, accepted)
    if (!best) return { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }
    return { scheme: { warning: best.warning, yellow: best.yellow, red: best.red }, overdueCards: best.overdueCards ?? true }
  }
}

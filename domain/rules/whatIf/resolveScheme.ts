import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import type { LevelScheme } from '../../clock/types.ts'
import type { ScopedScheme } from './types.ts'

/** The effective scheme of a case and whether its overdue cards are on. */
export interface EffectiveScheme {
  readonly scheme: LevelScheme
  readonly overdueCards: boolean
}

/**
 * The effective level scheme of a case: the item's, else the department's, else the
 * jurisdiction's, else `DEFAULT_LEVEL_SCHEME` — the precedence the recompute applies
 * (sql/queries/recompute_deadlines.sql).
 *
 * @param schemes - the stored schemes (at most one per scope and code)
 * @param jurisdictionCode - the case's jurisdiction
 * @param departmentCode - the case's department
 * @param itemCode - the case's item, or `null`
 * @returns the scheme and the overdue-card switch (on unless the winning scheme turns it off)
 *
 * @example
 * resolveScheme([{ scope: 'department', code: 'D1', warning: { share: 0.9 }, yellow: 2, red: 6 }], 'J', 'D1', null)
 * //=> { scheme: { warning: { share: 0.9 }, yellow: 2, red: 6 }, overdueCards: true }
 */
export function resolveScheme(schemes: readonly ScopedScheme[], jurisdictionCode: string, departmentCode: string, itemCode: string | null): EffectiveScheme {
  let best: ScopedScheme | undefined
  let rank = 0
  for (const s of schemes) {
    const r = s.scope === 'item' ? (s.code === itemCode ? 3 : 0) : s.scope === 'department' ? (s.code === departmentCode ? 2 : 0) : s.code === jurisdictionCode ? 1 : 0
    if (r > rank) {
      rank = r
      best = s
    }
  }
  if (!best) return { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }
  return { scheme: { warning: best.warning, yellow: best.yellow, red: best.red }, overdueCards: best.overdueCards ?? true }
}

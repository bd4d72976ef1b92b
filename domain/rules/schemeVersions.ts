/**
 * Versioned level schemes (issue 19 "effective from"): every saved scheme is a new version of its
 * scope (jurisdiction, department or item), kept in the order it was saved. A version may carry an
 * `acceptedFrom` date: it then governs only the cases accepted on or after that local date, and a
 * case accepted before keeps the version it started under. A version without one governs every
 * case, so a later "all cases" version overrides everything saved before it.
 *
 * The governing version of a scope for a case is the NEWEST version whose condition holds. A
 * `withdrawn` version (a scheme removed) governs like any other but supplies no scheme: the case
 * falls through to the next scope in precedence (item > department > jurisdiction > default).
 *
 * The same rule is applied by the projection (sql/clockContext.ts), the preview
 * (domain/rules/whatIf) and the set-based recompute (sql/queries/recompute_deadlines.sql with the
 * SQL function level_scheme_version_index of migration 270); workers/test/recompute.test.ts
 * checks the SQL against the TypeScript resolution on random versions and cases. Pure.
 */

/** The condition part of a version. */
export interface VersionCondition {
  /** Local date `YYYY-MM-DD`: governs cases accepted on or after it; absent or `null`: every case. */
  readonly acceptedFrom?: string | null
}

/** A stored scheme version (its place in the list is its age: later entries are newer). */
export interface ScopedVersion extends VersionCondition {
  readonly scope: 'jurisdiction' | 'department' | 'item'
  readonly code: string
  /** The version removes the scope's scheme for the cases it governs. @default false */
  readonly withdrawn?: boolean
}

/**
 * Whether a version's condition holds for a case accepted on `accepted` (a local date; `null` for
 * a case not accepted yet, which only versions for every case govern).
 *
 * @example
 * versionHolds({ acceptedFrom: '2027-01-01' }, '2026-12-31') //=> false
 * versionHolds({ acceptedFrom: '2027-01-01' }, '2027-01-01') //=> true
 * versionHolds({}, null) //=> true
 */
export function versionHolds(v: VersionCondition, accepted: string | null): boolean {
  return v.acceptedFrom === undefined || v.acceptedFrom === null || (accepted !== null && accepted >= v.acceptedFrom)
}

/**
 * The newest version (the last in `versions`) whose condition holds for a case accepted on
 * `accepted`; `undefined` when none does.
 *
 * @example
 * governingVersion([{ acceptedFrom: null, n: 1 }, { acceptedFrom: '2027-01-01', n: 2 }], '2026-06-01') //=> { acceptedFrom: null, n: 1 }
 */
export function governingVersion<T extends VersionCondition>(versions: readonly T[], accepted: string | null): T | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!
    if (versionHolds(v, accepted)) return v
  }
  return undefined
}

/**
 * The version that supplies a case's scheme: for the item, then the department, then the
 * jurisdiction, the scope's governing version; a withdrawn one passes to the next scope.
 * `undefined`: the shipped default applies.
 *
 * @param versions - every stored version, oldest first (versions of other scopes are ignored)
 * @param accepted - the case's local acceptance date, `null` when not accepted
 *
 * @example
 * const vs = [{ scope: 'department', code: 'D', y: 1 }, { scope: 'department', code: 'D', acceptedFrom: '2027-01-01', y: 2 }]
 * pickSchemeVersion(vs, 'J', 'D', null, '2026-12-31')?.y //=> 1
 * pickSchemeVersion(vs, 'J', 'D', null, '2027-01-04')?.y //=> 2
 */
export function pickSchemeVersion<T extends ScopedVersion>(
  versions: readonly T[],
  jurisdictionCode: string | null,
  departmentCode: string,
  itemCode: string | null,
  accepted: string | null,
): T | undefined {
  return schemeVersionPicker(versions)(jurisdictionCode, departmentCode, itemCode, accepted)
}

/** `pickSchemeVersion` with the versions grouped by scope once, for many cases. */
export type SchemeVersionPicker<T> = (jurisdictionCode: string | null, departmentCode: string, itemCode: string | null, accepted: string | null) => T | undefined

/**
 * Groups the versions by scope and returns `pickSchemeVersion` over them (the preview resolves a
 * scheme for every open case; grouping once keeps that linear).
 */
export function schemeVersionPicker<T extends ScopedVersion>(versions: readonly T[]): SchemeVersionPicker<T> {
  const byScope = new Map<string, T[]>()
  for (const v of versions) {
    const k = `${v.scope}:${v.code}`
    const list = byScope.get(k)
    if (list) list.push(v)
    else byScope.set(k, [v])
  }
  return (jurisdictionCode, departmentCode, itemCode, accepted) => {
    const keys = [itemCode === null ? null : `item:${itemCode}`, `department:${departmentCode}`, jurisdictionCode === null ? null : `jurisdiction:${jurisdictionCode}`]
    for (const k of keys) {
      const list = k === null ? undefined : byScope.get(k)
      if (!list) continue
      const v = governingVersion(list, accepted)
      if (v && !v.withdrawn) return v
    }
    return undefined
  }
}

/**
 * Whether a version can still govern any case: a newer version of the same scope that holds for
 * every case it holds for (no date, or an earlier or equal date) leaves it dead.
 *
 * @example
 * isLive([{ acceptedFrom: '2027-01-01' }, { acceptedFrom: null }], 0) //=> false
 * isLive([{ acceptedFrom: null }, { acceptedFrom: '2027-01-01' }], 0) //=> true
 */
export function isLive(versionsOfScope: readonly VersionCondition[], index: number): boolean {
  const from = versionsOfScope[index]?.acceptedFrom ?? null
  for (let i = index + 1; i < versionsOfScope.length; i++) {
    const later = versionsOfScope[i]!.acceptedFrom ?? null
    if (later === null || (from !== null && later <= from)) return false
  }
  return true
}

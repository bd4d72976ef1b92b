/**
 * Versioned time limits (issue 19 "effective from"), as level schemes are versioned
 * (domain/rules/schemeVersions.ts): a change of an item's limits (promised and legal) or of a
 * petition kind's limit (acknowledge or conclude) is a new version, kept in the order it was saved.
 * A version with an `acceptedFrom` date governs only the cases accepted (petitions received) on or
 * after that local date; one without governs every case. The limits of a case are those of the
 * NEWEST version whose condition holds for its acceptance date, else the base (the catalogue's
 * `items` row, the `petition_limits` row).
 *
 * One choice for every reader: the projection (sql/clockContext.ts), the save's update of the open
 * clocks (sql/queries/item_limits_apply.sql, with level_scheme_version_index of migration 270),
 * the preview (domain/rules/whatIf) and the "why" (/explain names the version). Pure.
 */
import type { LimitSpec } from '../case/foldCase.ts'
import type { PetitionLimits } from '../clock/petitionClock.ts'
import type { PetitionKind } from '../events/schema.ts'
import { governingVersion, versionHolds, type VersionCondition } from './schemeVersions.ts'

/** A stored limits version (its place in a list is its age: later entries are newer). */
export interface LimitsVersion<L> extends VersionCondition {
  /** The stored version's id; absent for a version not saved yet. */
  readonly id?: string
  readonly limits: L
}

/** An item's limits in the catalogue (`null`: none). */
export interface ItemLimitsValue {
  readonly promised: LimitSpec | null
  readonly legal: LimitSpec | null
}

/**
 * The limits governing a case accepted on `accepted` (local date; `null`: not accepted, only
 * versions for every case hold): the newest holding version's, else `base`; with that version
 * (`null` when the base applies).
 *
 * @example
 * const vs = [{ id: '1', acceptedFrom: '2027-01-01', limits: 5 }]
 * governingLimits(vs, 10, '2026-12-31') //=> { limits: 10, version: null }
 * governingLimits(vs, 10, '2027-01-01') //=> { limits: 5, version: vs[0] }
 */
export function governingLimits<L>(versions: readonly LimitsVersion<L>[], base: L, accepted: string | null): { limits: L; version: LimitsVersion<L> | null } {
  const v = governingVersion(versions, accepted)
  return v ? { limits: v.limits, version: v } : { limits: base, version: null }
}

/** A change of a versioned limit: a new version (for every case, or from a date), or the retraction of one. */
export type LimitsVersionChange<L> =
  | { readonly add: L; readonly acceptedFrom?: string | null }
  | { readonly retract: string }

/**
 * The versions after a change: appended (oldest first stays), or the named one removed. The
 * input is not modified.
 *
 * @example
 * limitVersionsAfter([{ id: '1', limits: 5 }], { add: 7, acceptedFrom: '2027-01-01' }) //=> [{ id: '1', limits: 5 }, { limits: 7, acceptedFrom: '2027-01-01' }]
 * limitVersionsAfter([{ id: '1', limits: 5 }], { retract: '1' }) //=> []
 */
export function limitVersionsAfter<L>(versions: readonly LimitsVersion<L>[], change: LimitsVersionChange<L>): LimitsVersion<L>[] {
  if ('retract' in change) return versions.filter((v) => v.id !== change.retract)
  return [...versions, { limits: change.add, ...(change.acceptedFrom ? { acceptedFrom: change.acceptedFrom } : {}) }]
}

/** A stored petition limit version of a jurisdiction: one kind, one stage. */
export interface PetitionLimitVersion extends VersionCondition {
  readonly id?: string
  readonly petitionKind: PetitionKind
  readonly stage: 'acknowledge' | 'conclude'
  readonly limit: LimitSpec
}

/**
 * The petition limits governing a petition received on `received` (local date): for each kind
 * and stage the newest version of that kind and stage whose condition holds, else `base`'s.
 *
 * @param versions - the jurisdiction's versions, oldest first
 *
 * @example
 * const base = { ...DEFAULT_PETITION_LIMITS }
 * petitionLimitsFor(base, [{ petitionKind: 'complaint', stage: 'conclude', limit: { value: 10, unit: 'workday' }, acceptedFrom: '2027-01-01' }], '2027-01-04').complaint.conclude //=> { value: 10, unit: 'workday' }
 */
export function petitionLimitsFor(
  base: Readonly<Record<PetitionKind, PetitionLimits>>,
  versions: readonly PetitionLimitVersion[],
  received: string | null,
): Record<PetitionKind, PetitionLimits> {
  let out: Record<PetitionKind, PetitionLimits> | null = null
  // oldest to newest: the last holding version of a kind and stage is written last
  for (const v of versions) {
    if (!versionHolds(v, received)) continue
    out ??= { ...base }
    out[v.petitionKind] = { ...out[v.petitionKind], [v.stage]: { ...v.limit } }
  }
  return out ?? { ...base }
}

/** The version of one kind and stage governing a petition received on `received`; `undefined`: the base applies. */
export function petitionLimitVersionOf(
  versions: readonly PetitionLimitVersion[],
  petitionKind: PetitionKind,
  stage: 'acknowledge' | 'conclude',
  received: string | null,
): PetitionLimitVersion | undefined {
  return governingVersion(versions.filter((v) => v.petitionKind === petitionKind && v.stage === stage), received)
}

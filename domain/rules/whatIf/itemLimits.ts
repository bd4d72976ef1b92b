import { governingLimits, type ItemLimitsValue, type LimitsVersion } from '../limitVersions.ts'
import type { ItemLimit, OpenClock, OwnLimits } from './types.ts'

/** An item's limits after a change (what `RuleSide.items` carries). */
export interface ItemLimitsAfter {
  readonly itemCode: string
  /** The catalogue's limits (the base: what a case no version governs takes). */
  readonly promised: ItemLimit | null
  readonly legal: ItemLimit | null
  /**
   * The item's limit versions after the change, oldest first (domain/rules/limitVersions.ts): a
   * case takes the newest one whose effective-from holds for its acceptance date, else the base.
   */
  readonly versions?: readonly LimitsVersion<ItemLimitsValue>[]
}

/**
 * The limit a case's clock counts: its own promised limit, else the item's, else its own legal
 * limit, else the item's (domain/clock/caseClock.ts, and the save's SQL update of case_clocks).
 *
 * @example
 * countedLimit({ promised: null, legal: { value: 20, unit: 'workday' } }, { promised: { value: 5, unit: 'workday' }, legal: null })
 * //=> { value: 5, unit: 'workday' }
 */
export function countedLimit(own: OwnLimits, item: Pick<ItemLimitsAfter, 'promised' | 'legal'>): ItemLimit | null {
  return own.promised ?? item.promised ?? own.legal ?? item.legal ?? null
}

/**
 * The clock as it would count after an item-limits change: unchanged for another item or a case
 * without its own-limits record; `null` when no limit would apply any more. The item's limits are
 * those of the version governing the case's acceptance date (else the catalogue's).
 */
export function clockWithItemLimits(c: OpenClock, after: ItemLimitsAfter | undefined): OpenClock | null {
  if (!after || c.itemCode !== after.itemCode || !c.own) return c
  const l = countedLimit(c.own, governingLimits(after.versions ?? [], { promised: after.promised, legal: after.legal }, c.accepted).limits)
  if (l === null) return null
  return l.value === c.limit && l.unit === c.unit ? c : { ...c, limit: l.value, unit: l.unit }
}

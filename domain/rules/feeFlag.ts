/** How a charged fee compares with the item's standard (the fee view; see cardDecisions). */
export type FeeFlag = 'chargedForFreeItem' | 'overcharged' | 'undercharged'

/**
 * The fee view's flag for a case: any fee on a free item, or more than the standard, is what the
 * fee card rules turn into a red card; less than the standard is flagged for review (no card).
 * Nothing charged yet, or no known standard, gives `null`.
 *
 * @pure
 * @param charged - fee charged in yuan, or null when none was recorded
 * @param standard - the item's fee standard in yuan (0 = free item), or null when unknown
 * @example feeFlag(20, 0) //=> 'chargedForFreeItem'
 * @example feeFlag(120, 100) //=> 'overcharged'
 * @example feeFlag(80, 100) //=> 'undercharged'
 * @example feeFlag(100, 100) //=> null
 */
export function feeFlag(charged: number | null, standard: number | null): FeeFlag | null {
  if (charged === null || standard === null) return null
  if (standard === 0) return charged > 0 ? 'chargedForFreeItem' : null
  if (charged > standard) return 'overcharged'
  if (charged < standard) return 'undercharged'
  return null
}

import { WALL_TICKER_LIMIT, type WallCardItem, type WallDelta, type WallSnapshot } from './wall.ts'

/**
 * Applies a delta to a snapshot, as the wall page does: only when `delta.version` is exactly
 * `snapshot.version + 1` (and of the same jurisdiction); otherwise returns null — a gap, a
 * repeat or a restart of the version counter — and the client must ask for a resync
 * (`TOPICS.wallResync`). Panels in the delta replace the snapshot's, except `cards`: its lines are
 * prepended, lines already present (by id) are not repeated, and the ticker is cut to
 * `WALL_TICKER_LIMIT`. Inputs are not mutated.
 *
 * @example applyWallDelta({ version: 4, ... }, { version: 5, panels: { tiles } }) // version 5, new tiles
 * @example applyWallDelta({ version: 4, ... }, { version: 7, ... }) // null (gap: resync)
 */
export function applyWallDelta(snapshot: WallSnapshot, delta: WallDelta): WallSnapshot | null {
  if (delta.version !== snapshot.version + 1 || delta.jurisdictionCode !== snapshot.jurisdictionCode || delta.schema !== snapshot.schema) return null
  const { cards, ...rest } = delta.panels
  let ticker: WallCardItem[] = snapshot.panels.cards
  if (cards && cards.length > 0) {
    const ids = new Set(cards.map((c) => c.id))
    ticker = [...cards, ...snapshot.panels.cards.filter((c) => !ids.has(c.id))].slice(0, WALL_TICKER_LIMIT)
  }
  return { ...snapshot, version: delta.version, at: delta.at, panels: { ...snapshot.panels, ...rest, cards: ticker } }
}

import { WALL_TICKER_LIMIT, type WallCardItem, type WallDelta, type WallSnapshot } from './wall.ts'

/**
 * Applies a delta to a snapshot, as the wall page does:
 * - `delta.version === snapshot.version + 1` → the new state;
 * - `delta.version <= snapshot.version` → `'stale'`: ignore it (it was already in the snapshot —
 *   a delta can overtake the snapshot sent on join);
 * - a larger version, another jurisdiction or schema → `'gap'`: ask for a resync
 *   (`TOPICS.wallResync`) and replace the state with its answer.
 * Versions never go back, even when Redis loses the counter (it restarts from the clock in ms).
 * Panels in the delta replace the snapshot's, except `cards`: its lines are prepended, lines
 * already present (by id) are not repeated, and the ticker is cut to `WALL_TICKER_LIMIT`.
 * Inputs are not mutated.
 *
 * @example applyWallDelta({ version: 4, ... }, { version: 5, panels: { tiles } }) // version 5, new tiles
 * @example applyWallDelta({ version: 4, ... }, { version: 4, ... }) // 'stale'
 * @example applyWallDelta({ version: 4, ... }, { version: 7, ... }) // 'gap' (resync)
 */
export function applyWallDelta(snapshot: WallSnapshot, delta: WallDelta): WallSnapshot | 'stale' | 'gap' {
  if (delta.jurisdictionCode !== snapshot.jurisdictionCode || delta.schema !== snapshot.schema) return 'gap'
  if (delta.version <= snapshot.version) return 'stale'
  if (delta.version !== snapshot.version + 1) return 'gap'
  const { cards, ...rest } = delta.panels
  let ticker: WallCardItem[] = snapshot.panels.cards
  if (cards && cards.length > 0) {
    const ids = new Set(cards.map((c) => c.id))
    ticker = [...cards, ...snapshot.panels.cards.filter((c) => !ids.has(c.id))].slice(0, WALL_TICKER_LIMIT)
  }
  return { ...snapshot, version: delta.version, at: delta.at, panels: { ...snapshot.panels, ...rest, cards: ticker } }
}

import { WALL_TICKER_LIMIT, type WallCardItem, type WallPanelName, type WallSnapshot } from './wall.ts'
import { upgradeWallDelta, upgradeWallSnapshot } from './wallSchema.ts'

/** What arrived: a snapshot (on join, as a resync's answer, over HTTP) or a delta. */
export type WallMessage = { kind: 'snapshot'; payload: unknown } | { kind: 'delta'; payload: unknown }

/**
 * - `snapshot`: a snapshot replaced the state;
 * - `applied`: the next delta was applied;
 * - `duplicate`: a delta of the version the state has (ignored);
 * - `stale`: a delta older than the state (it overtook the snapshot sent on join; ignored);
 * - `gap`: a delta past the next version (deltas were missed) → resync;
 * - `noBase`: a delta before any snapshot → resync;
 * - `otherJurisdiction`: a delta of another jurisdiction than the state's (not for this wall; ignored);
 * - `unknownSchema`: a schema version this client does not know (a newer publisher; ignored — a
 *   resync would bring the same);
 * - `invalid`: not a wall payload at all (ignored).
 */
export type WallOutcome = 'snapshot' | 'applied' | 'duplicate' | 'stale' | 'gap' | 'noBase' | 'otherJurisdiction' | 'unknownSchema' | 'invalid'

export interface WallStep {
  /** The new state (the same object when nothing was applied). */
  state: WallSnapshot | null
  outcome: WallOutcome
  /** Ask for a fresh snapshot (`TOPICS.wallResync`). */
  resync: boolean
  /** Panels whose value changed (to redraw). */
  changed: readonly WallPanelName[]
}

export interface ReduceWallOptions {
  /** How many ticker lines the state keeps. @default WALL_TICKER_LIMIT */
  tickerLimit?: number
}

const ALL_PANELS: readonly WallPanelName[] = ['tiles', 'departments', 'cards', 'trends', 'rankings']
const RESYNC: ReadonlySet<WallOutcome> = new Set(['gap', 'noBase'])

const step = (state: WallSnapshot | null, outcome: WallOutcome, changed: readonly WallPanelName[] = []): WallStep => ({ state, outcome, resync: RESYNC.has(outcome), changed })

/**
 * Ticker lines: the new ones first, then the old; unique by id (the first kept), at most `limit`.
 * Inputs are not mutated.
 *
 * @example mergeWallCards([c3, c2], [c2, c1], 50).map((c) => c.id) // ['3', '2', '1']
 */
export function mergeWallCards(fresh: readonly WallCardItem[], old: readonly WallCardItem[], limit: number): WallCardItem[] {
  const seen = new Set<string>()
  const out: WallCardItem[] = []
  for (const c of [...fresh, ...old]) {
    if (out.length >= limit) break
    if (seen.has(c.id)) continue
    seen.add(c.id)
    out.push(c)
  }
  return out
}

/**
 * The wall client's one update rule (the page's useWallSocket, the fan-out load driver and the
 * tests all run it): folds a snapshot or a delta received over the socket into the state.
 *
 * Snapshots: any valid snapshot of a known schema version replaces the state (older schema
 * versions are upgraded first, `upgradeWallSnapshot`); its ticker is cut to `tickerLimit`.
 *
 * Deltas, in this order: not a wall payload → `invalid`; unknown schema version →
 * `unknownSchema`; no state yet → `noBase` (resync); another jurisdiction → `otherJurisdiction`;
 * `version === state.version` → `duplicate`; `version < state.version` → `stale` (versions only
 * grow, so it is already in the state); `version > state.version + 1` → `gap` (resync); else
 * `applied`: panels in the delta replace the state's, except `cards`, whose lines are prepended
 * without repeating an id and cut to `tickerLimit` (`mergeWallCards`).
 *
 * Pure: inputs are not mutated; a step that applies nothing returns the same state object.
 *
 * @example reduceWall(null, { kind: 'snapshot', payload: snap7 }) // { state: snap7, outcome: 'snapshot', resync: false, changed: [all five] }
 * @example reduceWall(snap7, { kind: 'delta', payload: delta8 }) // { outcome: 'applied', state.version: 8 }
 * @example reduceWall(snap7, { kind: 'delta', payload: delta9 }) // { outcome: 'gap', resync: true, state: snap7 }
 */
export function reduceWall(state: WallSnapshot | null, message: WallMessage, options: ReduceWallOptions = {}): WallStep {
  const limit = options.tickerLimit ?? WALL_TICKER_LIMIT
  if (message.kind === 'snapshot') {
    const s = upgradeWallSnapshot(message.payload)
    if (s === 'invalid') return step(state, 'invalid')
    if (s === 'unknown') return step(state, 'unknownSchema')
    const cards = s.panels.cards.length > limit ? s.panels.cards.slice(0, limit) : s.panels.cards
    return step(cards === s.panels.cards ? s : { ...s, panels: { ...s.panels, cards } }, 'snapshot', ALL_PANELS)
  }
  const d = upgradeWallDelta(message.payload)
  if (d === 'invalid') return step(state, 'invalid')
  if (d === 'unknown') return step(state, 'unknownSchema')
  if (state === null) return step(state, 'noBase')
  if (d.jurisdictionCode !== state.jurisdictionCode) return step(state, 'otherJurisdiction')
  if (d.version === state.version) return step(state, 'duplicate')
  if (d.version < state.version) return step(state, 'stale')
  if (d.version !== state.version + 1) return step(state, 'gap')
  const changed = ALL_PANELS.filter((p) => d.panels[p] !== undefined)
  const { cards, ...rest } = d.panels
  const ticker = cards ? mergeWallCards(cards, state.panels.cards, limit) : state.panels.cards
  return step({ ...state, version: d.version, at: d.at, panels: { ...state.panels, ...rest, cards: ticker } }, 'applied', changed)
}

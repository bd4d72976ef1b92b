/**
 * The deadline sweep: cases and petitions whose next level transition is due move to their new level, in
 * set-based batches (one statement per batch). Runs every 15 s and right after each local midnight.
 */
import type pg from 'pg'
import { sql } from '../sql/queries.ts'

export interface SweepResult {
  moved: number
  changed: number
  cards: number
  batches: number
}

/**
 * Sweeps until no due transition is left (or `maxBatches` is reached).
 * @param nowMs - the instant to sweep at (injected in tests)
 */
export async function sweepLevels(pool: pg.Pool, nowMs: number, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<SweepResult> {
  const batchSize = opts.batchSize ?? 10_000
  const maxBatches = opts.maxBatches ?? 1_000
  const total: SweepResult = { moved: 0, changed: 0, cards: 0, batches: 0 }
  const now = new Date(nowMs)
  for (let i = 0; i < maxBatches; i++) {
    // writes case_clocks, petitions, level_changes and cards, so its triggers run (sql/README.md):
    // NOTIFY wall_changed (060, 061), wall open-count deltas (090), notification outbox (071)
    const { rows } = await pool.query<{ moved_cases: number; moved_petitions: number; changed: number; cards: number }>(sql('sweep_levels'), [now, batchSize])
    const r = rows[0] ?? { moved_cases: 0, moved_petitions: 0, changed: 0, cards: 0 }
    total.moved += r.moved_cases + r.moved_petitions
    total.changed += r.changed
    total.cards += r.cards
    total.batches += 1
    if (r.moved_cases < batchSize && r.moved_petitions < batchSize) break
  }
  return total
}

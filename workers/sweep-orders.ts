/**
 * The deadline sweep for supervision orders: issued orders whose next level transition is due go
 * warning / yellow / red, set-based (sql/queries/sweep_orders.sql, the SQL twin of
 * domain/supervision/orderLevelAt.ts), with level changes and overdue cards; the notifications
 * follow from the triggers on those tables. Runs in the same maintenance `sweep` job as the cases.
 */
import type pg from 'pg'
import { sql } from '../sql/queries.ts'

export interface OrderSweepResult {
  moved: number
  changed: number
  cards: number
}

export async function sweepOrders(pool: pg.Pool, nowMs: number, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<OrderSweepResult> {
  const batchSize = opts.batchSize ?? 5_000
  const total: OrderSweepResult = { moved: 0, changed: 0, cards: 0 }
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    // writes level_changes and cards: triggers → notification outbox (071), NOTIFY wall_changed (060)
    const r = (await pool.query<OrderSweepResult>(sql('sweep_orders'), [new Date(nowMs), batchSize])).rows[0] ?? { moved: 0, changed: 0, cards: 0 }
    total.moved += r.moved
    total.changed += r.changed
    total.cards += r.cards
    if (r.moved < batchSize) break
  }
  return total
}

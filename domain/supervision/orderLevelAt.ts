import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import type { Level } from '../clock/types.ts'
import type { OrderState } from './types.ts'

/** What `orderLevelAt` needs of an order: its state, level and thresholds (local dates). */
export interface OrderLevelInput {
  readonly state: OrderState
  /** The level it has now (kept once the clock stops). */
  readonly level: Level
  readonly warningFrom: string
  readonly yellowFrom: string
  readonly redFrom: string
}

/**
 * An order's level at an instant, and the next local date on which it changes. While the order is
 * `issued` the level follows the thresholds (00:00 local of each date, inclusive); once the
 * department has answered (replied or appealed) the clock is stopped and the level stays where it
 * was, with no next change. The SQL twin is sql/queries/sweep_orders.sql (it reads the same stored
 * dates).
 *
 * @pure `nowMs` is an input
 * @param order - state, current level and thresholds
 * @param nowMs - the instant (epoch ms)
 * @param zone - the order's zone
 * @returns `{ level, nextChange }` (`nextChange` a local date or `null`), or `null` for an invalid instant or zone
 *
 * @example
 * const o = { state: 'issued', level: 'normal', warningFrom: '2026-02-25', yellowFrom: '2026-02-26', redFrom: '2026-03-03' }
 * orderLevelAt(o, Date.parse('2026-02-25T00:00:00+08:00'), 'Asia/Shanghai') //=> { level: 'warning', nextChange: '2026-02-26' }
 * orderLevelAt({ ...o, state: 'replied', level: 'warning' }, Date.parse('2026-03-10T00:00:00+08:00'), 'Asia/Shanghai')
 * //=> { level: 'warning', nextChange: null }
 */
export function orderLevelAt(order: OrderLevelInput, nowMs: number, zone: string): { level: Level; nextChange: string | null } | null {
  const day = localDayOf(nowMs, zone)
  if (Number.isNaN(day)) return null
  if (order.state !== 'issued') return { level: order.level, nextChange: null }
  const today = fromEpochDay(day) // YYYY-MM-DD compares as text
  const level: Level = today >= order.redFrom ? 'red' : today >= order.yellowFrom ? 'yellow' : today >= order.warningFrom ? 'warning' : 'normal'
  const nextChange = [order.warningFrom, order.yellowFrom, order.redFrom].filter((d) => d > today).sort()[0] ?? null
  return { level, nextChange }
}

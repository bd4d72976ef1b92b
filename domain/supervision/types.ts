/**
 * Supervision orders (督办): states, actions and the order's clock. Shared by server/, workers/ and
 * (as types) dashboard/.
 */
import type { Level } from '../clock/types.ts'

/** issued → replied | appealed; appealed → instructed; replied | instructed → concluded; instructed → replied. */
export type OrderState = 'issued' | 'replied' | 'appealed' | 'instructed' | 'concluded'
/** What a user does to an order. */
export type OrderAction = 'reply' | 'appeal' | 'instruct' | 'conclude'
/** The kind of an immutable step (the first one is `issued`). */
export type OrderStepKind = 'issued' | 'replied' | 'appealed' | 'instructed' | 'concluded'
export type OrderLevel = Level

/** The order's due date and level thresholds, local dates `YYYY-MM-DD`. */
export interface OrderClock {
  /** The local date the order was issued on (day 0, not counted). */
  issuedOn: string
  dueInWorkingDays: number
  /** 24:00 local of this day is the deadline. */
  dueDate: string
  warningFrom: string
  yellowFrom: string
  redFrom: string
  /** The working days counted (1..N), with the calendar kind of each: the "why" of the due date. */
  counted: readonly { n: number; date: string; kind: string }[]
  /** Non-working days skipped on the way (holidays, weekends, local days off). */
  skipped: readonly { date: string; kind: string; name: string | null }[]
}

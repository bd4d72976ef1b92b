/**
 * The simulator's inputs (items, options) and the district's service hours and handler names
 * (generate.ts re-exports the public ones).
 */
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'

export interface SimItem {
  code: string
  departmentCode: string
  caseType: string
  promisedLimit: number
  legalLimit: number | null
  feeStandard: number
  specialProcedure: boolean
}

export interface SimOptions {
  seed: number
  items: readonly SimItem[]
  /** Departments that receive petitions (default: the items' departments). */
  departments?: readonly string[]
  calendar: WorkCalendar
  zone?: string
  /** Mean case arrivals per working day (default 150). */
  casesPerWorkday?: number
  /** Mean petition arrivals per working day (default 40). */
  petitionsPerWorkday?: number
  /** Prefix of case and petition numbers (ASCII; default `440204-S<seed>-`). */
  idPrefix?: string
}

/** Office minutes per working day: 08:30–12:00 (210) and 14:30–17:30 (180). */
export const OFFICE_MINUTES = 390
export const MORNING = 210
/** 周六不打烊: the windows' Saturday hours, local minutes of the day (09:00–12:00). */
export const SATURDAY_HOURS = Object.freeze({ open: 540, close: 720 })
/** Saturday walk-ins, and online/hotline arrivals outside office hours, per day as shares of a working day's. */
export const SATURDAY_SHARE = 0.3
export const OUT_OF_HOURS_SHARE = 0.25
/** The handler named on steps that the automatic approval (秒批) takes. */
export const AUTO_APPROVAL_HANDLER = '秒批系统'
/** The handler named on steps of the online pre-review (网上预审). */
export const PRE_REVIEW_HANDLER = '网上预审'
/** The handler named on petitions the 12345 hotline answers on the call. */
export const HOTLINE_HANDLER = '12345热线坐席'

/** What the district's service centre is doing at an instant. */
export type ServiceMode = 'office' | 'saturday' | 'closed'

/** A case that starts outside the office clock: a Saturday walk-in or an out-of-hours online application. */
export interface OutOfHoursStart { at: number; channel: 'window' | 'online' }

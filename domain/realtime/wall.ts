/**
 * What the wall shows, as it travels over socket.io (`TOPICS.wallSnapshot` / `TOPICS.wallDelta`):
 * the contract between the publisher (workers/), the server (first snapshot on join) and the wall
 * page (dashboard/). Versioned: every delta carries the version it applies to; a client that sees
 * a gap (or reconnects) asks for a fresh snapshot with `TOPICS.wallResync`.
 *
 * Counts are of the jurisdiction the wall watches; dates are local dates of its time zone.
 */
import type { Level } from '../clock/types.ts'

/** Payload schema version (bump with an `up()` when the shape changes). */
export const WALL_SCHEMA_VERSION = 1

/** Headline tiles. */
export interface WallTiles {
  receivedToday: number
  acceptedToday: number
  concludedToday: number
  inProgress: number
  warning: number
  yellow: number
  red: number
  /** Concluded in time ÷ concluded, this calendar month; null when nothing was concluded. */
  onTimeRateMonth: number | null
}

/** One row of the department status board (open cases by level). */
export interface WallDepartmentStatus {
  code: string
  name: string
  /** `department` (an agency), `town` (镇) or `street` (街道). */
  kind: 'department' | 'town' | 'street'
  open: number
  normal: number
  warning: number
  yellow: number
  red: number
  /** The worst level among its open cases and petitions ('normal' when none). */
  worst: Level
}

/** One line of the live card ticker. Never personal data; the case number is masked. */
export interface WallCardItem {
  id: string
  issuedAt: string
  color: 'yellow' | 'red'
  departmentCode: string
  departmentName: string
  itemName: string | null
  /** e.g. `440204-2025-****23` */
  subjectNoMasked: string
  subject: 'case' | 'petition' | 'order'
  rule: string
  reason: string
}

export interface WallTrendPoint {
  /** `HH:00` for hours of today, `YYYY-MM-DD` for days of the month. */
  label: string
  received: number
  concluded: number
}

export interface WallTrends {
  hourlyToday: WallTrendPoint[]
  dailyMonth: WallTrendPoint[]
  /** immediate / promised / joint / escalated / returned / supplemented, this month. */
  caseTypes: { type: 'immediate' | 'promised' | 'joint' | 'escalated' | 'returned' | 'supplemented'; count: number }[]
  /** Open petitions by kind and level. */
  petitions: { kind: 'consultation' | 'complaint' | 'petition' | 'mailbox' | 'efficiencyComplaint'; normal: number; warning: number; yellow: number; red: number }[]
}

export interface WallRankingRow {
  code: string
  name: string
  /** On-time rate this month, 0..1. */
  onTimeRate: number
  concluded: number
}

export interface WallRankings {
  best: WallRankingRow[]
  worst: WallRankingRow[]
}

/** Every panel of the wall. */
export interface WallPanels {
  tiles: WallTiles
  departments: WallDepartmentStatus[]
  /** Newest first, at most `WALL_TICKER_LIMIT`. */
  cards: WallCardItem[]
  trends: WallTrends
  rankings: WallRankings
}

export type WallPanelName = keyof WallPanels

/** How many ticker lines a snapshot carries (and a client keeps). */
export const WALL_TICKER_LIMIT = 50

export interface WallSnapshot {
  schema: typeof WALL_SCHEMA_VERSION
  jurisdictionCode: string
  version: number
  /** When the data was read (ISO-8601). */
  at: string
  panels: WallPanels
}

/** The panels that changed since `version - 1`. `cards` holds only the new ticker lines. */
export interface WallDelta {
  schema: typeof WALL_SCHEMA_VERSION
  jurisdictionCode: string
  version: number
  at: string
  panels: Partial<WallPanels>
}

/**
 * What the wall shows, as it travels over socket.io (`TOPICS.wallSnapshot` / `TOPICS.wallDelta`):
 * the contract between the publisher (workers/), the server (first snapshot on join) and the wall
 * page (dashboard/). Versioned: every delta carries the version it applies to; a client that sees
 * a gap (or reconnects) asks for a fresh snapshot with `TOPICS.wallResync`.
 *
 * Counts are of the jurisdiction the wall watches; dates are local dates of its time zone.
 *
 * Schema versions (`schemaVersion`; older shapes and their `up()` in `wallSchema.ts`, as
 * hoppscotch-data versions its stored shapes):
 * - 1: the first shape, its version in a field named `schema`.
 * - 2: the same panels, the version in `schemaVersion` (explicit, and the same name every later
 *   version keeps). A v1 snapshot still stored in Redis by an older publisher, or a v1 delta from
 *   one still running during a rolling update, is upgraded by `upgradeWallSnapshot` /
 *   `upgradeWallDelta`; a version the client does not know is ignored (`reduceWall`).
 * Additive changes within 2: `WallResyncAck` (the acknowledgement of `wall/resync` — the snapshot,
 * or `{ ok: false, code }` for a socket that has not joined `wall` (`FORBIDDEN`) or when it cannot
 * be read (`UNAVAILABLE`)); `WALL_MIN_INTERVAL_MS` (the publisher’s default coalescing interval).
 *
 * What the numbers are (sql/queries/wall_*.sql): the jurisdiction is the configured one
 * (`WALL_JURISDICTION`) or the deployment's top jurisdiction, and everything under it.
 * - tiles: received = cases submitted (else accepted) today; accepted / concluded today by their
 *   times; inProgress = open cases (neither concluded nor returned); warning/yellow/red = open
 *   cases at that level (cases only), where a case's level is the higher of its clock's and its
 *   highest active card's (a supervisor's manual card included; migration 111); onTimeRateMonth = concluded on or before the deadline date
 *   ÷ concluded this month with a deadline.
 * - departments: open cases (levels as for the tiles) AND open petitions by level, every active department (towns and
 *   streets included, so the map's per-town/street worst level is `departments` filtered by kind),
 *   riskiest first (red, yellow, warning, open).
 * - cards: newest yellow/red cards, revoked ones included, number masked (`maskSubjectNo`).
 * - trends and rankings are re-read at most every 5 s (`WALL_SLOW_PANELS_MS`); the other panels
 *   on every publication (≤ 4/s at the default interval).
 * - trends: hourlyToday / dailyMonth count `submitted` (received) and `concluded` EVENTS by their
 *   occurredAt (rollup `event_counts_hourly` before its newest bucket, the event store after);
 *   caseTypes = cases received this month by type; petitions = open petitions by kind and level.
 * - rankings: on-time rate this month of departments with ≥ 5 such concluded cases
 *   (`WALL_RANKING_MIN_CONCLUDED`), best 5 (best first) and worst 5 (worst first).
 *
 * Client rules (`reduceWall`, the one reducer the page, the load driver and the tests run): a
 * delta before the first snapshot → resync. Then a delta with `version === have.version + 1`
 * applies; `version === have.version` is a duplicate and `version < have.version` is stale (it can
 * overtake the snapshot sent on join): ignore both; anything larger (a gap) → emit `wall/resync`
 * and replace the state with the acknowledged snapshot. A delta of another jurisdiction is not for
 * this wall: ignored. After a reconnect, join `wall` again:
 * the server sends a snapshot on every join. `cards` in a delta are new lines only: prepend,
 * de-duplicate by id, keep `WALL_TICKER_LIMIT`. Versions only grow: the first one of a
 * deployment (or after Redis lost its counter) is the clock in ms, then +1 per delta. A snapshot
 * with version 0 was read straight from PostgreSQL (no publisher has stored one yet): the next
 * delta is then a gap → resync.
 */
import type { Level } from '../clock/types.ts'
import type { CaseType, PetitionKind } from '../contracts/caseTypes.ts'

/** Payload schema version (bump with an `up()` in wallSchema.ts when the shape changes). */
export const WALL_SCHEMA_VERSION = 2

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
  /** When the card was recorded. */
  issuedAt: string
  /** When its rule was broken (the threshold crossed): what the ticker shows. */
  effectiveAt: string
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
  caseTypes: { type: CaseType; count: number }[]
  /** Open petitions by kind and level. */
  petitions: { kind: PetitionKind; normal: number; warning: number; yellow: number; red: number }[]
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

/**
 * The publisher's default minimum interval between two deltas: 250 ms, so at most 4 small deltas
 * a second reach a client however many events arrive (1,000 events/s do not flood it), and an
 * event reaches every client within one interval plus the pipeline: p99 < 500 ms at 1,000
 * events/s with 500 clients (`npm run bench:fanout`).
 *
 * Why not 500 ms (the "at most 2 per second per panel"): under a sustained stream an event
 * waits for the next push, and the p99 of that wait alone is 0.99 × the interval, so at 500 ms the
 * product's "< 500 ms p99 from event to wall" is out of reach whatever else is done, and a page
 * that draws a panel at most twice a second (whatever the push rate) adds the same wait again.
 * Deployments that prefer the calmer rate set `WALL_MIN_INTERVAL_MS=500` (p99 ≈ 625 ms measured).
 */
export const WALL_MIN_INTERVAL_MS = 250

/**
 * The page's least time between two renders of one panel: a guard against a flood of deltas
 * (several publishers misconfigured, a replay), equal to the publisher's default so that it adds
 * no wait of its own (leading edge: a delta after a quiet interval is drawn at once).
 */
export const WALL_PANEL_MIN_INTERVAL_MS = WALL_MIN_INTERVAL_MS

/** The acknowledgement of `TOPICS.wallResync`. */
export type WallResyncAck = WallSnapshot | { ok: false; code: 'FORBIDDEN' | 'UNAVAILABLE' }

/** How many ticker lines a snapshot carries (and a client keeps). */
export const WALL_TICKER_LIMIT = 50

export interface WallSnapshot {
  schemaVersion: typeof WALL_SCHEMA_VERSION
  jurisdictionCode: string
  version: number
  /** When the data was read (ISO-8601). */
  at: string
  panels: WallPanels
}

/** The panels that changed since `version - 1`. `cards` holds only the new ticker lines. */
export interface WallDelta {
  schemaVersion: typeof WALL_SCHEMA_VERSION
  jurisdictionCode: string
  version: number
  at: string
  panels: Partial<WallPanels>
}

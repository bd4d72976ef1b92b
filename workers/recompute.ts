/**
 * Recomputing open deadlines after a calendar change (a State Council notice entered, a local day
 * off or on) or a level-scheme edit (PRODUCT.md "Time-limit rules"; ARCHITECTURE.md "Time").
 *
 * One transaction: the recompute lock (projections and the sweep wait meanwhile), the
 * jurisdiction's calendar rebuilt into `calendar_days` from the shipped and entered notices and its
 * local overrides, then ONE set-based statement (`sql/queries/recompute_deadlines.sql`) that
 * recomputes every open running case in scope, writes the rows that change, records level changes,
 * reconciles overdue cards and records the recompute in `clock_recomputes`.
 *
 * What that statement leaves to the TypeScript engine, right after the commit, through the ordinary
 * projection (idempotent; it writes only what changes): cases whose clock is stopped (open
 * suspension, pending supplement: their stop's own watch depends on the calendar), clocks that a
 * new calendar stops or pushes outside the calendar, rows projected before migration 025 (no
 * stored inputs), and the open petitions in scope.
 */
import { UnrecoverableError } from 'bullmq'
import type pg from 'pg'
import { loadCalendar, loadWorkCalendar } from '../sql/calendar.ts'
import { createContextProvider, type ContextProvider } from '../sql/clockContext.ts'
import { sql } from '../sql/queries.ts'
import { projectCases, projectPetitions } from './project.ts'

export interface RecomputeOptions {
  jurisdictionCode: string
  /** Why (shown to supervisors and stored with every level change), e.g. `2027 年放假通知录入`. */
  reason: string
  /** Who asked (user login, or `system`). */
  requestedBy: string
  /** The instant levels are evaluated at, epoch ms (injected in tests). */
  nowMs: number
  /** Only this department's cases and petitions (a department scheme edit). */
  departmentCode?: string | null
  /** Only this item's cases (an item scheme edit; petitions have no item). */
  itemCode?: string | null
  /** Context for the projection of the cases handed back; a fresh one by default (the calendar just changed). */
  context?: ContextProvider
  /** Subjects per projection transaction. @default 500 */
  chunk?: number
}

export interface RecomputeResult {
  /** `clock_recomputes.id` */
  id: string
  /** Open running cases in scope. */
  scanned: number
  /** Cases whose deadline, legal deadline or a threshold day moved. */
  moved: number
  /** Rows written by the statement (moved, or only level / next transition / scheme changed). */
  updated: number
  levelChanges: number
  cardsIssued: number
  cardsRevoked: number
  /** Moved cases, first 1,000 by case number. */
  caseNos: string[]
  /** Cases recomputed by the projection afterwards, and how many of them it wrote. */
  reprojected: { cases: number; written: number; petitions: number; petitionsWritten: number }
}

interface Row {
  id: string
  scanned: number
  moved: number
  updated: number
  level_changes: number
  cards_issued: number
  cards_revoked: number
  case_nos: string[]
  reproject: string[]
}

/**
 * Recomputes the open deadlines of a jurisdiction (or of one department or item) at `nowMs`.
 * Idempotent: run again with nothing changed, it writes nothing (0 moved, 0 updated) but still
 * appends a `clock_recomputes` row saying so.
 *
 * @param pool - the database
 * @param opts - scope, reason, who, when
 * @returns what moved
 */
export async function recomputeDeadlines(pool: pg.Pool, opts: RecomputeOptions): Promise<RecomputeResult> {
  const client = await pool.connect()
  let row: Row
  try {
    await client.query('BEGIN')
    await client.query(sql('recompute_lock'))
    await loadCalendar(client, opts.jurisdictionCode, await loadWorkCalendar(client, opts.jurisdictionCode))
    // writes case_clocks, level_changes and cards, so its triggers run (sql/README.md): NOTIFY
    // wall_changed (061), wall open-count deltas (090), notification outbox (071)
    const { rows } = await client.query<Row>(sql('recompute_deadlines'), [
      opts.jurisdictionCode,
      new Date(opts.nowMs),
      opts.reason,
      opts.requestedBy,
      opts.departmentCode ?? null,
      opts.itemCode ?? null,
    ])
    row = rows[0]!
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }

  const context = opts.context ?? createContextProvider(pool, { ttlMs: 60_000 })
  const chunk = opts.chunk ?? 500
  let written = 0
  for (let i = 0; i < row.reproject.length; i += chunk) {
    written += (await projectCases(pool, row.reproject.slice(i, i + chunk), { context, nowMs: opts.nowMs })).written.length
  }
  let petitions: string[] = []
  let petitionsWritten = 0
  if (!opts.itemCode) {
    const { rows } = await pool.query<{ petition_no: string }>(sql('recompute_open_petitions'), [opts.jurisdictionCode, opts.departmentCode ?? null])
    petitions = rows.map((r) => r.petition_no)
    for (let i = 0; i < petitions.length; i += chunk) {
      petitionsWritten += (await projectPetitions(pool, petitions.slice(i, i + chunk), { context, nowMs: opts.nowMs })).written.length
    }
  }
  return {
    id: String(row.id),
    scanned: row.scanned,
    moved: row.moved,
    updated: row.updated,
    levelChanges: row.level_changes,
    cardsIssued: row.cards_issued,
    cardsRevoked: row.cards_revoked,
    caseNos: row.case_nos,
    reprojected: { cases: row.reproject.length, written, petitions: petitions.length, petitionsWritten },
  }
}

/** Data of a `recompute` maintenance job. */
export interface RecomputeJob {
  /** A jurisdiction, or `*` for every jurisdiction (a State Council notice is national). */
  jurisdictionCode: string
  reason: string
  requestedBy: string
  departmentCode?: string | null
  itemCode?: string | null
}

/**
 * The processor of the `recompute` maintenance job, evaluated at the time it runs: one recompute
 * per jurisdiction (every one for `*`), one after the other.
 * @throws UnrecoverableError for a job without jurisdictionCode, reason and requestedBy
 */
export async function processRecomputeJob(pool: pg.Pool, job: RecomputeJob, nowMs = Date.now()): Promise<RecomputeResult[]> {
  if (typeof job?.jurisdictionCode !== 'string' || typeof job.reason !== 'string' || typeof job.requestedBy !== 'string') {
    throw new UnrecoverableError('recompute job needs jurisdictionCode, reason and requestedBy')
  }
  const codes = job.jurisdictionCode === '*'
    ? (await pool.query<{ code: string }>(sql('recompute_jurisdictions'))).rows.map((r) => r.code)
    : [job.jurisdictionCode]
  const context = createContextProvider(pool, { ttlMs: 60_000 })
  const out: RecomputeResult[] = []
  for (const jurisdictionCode of codes) {
    out.push(await recomputeDeadlines(pool, {
      jurisdictionCode,
      reason: job.reason,
      requestedBy: job.requestedBy,
      departmentCode: job.departmentCode ?? null,
      itemCode: job.itemCode ?? null,
      nowMs,
      context,
    }))
  }
  return out
}

/**
 * Maintenance jobs: recovery of unprojected events, monthly partitions ahead of time (plain
 * PostgreSQL), and rollup refresh. Each is a small idempotent function of the pool.
 */
import type pg from 'pg'
import type { ProjectJob } from '../domain/queues.ts'
import { sql } from '../sql/queries.ts'

export const RECOVERY_CHUNK = 500

/**
 * Finds events committed but never projected (Redis was down, a worker died) and returns
 * projection jobs for their subjects. Events younger than `minAgeMs` are left to their own job.
 */
export async function findUnprojected(pool: pg.Pool, opts: { nowMs: number; minAgeMs: number; limit?: number }): Promise<ProjectJob[]> {
  const { rows } = await pool.query<{ case_no: string | null; petition_no: string | null }>(sql('unprojected_subjects'), [
    new Date(opts.nowMs - opts.minAgeMs),
    opts.limit ?? 50_000,
  ])
  const cases = [...new Set(rows.flatMap((r) => (r.case_no ? [r.case_no] : [])))]
  const petitions = [...new Set(rows.flatMap((r) => (r.petition_no ? [r.petition_no] : [])))]
  const jobs: ProjectJob[] = []
  for (let i = 0; i < Math.max(cases.length, petitions.length); i += RECOVERY_CHUNK) {
    jobs.push({ cases: cases.slice(i, i + RECOVERY_CHUNK), petitions: petitions.slice(i, i + RECOVERY_CHUNK) })
  }
  return jobs
}

/** Creates event partitions up to `monthsAhead` months ahead; returns how many were created. */
export async function ensurePartitions(pool: pg.Pool, monthsAhead = 3): Promise<number> {
  const { rows } = await pool.query<{ created: string }>(sql('ensure_partitions'), [monthsAhead])
  return Number(rows[0]?.created ?? 0)
}

/**
 * Refreshes the hourly event counts (continuous aggregate or materialized view). On plain
 * PostgreSQL the view is then vacuumed: the wall's trend reads the month's buckets from the view's
 * partial index alone (migration 283) only where its pages are marked all-visible, and a refresh
 * leaves the pages it writes unmarked — after a full one, the rows of a month lie on as many pages
 * as there are rows (4,092 rows on 3,128 pages at a province's size: 13 ms per wall snapshot
 * instead of 3, bench/volume.bench.ts). Autovacuum would come much later (it waits for a fifth of
 * the view to change). Once marked, a vacuum visits only the pages the last refresh changed.
 */
export async function refreshRollups(pool: pg.Pool): Promise<void> {
  await pool.query(sql('refresh_rollups'))
  const { rows } = await pool.query<{ matview: boolean }>(sql('rollups_vacuum_target'))
  if (rows[0]?.matview) await pool.query(sql('rollups_vacuum'))
}

/**
 * Folds the statistics rollups' deltas into their bases (migrations 150, 220, 310); returns the delta rows
 * folded. Readers sum base + deltas, so this only keeps their reads short; it runs with the rollup
 * refresh (`ROLLUP_EVERY_MS`).
 */
export async function compactStatCounts(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ folded: number }>(sql('statistics_compact'))
  return rows[0]?.folded ?? 0
}

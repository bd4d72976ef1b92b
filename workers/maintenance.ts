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

/** Refreshes the hourly event counts (continuous aggregate or materialized view). */
export async function refreshRollups(pool: pg.Pool): Promise<void> {
  await pool.query(sql('refresh_rollups'))
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

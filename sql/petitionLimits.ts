/**
 * Petition limit versions (migration 320): the retraction — the statements the DELETE route runs
 * and its preview runs in a transaction it rolls back, so that the preview's "after" is read from
 * exactly the limits the retraction leaves.
 */
import type pg from 'pg'
import { sql } from './queries.ts'

/** A removed version as `petition_limit_version_retract.sql` returns it. */
export interface RetractedPetitionLimitVersion {
  id: string
  jurisdiction_code: string
  petition_kind: string
  stage: string
  limit_value: number
  limit_unit: string
  accepted_from: string | null
  base_before: { limit_value?: number; limit_unit?: string; none?: boolean } | null
}

/**
 * Removes one version of a jurisdiction's petition limit and restores the jurisdiction's limit it
 * replaced (a version for every petition kept the one before: a value, or none of its own), on
 * the caller's transaction client; `null` when the version is not the jurisdiction's.
 */
export async function retractPetitionLimitVersion(c: pg.ClientBase, jurisdictionCode: string, versionId: string): Promise<RetractedPetitionLimitVersion | null> {
  const gone = (await c.query<RetractedPetitionLimitVersion>(sql('petition_limit_version_retract'), [jurisdictionCode, versionId])).rows[0]
  if (!gone) return null
  const b = gone.base_before
  if (b?.none) await c.query(sql('petition_limit_delete'), [jurisdictionCode, gone.petition_kind, gone.stage])
  else if (b && b.limit_value !== undefined) await c.query(sql('petition_limit_upsert'), [jurisdictionCode, gone.petition_kind, gone.stage, b.limit_value, b.limit_unit])
  return gone
}

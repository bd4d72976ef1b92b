/**
 * The approval module reads a case the way the projection does: every stored event, folded
 * (domain/case/foldCase). Inside a transaction it first takes the case's projection lock, so two
 * window actions on one case are serialised and each is checked against the state left by the other.
 */
import type pg from 'pg'
import { foldCase, type CaseState } from '../../domain/case/foldCase.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { sql } from '../../sql/queries.ts'
import { toStoredEvent, type EventRow } from '../../sql/storedEvent.ts'

export interface LoadedCase {
  state: CaseState | null
  events: StoredEvent[]
}

/** Folds a case from its events; with `lock`, first serialises it (needs an open transaction on `db`). */
export async function loadCase(db: pg.Pool | pg.ClientBase, caseNo: string, opts: { lock?: boolean } = {}): Promise<LoadedCase> {
  if (opts.lock) await db.query(sql('lock_subjects'), [[caseNo], 'case'])
  const { rows } = await db.query<EventRow>(sql('case_events'), [[caseNo]])
  const events = rows.map((r) => toStoredEvent(r, 'case'))
  return { state: foldCase(events), events }
}

/** The departments the user may act for (visible_departments, migration 030). */
export async function visibleDepartments(db: pg.Pool | pg.ClientBase, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ codes: string[] }>(sql('auth_visible_departments'), [userId])
  return rows[0]?.codes ?? []
}

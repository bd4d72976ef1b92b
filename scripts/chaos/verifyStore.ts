/**
 * Checks a database against its own events, in SQL and with the projection's own code:
 *
 * - `countEventCopies`: for events a source had acknowledged, how many rows each has (0 = lost,
 *   more than 1 = double-stored) and whether it is projected;
 * - `verifyCaseStates`: for each case, the stored rows (`cases`, `case_clocks`, `case_stages`)
 *   against what the projection (workers/project.ts: `caseRow`, `caseClockRow`, with domain's
 *   `foldCase` and `caseClock`) writes for a fresh fold of all of its stored events.
 *
 * Used by `npm run chaos` after its kills and by `npm run restore` after a restore.
 */
import type pg from 'pg'
import { foldCaseWithCursor } from '../../domain/case/foldCase.ts'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { sql } from '../../sql/queries.ts'
import { toStoredEvent, type EventRow } from '../../sql/storedEvent.ts'
import { caseClockRow, caseRow } from '../../workers/project.ts'
import { diffCase, type StoredCase } from './diffCase.ts'

export interface EventCopies {
  /** acknowledged ids with no row */
  lost: string[]
  /** ids with more than one row */
  duplicated: string[]
  /** ids stored but not projected */
  unprojected: string[]
}

export async function countEventCopies(pool: pg.Pool, source: string, ids: readonly string[], chunk = 5000): Promise<EventCopies> {
  const out: EventCopies = { lost: [], duplicated: [], unprojected: [] }
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk)
    const { rows } = await pool.query<{ event_id: string; copies: number; projected: boolean }>(sql('verify_event_copies'), [source, part])
    const byId = new Map(rows.map((r) => [r.event_id, r]))
    for (const id of part) {
      const r = byId.get(id)
      if (!r) out.lost.push(id)
      else {
        if (r.copies > 1) out.duplicated.push(id)
        if (!r.projected) out.unprojected.push(id)
      }
    }
  }
  return out
}

export interface CaseStateCheck {
  checked: number
  mismatched: { caseNo: string; fields: string[] }[]
}

/**
 * Folds each case's stored events afresh and compares with its stored rows, on one snapshot.
 *
 * @param opts.caseNos - the cases to check. @default every case with a row or an event
 * @param opts.nowMs - the instant of the fresh clock. @default Date.now()
 */
export async function verifyCaseStates(pool: pg.Pool, opts: { caseNos?: readonly string[]; nowMs?: number; chunk?: number } = {}): Promise<CaseStateCheck> {
  const chunk = opts.chunk ?? 500
  const context = createContextProvider(pool)
  const client = await pool.connect()
  const mismatched: CaseStateCheck['mismatched'] = []
  let checked = 0
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const nowMs = opts.nowMs ?? Date.now()
    const caseNos = opts.caseNos ?? (await client.query<{ case_no: string }>(sql('verify_case_numbers'))).rows.map((r) => r.case_no)
    for (let i = 0; i < caseNos.length; i += chunk) {
      const part = [...caseNos.slice(i, i + chunk)]
      const { rows: eventRows } = await client.query<EventRow>(sql('case_events'), [part])
      const { rows: storedRows } = await client.query<{ case_no: string } & StoredCase>(sql('verify_case_rows'), [part])
      const stored = new Map(storedRows.map((r) => [r.case_no, r]))
      const events = new Map<string, EventRow[]>()
      for (const r of eventRows) events.set(r.subject_no, [...(events.get(r.subject_no) ?? []), r])
      for (const caseNo of part) {
        checked += 1
        const fold = foldCaseWithCursor((events.get(caseNo) ?? []).map((r) => toStoredEvent(r, 'case')))
        const s = stored.get(caseNo)
        if (!fold) {
          if (s) mismatched.push({ caseNo, fields: ['cases: stored without events'] })
          continue
        }
        const { state, cursor } = fold
        const ctx = await context.forCase(state.departmentCode, state.itemCode, state.acceptedAt)
        const clock = caseClock(state, { ...ctx, nowMs })
        const fresh = {
          row: caseRow(state, ctx, cursor) as unknown as Record<string, unknown>,
          clock: caseClockRow(state, clock, ctx) as unknown as Record<string, unknown>,
          stages: state.stages,
        }
        const fields = diffCase(s ?? { cases: null, clock: null, stages: [] }, fresh, { nowMs })
        if (fields.length > 0) mismatched.push({ caseNo, fields })
      }
    }
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
  return { checked, mismatched }
}

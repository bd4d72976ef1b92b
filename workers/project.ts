/**
 * Projection: fold every event of each case (or petition) in a job into its current state.
 * Idempotent: re-running writes nothing new; late and repeated events give the same state.
 */
import type pg from 'pg'
import { foldCase, type CaseState } from '../domain/case/foldCase.ts'
import { foldPetition, type PetitionState } from '../domain/case/foldPetition.ts'
import type { EventKind, IngestEvent, StoredEvent } from '../domain/events/schema.ts'
import type { ProjectJob } from '../domain/queues.ts'
import { sql } from '../sql/queries.ts'

interface EventRow {
  seq: string
  source: string
  event_id: string
  occurred_at: Date
  received_at: Date
  subject_no: string
  department_code: string
  kind: string
  body: Record<string, unknown>
}

function toStored(r: EventRow, subject: 'case' | 'petition'): StoredEvent {
  return {
    seq: Number(r.seq),
    source: r.source,
    eventId: r.event_id,
    occurredAt: r.occurred_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    subject,
    subjectNo: r.subject_no,
    departmentCode: r.department_code,
    kind: r.kind as EventKind,
    body: r.body as IngestEvent['body'],
  }
}

function groupBySubject(rows: EventRow[], subject: 'case' | 'petition'): Map<string, StoredEvent[]> {
  const out = new Map<string, StoredEvent[]>()
  for (const r of rows) {
    let list = out.get(r.subject_no)
    if (!list) out.set(r.subject_no, (list = []))
    list.push(toStored(r, subject))
  }
  return out
}

/** The `cases` row for a folded state. Clock columns are filled by the deadline engine. */
export function caseRow(s: CaseState) {
  return {
    case_no: s.caseNo,
    department_code: s.departmentCode,
    item_code: s.itemCode,
    case_type: s.caseType,
    status: s.status,
    applicant: s.applicant,
    submitted_at: s.submittedAt,
    accepted_at: s.acceptedAt,
    concluded_at: s.concludedAt,
    returned_at: s.returnedAt,
    result: s.result,
    certificate_no: s.certificateNo,
    fee_charged: s.feeCharged,
    supplement_count: s.supplements.length,
    suspended: s.suspensions.some((x) => x.to === null),
    joint_departments: s.jointDepartments,
    handler: s.handler,
    state: s,
    event_count: s.eventCount,
    last_occurred_at: s.lastOccurredAt,
    legal_limit: s.legalLimit?.value ?? null,
    legal_unit: s.legalLimit?.unit ?? null,
    promised_limit: s.promisedLimit?.value ?? null,
    promised_unit: s.promisedLimit?.unit ?? null,
    deadline_date: null as string | null,
    warning_from: null as string | null,
    yellow_from: null as string | null,
    red_from: null as string | null,
    level: 'normal',
    next_transition_at: null as string | null,
  }
}
export type CaseRow = ReturnType<typeof caseRow>

export function petitionRow(p: PetitionState) {
  return {
    petition_no: p.petitionNo,
    department_code: p.departmentCode,
    petition_kind: p.petitionKind,
    channel: p.channel,
    status: p.status,
    citizen: p.citizen,
    received_at: p.receivedAt,
    acknowledged_at: p.acknowledgedAt,
    replied_at: p.repliedAt,
    closed_at: p.closedAt,
    rating: p.rating,
    state: p,
    event_count: p.eventCount,
    last_occurred_at: p.lastOccurredAt,
  }
}

export interface ProjectResult {
  casesWritten: string[]
  petitionsWritten: string[]
  eventsRead: number
}

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const out = await fn(client)
    await client.query('COMMIT')
    return out
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/** Projects the cases of a job in one transaction. */
export async function projectCases(pool: pg.Pool, caseNos: readonly string[]): Promise<{ written: string[]; eventsRead: number }> {
  if (caseNos.length === 0) return { written: [], eventsRead: 0 }
  const nos = [...new Set(caseNos)].sort()
  return inTransaction(pool, async (c) => {
    await c.query(sql('lock_subjects'), [nos, 'case'])
    await c.query(sql('lock_cases'), [nos])
    const { rows } = await c.query<EventRow>(sql('case_events'), [nos])
    const rowsOut: CaseRow[] = []
    const stages: unknown[] = []
    for (const [, events] of groupBySubject(rows, 'case')) {
      const state = foldCase(events)
      if (!state) continue
      rowsOut.push(caseRow(state))
      state.stages.forEach((st, i) =>
        stages.push({ case_no: state.caseNo, seq: i + 1, stage: st.stage, at: st.at, handler: st.handler, opinion: st.opinion, department_code: st.departmentCode, event_id: st.eventId }),
      )
    }
    const { rows: written } = await c.query<{ case_no: string }>(sql('upsert_cases'), [JSON.stringify(rowsOut)])
    const writtenNos = written.map((w) => w.case_no)
    if (writtenNos.length > 0) {
      const set = new Set(writtenNos)
      await c.query(sql('delete_case_stages'), [writtenNos])
      await c.query(sql('insert_case_stages'), [JSON.stringify(stages.filter((s) => set.has((s as { case_no: string }).case_no)))])
    }
    await c.query(sql('mark_case_events_projected'), [nos, rows.map((r) => r.seq)])
    return { written: writtenNos, eventsRead: rows.length }
  })
}

/** Projects the petitions of a job in one transaction. */
export async function projectPetitions(pool: pg.Pool, petitionNos: readonly string[]): Promise<{ written: string[]; eventsRead: number }> {
  if (petitionNos.length === 0) return { written: [], eventsRead: 0 }
  const nos = [...new Set(petitionNos)].sort()
  return inTransaction(pool, async (c) => {
    await c.query(sql('lock_subjects'), [nos, 'petition'])
    await c.query(sql('lock_petitions'), [nos])
    const { rows } = await c.query<EventRow>(sql('petition_events'), [nos])
    const out = []
    for (const [, events] of groupBySubject(rows, 'petition')) {
      const p = foldPetition(events)
      if (p) out.push(petitionRow(p))
    }
    const { rows: written } = await c.query<{ petition_no: string }>(sql('upsert_petitions'), [JSON.stringify(out)])
    await c.query(sql('mark_petition_events_projected'), [nos, rows.map((r) => r.seq)])
    return { written: written.map((w) => w.petition_no), eventsRead: rows.length }
  })
}

/** The processor of the `project` queue. */
export async function processProjectJob(pool: pg.Pool, job: ProjectJob): Promise<ProjectResult> {
  const cases = await projectCases(pool, job.cases ?? [])
  const petitions = await projectPetitions(pool, job.petitions ?? [])
  return { casesWritten: cases.written, petitionsWritten: petitions.written, eventsRead: cases.eventsRead + petitions.eventsRead }
}

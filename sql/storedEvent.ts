/**
 * A row of `events` as the case and petition queries return it, and the `StoredEvent` the fold
 * reads. Shared by the projection (workers/project.ts) and the approval module
 * (server/window/loadCase.ts), which must read events exactly alike.
 */
import type { EventKind, IngestEvent, StoredEvent } from '../domain/events/schema.ts'

export interface EventRow {
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

export function toStoredEvent(r: EventRow, subject: 'case' | 'petition'): StoredEvent {
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

import type { Applicant, EventBody, PetitionKind, StoredEvent } from '../events/schema.ts'
import { orderEvents } from './foldCase.ts'

export type PetitionStatus = 'received' | 'assigned' | 'acknowledged' | 'replied' | 'closed'

export interface PetitionState {
  petitionNo: string
  departmentCode: string
  petitionKind: PetitionKind | null
  channel: string | null
  subject: string | null
  citizen: Applicant | null
  status: PetitionStatus
  receivedAt: string | null
  assignedAt: string | null
  acknowledgedAt: string | null
  repliedAt: string | null
  closedAt: string | null
  handler: string | null
  rating: number | null
  eventCount: number
  lastOccurredAt: string
}

const RANK: Record<PetitionStatus, number> = { received: 0, assigned: 1, acknowledged: 2, replied: 3, closed: 4 }

/**
 * Folds all events of one petition (consultation, complaint, 信访, mailbox letter, efficiency
 * complaint) into its state. Order- and duplicate-insensitive like `foldCase`.
 */
export function foldPetition(events: readonly StoredEvent[]): PetitionState | null {
  const ordered = orderEvents(events).filter((e) => e.subject === 'petition')
  const first = ordered[0]
  if (!first) return null
  const p: PetitionState = {
    petitionNo: first.subjectNo,
    departmentCode: first.departmentCode,
    petitionKind: null,
    channel: null,
    subject: null,
    citizen: null,
    status: 'received',
    receivedAt: null,
    assignedAt: null,
    acknowledgedAt: null,
    repliedAt: null,
    closedAt: null,
    handler: null,
    rating: null,
    eventCount: 0,
    lastOccurredAt: first.occurredAt,
  }
  const advance = (to: PetitionStatus) => {
    if (RANK[to] > RANK[p.status]) p.status = to
  }
  for (const e of ordered) {
    p.eventCount += 1
    p.lastOccurredAt = e.occurredAt
    switch (e.kind) {
      case 'petition.received': {
        const b = e.body as EventBody<'petition.received'>
        if (p.receivedAt === null) {
          p.receivedAt = e.occurredAt
          p.departmentCode = e.departmentCode
          p.petitionKind = b.petitionKind
          p.channel = b.channel
          p.subject = b.subject ?? null
          p.citizen = b.citizen ?? null
        }
        break
      }
      case 'petition.assigned': {
        const b = e.body as EventBody<'petition.assigned'>
        p.assignedAt ??= e.occurredAt
        p.handler = b.handler
        if (b.assignee) p.departmentCode = b.assignee
        advance('assigned')
        break
      }
      case 'petition.acknowledged':
        p.acknowledgedAt ??= e.occurredAt
        advance('acknowledged')
        break
      case 'petition.replied': {
        const b = e.body as EventBody<'petition.replied'>
        p.repliedAt ??= e.occurredAt
        p.handler = b.handler
        p.acknowledgedAt ??= e.occurredAt
        advance('replied')
        break
      }
      case 'petition.closed':
        p.closedAt ??= e.occurredAt
        advance('closed')
        break
      case 'petition.rated': {
        const b = e.body as EventBody<'petition.rated'>
        p.rating = b.rating
        break
      }
      default:
        break
    }
  }
  return p
}

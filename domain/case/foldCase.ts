import type { Applicant, CaseType, EventBody, EventKind, Stage, StoredEvent } from '../events/schema.ts'

export type CaseStatus = 'submitted' | 'accepted' | Stage | 'concluded' | 'returned'

export interface LimitSpec {
  value: number
  unit: 'workday' | 'day'
}

export interface StageRecord {
  stage: 'submitted' | 'accepted' | Stage | 'concluded' | 'returned'
  at: string
  handler: string | null
  opinion: string | null
  departmentCode: string
  eventId: string
}

export interface SupplementRecord {
  requestedAt: string
  suppliedAt: string | null
  materials: string[]
}

export interface SuspensionRecord {
  from: string
  to: string | null
  procedure: string
  expectedDays: number
  approver: string
}

/** Procedure anomalies seen while folding; the card rules turn them into cards. */
export type AnomalyRule =
  | 'concludedWithoutAcceptance'
  | 'stageOutOfOrder'
  | 'concludedWhileSuspended'
  | 'returnedWithoutReason'
  | 'deniedWithoutReason'
  | 'repeatedSupplementRequest'

export interface Anomaly {
  rule: AnomalyRule
  at: string
  eventId: string
}

export interface CaseState {
  caseNo: string
  departmentCode: string
  itemCode: string | null
  caseType: CaseType | null
  applicant: Applicant | null
  status: CaseStatus
  submittedAt: string | null
  acceptedAt: string | null
  concludedAt: string | null
  returnedAt: string | null
  returnReason: string | null
  result: 'approved' | 'denied' | null
  certificateNo: string | null
  decision: 'approve' | 'deny' | null
  handler: string | null
  legalLimit: LimitSpec | null
  promisedLimit: LimitSpec | null
  stageLimits: Partial<Record<Stage, LimitSpec>>
  stages: StageRecord[]
  supplements: SupplementRecord[]
  suspensions: SuspensionRecord[]
  /** Total fee charged, in yuan: the conclusion's fee when it states one, else the sum of feeCharged events. */
  feeCharged: number | null
  /** When the last fee was charged (a feeCharged event, or a conclusion stating a fee); null when none was. */
  feeChargedAt: string | null
  jointDepartments: string[]
  jointConcluded: string[]
  anomalies: Anomaly[]
  eventCount: number
  lastOccurredAt: string
}

/**
 * Rank of a kind among events that share one instant, so that the fold does not depend on the
 * order in which simultaneous events were received when their kinds differ.
 */
const KIND_RANK: Partial<Record<EventKind, number>> = {
  submitted: 0,
  accepted: 1,
  supplementRequested: 2,
  supplementSupplied: 3,
  suspended: 4,
  resumed: 5,
  stage: 6,
  feeCharged: 7,
  returned: 8,
  concluded: 9,
}

const STAGE_RANK: Record<StageRecord['stage'], number> = {
  submitted: 0,
  accepted: 1,
  undertaken: 2,
  reviewed: 3,
  approved: 4,
  concluded: 5,
  returned: 5,
}

/**
 * Orders events for folding: by occurredAt, then kind rank, then stage rank, then received order
 * (`seq`). Returns a new array; drops duplicates of (source, eventId), keeping the first received.
 */
export function orderEvents<E extends StoredEvent>(events: readonly E[]): E[] {
  const seen = new Set<string>()
  const byReceipt = [...events].sort((a, b) => a.seq - b.seq)
  const unique = byReceipt.filter((e) => {
    const key = `${e.source}\u0000${e.eventId}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return unique.sort((a, b) => {
    if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1
    const ka = KIND_RANK[a.kind] ?? 99
    const kb = KIND_RANK[b.kind] ?? 99
    if (ka !== kb) return ka - kb
    if (a.kind === 'stage' && b.kind === 'stage') {
      const sa = STAGE_RANK[(a.body as EventBody<'stage'>).stage]
      const sb = STAGE_RANK[(b.body as EventBody<'stage'>).stage]
      if (sa !== sb) return sa - sb
    }
    return a.seq - b.seq
  })
}

function emptyCase(first: StoredEvent): CaseState {
  return {
    caseNo: first.subjectNo,
    departmentCode: first.departmentCode,
    itemCode: null,
    caseType: null,
    applicant: null,
    status: 'submitted',
    submittedAt: null,
    acceptedAt: null,
    concludedAt: null,
    returnedAt: null,
    returnReason: null,
    result: null,
    certificateNo: null,
    decision: null,
    handler: null,
    legalLimit: null,
    promisedLimit: null,
    stageLimits: {},
    stages: [],
    supplements: [],
    suspensions: [],
    feeCharged: null,
    feeChargedAt: null,
    jointDepartments: [],
    jointConcluded: [],
    anomalies: [],
    eventCount: 0,
    lastOccurredAt: first.occurredAt,
  }
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

/**
 * Where a fold stopped: the fold-order key of the last event folded and the fold's own running
 * values that are not in the state. Stored beside the state (`cases.fold_cursor`), so that events
 * that come after the last one can be folded onto the stored state (`resumeCaseFold`) instead of
 * folding every event of the case again.
 */
export interface FoldCursor {
  /** (occurredAt, kind rank, stage rank, seq) of the last event folded: the order of `orderEvents` */
  last: { occurredAt: string; kindRank: number; stageRank: number; seq: number }
  maxRank: number
  /** a joint case's highest stage rank per department part */
  partRank: Record<string, number>
  feeSum: number | null
  concludedFee: number | null
}

/** A folded case: its state and where its fold stopped. */
export interface CaseFold {
  state: CaseState
  cursor: FoldCursor
}

type OrderKey = FoldCursor['last']

function orderKey(e: StoredEvent): OrderKey {
  return {
    occurredAt: e.occurredAt,
    kindRank: KIND_RANK[e.kind] ?? 99,
    stageRank: e.kind === 'stage' ? STAGE_RANK[(e.body as EventBody<'stage'>).stage] : 0,
    seq: e.seq,
  }
}

/** Compares two fold-order keys as `orderEvents` orders their events (negative: a first). */
function compareKeys(a: OrderKey, b: OrderKey): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1
  if (a.kindRank !== b.kindRank) return a.kindRank - b.kindRank
  if (a.stageRank !== b.stageRank) return a.stageRank - b.stageRank
  return a.seq - b.seq
}

/**
 * Folds all of one case's events into its current state.
 *
 * A fold, never an increment: the result depends only on the set of events, not on the order
 * or the number of times they arrived (see `orderEvents`). Petition events are ignored here.
 *
 * @param events - every stored event of the case, in any order, duplicates allowed; at least one
 * @returns the case state, or null when there are no case events
 */
export function foldCase(events: readonly StoredEvent[]): CaseState | null {
  return foldCaseWithCursor(events)?.state ?? null
}

/** `foldCase`, with the cursor its fold stopped at (for `resumeCaseFold`). */
export function foldCaseWithCursor(events: readonly StoredEvent[]): CaseFold | null {
  const ordered = orderEvents(events).filter((e) => e.subject === 'case')
  const first = ordered[0]
  if (!first) return null
  const fold: CaseFold = { state: emptyCase(first), cursor: { last: orderKey(first), maxRank: 0, partRank: {}, feeSum: null, concludedFee: null } }
  applyEvents(fold, ordered)
  return fold
}

/**
 * Folds events received after a stored fold onto it, when every one of them comes after the
 * fold's last event in fold order (events arriving in order: the common case). Returns the same
 * result as `foldCaseWithCursor` over all of the case's events, or null when an event comes
 * earlier (a late event): the caller then folds all of them. Duplicates among `events` are
 * dropped as `orderEvents` does; an event already folded must not be passed again (the store
 * keeps one copy of each source and event id, and the projection passes only the events still
 * queued as unprojected). Pure: `previous` is not modified.
 */
export function resumeCaseFold(previous: CaseFold, events: readonly StoredEvent[]): CaseFold | null {
  const ordered = orderEvents(events).filter((e) => e.subject === 'case')
  const first = ordered[0]
  if (first && compareKeys(orderKey(first), previous.cursor.last) <= 0) return null
  const fold = structuredClone(previous)
  if (first) applyEvents(fold, ordered)
  return fold
}

/** Folds ordered events (all after the fold's cursor) onto a fold, in place. */
function applyEvents(fold: CaseFold, ordered: readonly StoredEvent[]): void {
  const s = fold.state
  const cur = fold.cursor
  let maxRank = cur.maxRank
  // Joint cases (联办件): each department's part moves through the stages on its own (jointParts.ts).
  const partRank = new Map<string, number>(Object.entries(cur.partRank))
  const joint = () => s.jointDepartments.length > 0
  let feeSum: number | null = cur.feeSum
  let concludedFee: number | null = cur.concludedFee
  const pushStage = (e: StoredEvent, stage: StageRecord['stage'], handler?: string, opinion?: string) => {
    s.stages.push({ stage, at: e.occurredAt, handler: handler ?? null, opinion: opinion ?? null, departmentCode: e.departmentCode, eventId: e.eventId })
    if (handler) s.handler = handler
  }
  const openSuspension = () => s.suspensions.find((x) => x.to === null)

  for (const e of ordered) {
    s.eventCount += 1
    s.lastOccurredAt = e.occurredAt
    switch (e.kind) {
      case 'submitted': {
        const b = e.body as EventBody<'submitted'>
        s.submittedAt ??= e.occurredAt
        s.itemCode ??= b.itemCode
        if (b.applicant) s.applicant ??= b.applicant
        pushStage(e, 'submitted')
        break
      }
      case 'accepted': {
        const b = e.body as EventBody<'accepted'>
        if (s.acceptedAt === null) {
          s.acceptedAt = e.occurredAt
          s.departmentCode = e.departmentCode
          s.itemCode = b.itemCode
          s.caseType = b.caseType
          s.applicant = b.applicant
          s.legalLimit = b.legalLimit ?? null
          s.promisedLimit = b.promisedLimit ?? null
          s.jointDepartments = b.jointDepartments ? [...new Set(b.jointDepartments)] : []
          if (s.status === 'submitted') s.status = 'accepted'
          maxRank = Math.max(maxRank, 1)
          pushStage(e, 'accepted', b.handler)
        }
        break
      }
      case 'stage': {
        const b = e.body as EventBody<'stage'>
        const rank = STAGE_RANK[b.stage]
        const reached = joint() ? Math.max(maxRank, partRank.get(e.departmentCode) ?? 0) : maxRank
        if (rank < reached) s.anomalies.push({ rule: 'stageOutOfOrder', at: e.occurredAt, eventId: e.eventId })
        if (joint()) partRank.set(e.departmentCode, Math.max(reached, rank))
        else maxRank = Math.max(maxRank, rank)
        if (s.status !== 'concluded' && s.status !== 'returned' && rank >= STAGE_RANK[s.status]) s.status = b.stage
        if (b.decision) s.decision = b.decision
        if (b.stageLimit) s.stageLimits[b.stage as Stage] = b.stageLimit as LimitSpec
        if (b.stage === 'approved' && b.decision === 'deny' && blank(b.opinion)) {
          s.anomalies.push({ rule: 'deniedWithoutReason', at: e.occurredAt, eventId: e.eventId })
        }
        pushStage(e, b.stage, b.handler, b.opinion)
        break
      }
      case 'supplementRequested': {
        const b = e.body as EventBody<'supplementRequested'>
        if (s.acceptedAt !== null && s.supplements.length >= 1) {
          s.anomalies.push({ rule: 'repeatedSupplementRequest', at: e.occurredAt, eventId: e.eventId })
        }
        s.supplements.push({ requestedAt: e.occurredAt, suppliedAt: null, materials: [...b.materials] })
        break
      }
      case 'supplementSupplied': {
        const pending = s.supplements.find((x) => x.suppliedAt === null)
        if (pending) pending.suppliedAt = e.occurredAt
        break
      }
      case 'suspended': {
        const b = e.body as EventBody<'suspended'>
        if (!openSuspension()) {
          s.suspensions.push({ from: e.occurredAt, to: null, procedure: b.procedure, expectedDays: b.expectedDays, approver: b.approver })
        }
        break
      }
      case 'resumed': {
        const open = openSuspension()
        if (open) open.to = e.occurredAt
        break
      }
      case 'feeCharged': {
        const b = e.body as EventBody<'feeCharged'>
        feeSum = Math.round(((feeSum ?? 0) + b.amount) * 100) / 100
        s.feeChargedAt = e.occurredAt
        break
      }
      case 'returned': {
        const b = e.body as EventBody<'returned'>
        if (s.status !== 'concluded') {
          s.status = 'returned'
          s.returnedAt = e.occurredAt
          s.returnReason = blank(b.reason) ? null : (b.reason as string)
          if (blank(b.reason)) s.anomalies.push({ rule: 'returnedWithoutReason', at: e.occurredAt, eventId: e.eventId })
          pushStage(e, 'returned', b.handler, b.reason)
        }
        break
      }
      case 'concluded': {
        const b = e.body as EventBody<'concluded'>
        if (s.acceptedAt === null && !s.anomalies.some((a) => a.rule === 'concludedWithoutAcceptance')) {
          s.anomalies.push({ rule: 'concludedWithoutAcceptance', at: e.occurredAt, eventId: e.eventId })
        }
        if (openSuspension()) s.anomalies.push({ rule: 'concludedWhileSuspended', at: e.occurredAt, eventId: e.eventId })
        if (b.result === 'denied' && blank(b.reason)) {
          s.anomalies.push({ rule: 'deniedWithoutReason', at: e.occurredAt, eventId: e.eventId })
        }
        if (b.fee !== undefined) {
          concludedFee = Math.round(((concludedFee ?? 0) + b.fee) * 100) / 100
          s.feeChargedAt = e.occurredAt
        }
        if (!s.jointConcluded.includes(e.departmentCode)) s.jointConcluded.push(e.departmentCode)
        const allParts = s.jointDepartments.length === 0 || s.jointDepartments.every((d) => s.jointConcluded.includes(d))
        pushStage(e, 'concluded', b.handler, b.reason)
        if (allParts && s.concludedAt === null) {
          s.status = 'concluded'
          s.concludedAt = e.occurredAt
          s.result = b.result
          s.certificateNo = b.certificateNo ?? null
        } else if (allParts) {
          s.result = b.result
          if (b.certificateNo) s.certificateNo = b.certificateNo
        }
        if (joint() && !allParts) partRank.set(e.departmentCode, 5)
        else maxRank = 5
        break
      }
      default:
        break
    }
  }
  s.feeCharged = concludedFee ?? feeSum
  const last = ordered[ordered.length - 1]
  if (last) cur.last = orderKey(last)
  cur.maxRank = maxRank
  cur.partRank = Object.fromEntries([...partRank].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  cur.feeSum = feeSum
  cur.concludedFee = concludedFee
}

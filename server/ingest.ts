/**
 * The one ingest path: validate raw events (domain/events/validateEvent), store the valid ones in
 * one statement (idempotent on source + eventId), then enqueue their projection. Used by
 * `POST /api/v1/events` (source systems) and by the approval module (server/routes/window.ts), so
 * that the window emits exactly what an external source would — there is no other way into `events`.
 *
 * Two halves, so a caller can store inside its own transaction and enqueue after COMMIT:
 *
 *   const stored = await storeEvents(app, client, raw, principal)   // inside BEGIN … COMMIT
 *   const queued = await finishIngest(app, stored, 'json')           // after COMMIT
 */
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { errorBody } from '../domain/errors.ts'
import type { IngestEvent } from '../domain/events/schema.ts'
import { validateEvent } from '../domain/events/validateEvent.ts'
import { sql } from '../sql/queries.ts'

/** Who reports: the source name stored on every event, and the departments it may report for. */
export interface IngestPrincipal {
  source: string
  departments: readonly string[] | '*'
}

export interface EventResult {
  index: number
  eventId: string | null
  status: 'accepted' | 'duplicate' | 'rejected'
  code?: string
  message?: string
  messageEn?: string
  detail?: string
}

export interface StoredBatch {
  accepted: number
  duplicates: number
  rejected: number
  results: EventResult[]
  /** Validated events, in input order (accepted and duplicates). */
  events: IngestEvent[]
  /** Case and petition numbers with newly stored events (to project). */
  cases: string[]
  petitions: string[]
  startedNs: bigint
}

const eventIdOf = (raw: unknown): string | null =>
  raw !== null && typeof raw === 'object' && typeof (raw as { eventId?: unknown }).eventId === 'string'
    ? (raw as { eventId: string }).eventId
    : null

/**
 * Validates and stores a batch on `db` (the pool, or a client inside the caller's transaction).
 * Invalid events are reported (status `rejected`, with their code) and not stored; duplicates of
 * stored events (same source + eventId) are reported as `duplicate`. Never throws on bad input.
 */
export async function storeEvents(
  app: FastifyInstance,
  db: pg.Pool | pg.ClientBase,
  raw: readonly unknown[],
  principal: IngestPrincipal,
  opts: { nowMs?: number; startedNs?: bigint } = {},
): Promise<StoredBatch> {
  const startedNs = opts.startedNs ?? process.hrtime.bigint()
  const nowMs = opts.nowMs ?? Date.now()
  const deptCodes = new Set<string>()
  for (const r of raw) {
    const d = r !== null && typeof r === 'object' ? (r as { departmentCode?: unknown }).departmentCode : undefined
    if (typeof d === 'string') deptCodes.add(d)
  }
  const known = await app.departments.known(deptCodes)
  const ctx = { source: principal.source, departments: principal.departments, nowMs, knownDepartments: known }

  const results: EventResult[] = new Array(raw.length)
  const valid: { ord: number; ev: IngestEvent }[] = []
  const seenInBatch = new Set<string>()
  raw.forEach((r, index) => {
    const v = validateEvent(r, ctx)
    if (!v.ok) {
      results[index] = { index, eventId: eventIdOf(r), status: 'rejected', ...errorBody(v.code, v.detail) }
      return
    }
    const key = `${v.event.source}\u0000${v.event.eventId}`
    if (seenInBatch.has(key)) {
      results[index] = { index, eventId: v.event.eventId, status: 'duplicate' }
      return
    }
    seenInBatch.add(key)
    valid.push({ ord: index, ev: v.event })
  })

  const cases = new Set<string>()
  const petitions = new Set<string>()
  if (valid.length > 0) {
    const rows = valid.map(({ ord, ev }) => ({
      ord,
      source: ev.source,
      event_id: ev.eventId,
      occurred_at: ev.occurredAt,
      case_no: ev.subject === 'case' ? ev.subjectNo : null,
      petition_no: ev.subject === 'petition' ? ev.subjectNo : null,
      department_code: ev.departmentCode,
      kind: ev.kind,
      body: ev.body,
    }))
    const { rows: stored } = await db.query<{ event_id: string; source: string }>(sql('insert_events'), [JSON.stringify(rows)])
    const storedKeys = new Set(stored.map((s) => `${s.source}\u0000${s.event_id}`))
    for (const { ord, ev } of valid) {
      const isNew = storedKeys.has(`${ev.source}\u0000${ev.eventId}`)
      results[ord] = { index: ord, eventId: ev.eventId, status: isNew ? 'accepted' : 'duplicate' }
      if (isNew) (ev.subject === 'case' ? cases : petitions).add(ev.subjectNo)
    }
  }

  let accepted = 0
  let duplicates = 0
  let rejected = 0
  for (const r of results) {
    if (r.status === 'accepted') accepted++
    else if (r.status === 'duplicate') duplicates++
    else rejected++
  }
  return { accepted, duplicates, rejected, results, events: valid.map((v) => v.ev), cases: [...cases], petitions: [...petitions], startedNs }
}

/**
 * After the events are committed: counts them in the metrics and enqueues their projection.
 * Resolves whether the projection job was queued (false when Redis is down: the recovery sweep
 * projects them later).
 */
export async function finishIngest(app: FastifyInstance, batch: StoredBatch, format: 'json' | 'xml'): Promise<boolean> {
  app.metrics.ingestEvents.inc({ status: 'accepted' }, batch.accepted)
  app.metrics.ingestEvents.inc({ status: 'duplicate' }, batch.duplicates)
  app.metrics.ingestEvents.inc({ status: 'rejected' }, batch.rejected)
  for (const r of batch.results) if (r.status === 'rejected') app.metrics.ingestRejections.inc({ code: r.code ?? 'UNKNOWN' })
  const queued =
    batch.cases.length + batch.petitions.length === 0 ? true : await app.queues.enqueueProjection({ cases: batch.cases, petitions: batch.petitions })
  app.metrics.ingestDuration.observe({ format }, Number(process.hrtime.bigint() - batch.startedNs) / 1e9)
  return queued
}

/** Validate, store (on the pool, autocommit) and enqueue: the whole ingest of one batch. */
export async function ingestEvents(
  app: FastifyInstance,
  raw: readonly unknown[],
  principal: IngestPrincipal,
  opts: { format?: 'json' | 'xml'; startedNs?: bigint } = {},
): Promise<StoredBatch & { projectionQueued: boolean }> {
  const format = opts.format ?? 'json'
  const batch = await storeEvents(app, app.pg, raw, principal, opts.startedNs === undefined ? {} : { startedNs: opts.startedNs })
  const projectionQueued = await finishIngest(app, batch, format)
  return { ...batch, projectionQueued }
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { EventInput } from '../../domain/events/schema.ts'
import { validateEvent } from '../../domain/events/validateEvent.ts'
import { packageToEvents, type XmlNode } from '../../domain/events/xml.ts'
import { errorBody, type ErrorCode } from '../../domain/errors.ts'
import type { IngestEvent } from '../../domain/events/schema.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { sql } from '../../sql/queries.ts'

export const MAX_BATCH = 1000

const EventResult = Type.Object({
  index: Type.Integer(),
  eventId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  messageEn: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
})
type EventResult = {
  index: number
  eventId: string | null
  status: 'accepted' | 'duplicate' | 'rejected'
  code?: string
  message?: string
  messageEn?: string
  detail?: string
}

const IngestResponse = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  projectionQueued: Type.Boolean(),
  results: Type.Array(EventResult),
})

const eventIdOf = (raw: unknown): string | null =>
  raw !== null && typeof raw === 'object' && typeof (raw as { eventId?: unknown }).eventId === 'string'
    ? (raw as { eventId: string }).eventId
    : null

/**
 * POST /api/v1/events — one event or a batch of up to 1,000, as JSON or as an XML <Package>.
 * Acknowledged (202) only after the INSERT has committed; each event gets a status. Invalid events
 * are reported and not stored; valid ones in the same batch are stored.
 */
const events: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/events',
    {
      config: { policy: ['source'] },
      attachValidation: true, // events are validated one by one, so that a batch can be partly accepted
      schema: {
        summary: 'Ingest events (JSON or XML)',
        description:
          'One event object or an array of up to 1,000. `Content-Type: application/xml` takes a <Package><Head/><Body><Event/>…</Body></Package> document (see README). Header `x-api-key` required.',
        tags: ['ingest'],
        headers: Type.Object({ 'x-api-key': Type.String() }),
        body: Type.Union([EventInput, Type.Array(EventInput, { maxItems: MAX_BATCH })]),
        response: { 202: IngestResponse, '4xx': Type.Intersect([ErrorResponse, Type.Partial(IngestResponse)]) },
      },
    },
    async (req, reply) => {
      const started = process.hrtime.bigint()
      const principal = req.source
      if (!principal) throw new AppError('UNAUTHENTICATED')
      const body = req.body as unknown
      let format: 'json' | 'xml' = 'json'
      let raw: unknown[]
      if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'xml' in body) {
        format = 'xml'
        const converted = packageToEvents((body as { xml: XmlNode }).xml)
        if (!converted.ok) throw new AppError('INVALID_XML', converted.detail)
        raw = converted.events
      } else {
        raw = Array.isArray(body) ? body : [body]
      }
      if (raw.length === 0) throw new AppError('EMPTY_BATCH')
      if (raw.length > MAX_BATCH) throw new AppError('BATCH_TOO_LARGE', `${raw.length} > ${MAX_BATCH}`)

      const deptCodes = new Set<string>()
      for (const r of raw) {
        const d = r !== null && typeof r === 'object' ? (r as { departmentCode?: unknown }).departmentCode : undefined
        if (typeof d === 'string') deptCodes.add(d)
      }
      const known = await app.departments.known(deptCodes)
      const ctx = { source: principal.source, departments: principal.departments, nowMs: Date.now(), knownDepartments: known }

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
        const { rows: stored } = await app.pg.query<{ event_id: string; source: string }>(sql('insert_events'), [JSON.stringify(rows)])
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
      app.metrics.ingestEvents.inc({ status: 'accepted' }, accepted)
      app.metrics.ingestEvents.inc({ status: 'duplicate' }, duplicates)
      app.metrics.ingestEvents.inc({ status: 'rejected' }, rejected)

      const projectionQueued =
        cases.size + petitions.size === 0 ? true : await app.queues.enqueueProjection({ cases: [...cases], petitions: [...petitions] })
      app.metrics.ingestDuration.observe({ format }, Number(process.hrtime.bigint() - started) / 1e9)

      if (accepted + duplicates === 0) {
        // Nothing stored: answer with the first rejection's status, so a single bad event is a plain 4xx.
        const first = results[0] as EventResult
        const err = new AppError(first.code as ErrorCode, first.detail)
        return reply.code(err.status).send({ ...err.toBody(), accepted, duplicates, rejected, projectionQueued: false, results })
      }
      return reply.code(202).send({ accepted, duplicates, rejected, projectionQueued, results })
    },
  )
}

export default events

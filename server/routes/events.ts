import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { EventInput } from '../../domain/events/schema.ts'
import { packageToEvents, type XmlNode } from '../../domain/events/xml.ts'
import type { ErrorCode } from '../../domain/errors.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { ingestEvents, type EventResult as EventResultRow } from '../ingest.ts'

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

const IngestResponse = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  projectionQueued: Type.Boolean(),
  results: Type.Array(EventResult),
})

/**
 * POST /api/v1/events — one event or a batch of up to 1,000, as JSON or as an XML <Package>.
 * Acknowledged (202) only after the INSERT has committed; each event gets a status. Invalid events
 * are reported and not stored; valid ones in the same batch are stored. The work is server/ingest.ts
 * (shared with the approval module).
 */
const events: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/events',
    {
      config: { policy: ['source'], textPerEvent: true },
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

      const { accepted, duplicates, rejected, results, projectionQueued } = await ingestEvents(app, raw, principal, { format, startedNs: started })

      if (accepted + duplicates === 0) {
        // Nothing stored: answer with the first rejection's status, so a single bad event is a plain 4xx.
        const first = results[0] as EventResultRow
        const err = new AppError(first.code as ErrorCode, first.detail)
        return reply.code(err.status).send({ ...err.toBody(), accepted, duplicates, rejected, projectionQueued: false, results })
      }
      return reply.code(202).send({ accepted, duplicates, rejected, projectionQueued, results })
    },
  )
}

export default events

/**
 * Complaints on the public site (投诉受理), without an account:
 *
 *   GET  /api/v1/public/challenge          a proof-of-work challenge (ALTCHA) to solve in the page
 *   POST /api/v1/public/complaints         file one (solved challenge, rate-limited, up to 3 images) → tracking code
 *   POST /api/v1/public/complaints/track   its status and the department's answer, by tracking code
 *   POST /api/v1/public/complaints/rate    rate the answer (好差评) once it is given, once
 *
 * A complaint is a petition like every other: its `petition.received` and `petition.rated` events
 * go through the one ingest path (server/ingest.ts, source `public-site`), so the petition clock,
 * levels, cards, console and wall see it. The tracking code is shown once; only its SHA-256 is kept.
 * The code travels in POST bodies, never in URLs (no logs, no referrers). Attachment images are
 * checked by their bytes and cleaned of metadata (server/public/attachments.ts), stored in the
 * filing's transaction and shown to staff only (server/routes/petition-attachments.ts).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import {
  PublicChallenge,
  PublicComplaintReceipt,
  PublicComplaintRequest,
  PublicComplaintStatus,
  PublicRateRequest,
  PublicTrackRequest,
  type PublicComplaintStatus as Status,
} from '../../domain/contracts/api/public.ts'
import type { PetitionKind } from '../../domain/contracts/caseTypes.ts'
import { formatTrackingCode, normalizeTrackingCode } from '../../domain/public/trackingCode.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import type { PersonalData } from '../../domain/privacy/mask.ts'
import { withTransaction } from '../../sql/transaction.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { finishIngest, storeEvents, type IngestPrincipal } from '../ingest.ts'
import { ErrorResponse } from '../schemas.ts'
import { createGuard, type GuardOptions } from '../public/guard.ts'
import { checkAttachments, COMPLAINT_BODY_LIMIT, storeAttachments } from '../public/attachments.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'
import type { ErrorCode } from '../../domain/errors.ts'

/** The source name of the site's events. */
export const PUBLIC_SOURCE = 'public-site'
const PRINCIPAL: IngestPrincipal = { source: PUBLIC_SOURCE, departments: '*' }

const hashCode = (normalized: string) => createHash('sha256').update(normalized).digest('hex')

function petitionNoFor(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '')
  return `GZ-${day}-${randomBytes(5).toString('hex').toUpperCase()}`
}

interface TrackRow {
  petition_no: string
  created_at: Date
  rated_at: Date | null
  public_rating: number | null
  status: Status['status'] | null
  petition_kind: PetitionKind | null
  received_at: Date | null
  replied_at: Date | null
  closed_at: Date | null
  deadline_date: string | null
  level: string | null
  department_code: string | null
  department_name: string | null
  citizen: PersonalData | null
  answer: string | null
}

async function track(app: FastifyInstance, code: string): Promise<TrackRow> {
  const normalized = normalizeTrackingCode(code)
  const row = normalized ? (await app.pg.query<TrackRow>(sql('public_complaint_track'), [hashCode(normalized)])).rows[0] : undefined
  if (!row) throw new AppError('TRACKING_CODE_UNKNOWN')
  return row
}

const answered = (r: TrackRow) => r.status === 'replied' || r.status === 'closed'

function statusOf(r: TrackRow): Status {
  return {
    kind: r.petition_kind,
    departmentName: r.department_name,
    status: r.status ?? 'pending',
    level: r.level,
    receivedAt: (r.received_at ?? r.created_at).toISOString(),
    deadlineDate: r.deadline_date,
    repliedAt: r.replied_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    answer: r.answer === null ? null : scrubPersonalData(r.answer, [r.citizen]),
    rating: r.public_rating,
    mayRate: answered(r) && r.rated_at === null,
  }
}

/** Stores one event through ingest inside `fn`'s transaction; a rejected event becomes its error. */
async function ingestOne(app: FastifyInstance, raw: Record<string, unknown>, alsoInTx: (c: import('pg').PoolClient) => Promise<void>): Promise<void> {
  const batch = await withTransaction(app.pg, async (c) => {
    const b = await storeEvents(app, c, [raw], PRINCIPAL)
    const r = b.results[0]!
    if (r.status === 'rejected') throw new AppError((r.code ?? 'VALIDATION_FAILED') as ErrorCode, r.detail)
    await alsoInTx(c)
    return b
  })
  await finishIngest(app, batch, 'json')
}

type Guard = ReturnType<typeof createGuard>

const publicComplaints: FastifyPluginAsyncTypebox<{ queuePrefix: string; guard?: GuardOptions }> = async (app, opts) => {
  const guard = createGuard(app, opts.queuePrefix, opts.guard)
  registerFilingRoutes(app, guard)
  registerFollowUpRoutes(app, guard)
}

/** The challenge and the filing of a complaint. */
function registerFilingRoutes(app: TypeboxApp, guard: Guard): void {
  app.get(
    '/api/v1/public/challenge',
    {
      config: { policy: 'public' },
      schema: { tags: ['public'], summary: 'A proof-of-work challenge (ALTCHA, SHA-256) to solve before filing or rating', response: { 200: PublicChallenge, '4xx': ErrorResponse } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      return guard.challenge()
    },
  )

  app.post(
    '/api/v1/public/complaints',
    {
      config: { policy: 'public' },
      bodyLimit: COMPLAINT_BODY_LIMIT,
      // past the hourly limit no upload is even received (counted below, as every filing)
      onRequest: async (req) => guard.spent(req, 'complaint'),
      schema: {
        tags: ['public'],
        summary: 'File a complaint, consultation or letter without an account, with up to 3 images (JPEG, PNG, WebP ≤ 5 MB); answers the tracking code (shown once)',
        body: PublicComplaintRequest,
        response: { 201: PublicComplaintReceipt, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      // attachments are checked before the challenge is spent: a wrong file costs no new challenge
      const attachments = await guard.admit(req, 'complaint', req.body.altcha, () => checkAttachments(req.body.attachments))
      const b = req.body
      const now = new Date()
      const petitionNo = petitionNoFor(now)
      const trackingCode = formatTrackingCode(randomBytes(12))
      const phone = b.contactPhone?.trim()
      const name = b.contactName?.trim()
      const citizen = phone || name ? { name: name || '匿名', ...(phone ? { phone } : {}) } : undefined
      const event = {
        eventId: `${petitionNo}-received`,
        source: PUBLIC_SOURCE,
        kind: 'petition.received',
        occurredAt: now.toISOString(),
        petitionNo,
        departmentCode: b.departmentCode,
        body: { petitionKind: b.kind, channel: 'publicSite', subject: b.text.trim(), ...(citizen ? { citizen } : {}) },
      }
      await ingestOne(app, event, async (c) => {
        await c.query(sql('public_complaint_insert'), [petitionNo, hashCode(normalizeTrackingCode(trackingCode)!)])
        await storeAttachments(c, petitionNo, attachments)
      })
      return reply.code(201).header('cache-control', 'no-store').send({ trackingCode, receivedAt: now.toISOString() })
    },
  )

}

/** Following a complaint by its tracking code, and rating the answer. */
function registerFollowUpRoutes(app: TypeboxApp, guard: Guard): void {
  app.post(
    '/api/v1/public/complaints/track',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "A complaint's status and the department's answer (personal data masked), by its tracking code",
        body: PublicTrackRequest,
        response: { 200: PublicComplaintStatus, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return statusOf(await track(app, req.body.code))
    },
  )

  app.post(
    '/api/v1/public/complaints/rate',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Rate the answer (好差评, 1 非常不满意 … 5 非常满意): once, after the department answered',
        body: PublicRateRequest,
        response: { 200: PublicComplaintStatus, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const row = await guard.admit(req, 'rate', req.body.altcha, async () => {
        const r = await track(app, req.body.code)
        if (!answered(r) || r.rated_at !== null) throw new AppError('RATING_NOT_ALLOWED')
        return r
      })
      const event = {
        eventId: `${row.petition_no}-rated`,
        source: PUBLIC_SOURCE,
        kind: 'petition.rated',
        occurredAt: new Date().toISOString(),
        petitionNo: row.petition_no,
        departmentCode: row.department_code ?? '',
        body: { rating: req.body.rating },
      }
      await ingestOne(app, event, async (c) => {
        const done = await c.query(sql('public_complaint_rate'), [row.petition_no, req.body.rating])
        if (done.rowCount === 0) throw new AppError('RATING_NOT_ALLOWED')
      })
      reply.header('cache-control', 'no-store')
      return statusOf(await track(app, req.body.code))
    },
  )
}

export default publicComplaints

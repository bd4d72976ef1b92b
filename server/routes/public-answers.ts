/**
 * Publication of answers (答复公开) and what the public site shows of them:
 *
 *   GET  /api/v1/answers?published=                  supervisor, admin — answered petitions, texts as they would be published
 *   POST /api/v1/answers/:petitionNo/publication     supervisor, admin — publish or withdraw one answer (audited)
 *   GET  /api/v1/public/answers?kind=                public — published answers, hot letters of the week and the month
 *   GET  /api/v1/public/answers/:id                  public — one published answer (counts the read), with the public's ratings
 *   POST /api/v1/public/answers/:id/rate             public — an anonymous rating (好差评 1 … 5): solved challenge, per-IP limit
 *   GET  /api/v1/public/satisfaction                 public — departments by the citizens' ratings (好差评), week and month
 *
 * The texts are scrubbed when published (domain/privacy: the petition's citizen and handler by name,
 * any ID, phone or e-mail) and stored scrubbed: the public table holds nothing personal.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  AnswerCandidateList,
  AnswerPublication,
  PublicAnswer,
  PublicAnswerList,
  PublicAnswerRateRequest,
  PublicAnswerRatings,
  PublicSatisfaction,
  type AnswerCandidate,
  type PublicAnswerSummary,
} from '../../domain/contracts/api/publicContent.ts'
import { PETITION_KINDS, type PetitionKind } from '../../domain/contracts/caseTypes.ts'
import type { PersonalData } from '../../domain/privacy/mask.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { rankSatisfaction } from '../../domain/public/rankSatisfaction.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'
import { ErrorResponse } from '../schemas.ts'
import { createGuard, type PublicGuard } from '../public/guard.ts'

const DAY = 86_400_000
/** Departments with fewer ratings in the period are listed apart (样本不足), never ranked. */
export const MIN_RATINGS = 3

interface CandidateRow {
  petition_no: string
  petition_kind: PetitionKind | null
  department_code?: string
  department_name?: string | null
  received_at: Date | null
  replied_at: Date | null
  rating?: number | null
  citizen: PersonalData | null
  handler?: string | null
  subject: string | null
  answer: string | null
  published_id?: string | null
}

/** The texts as published: the citizen's data and any ID, phone or e-mail masked. */
function scrubbed(r: CandidateRow): { subject: string; answer: string } {
  const people: (PersonalData | null)[] = [r.citizen, r.handler ? { name: r.handler } : null]
  return { subject: scrubPersonalData(r.subject?.trim() || '（无标题）', people), answer: scrubPersonalData(r.answer ?? '', people) }
}

interface PublicRow {
  id: string
  petition_kind: PetitionKind | null
  department_name: string | null
  subject: string
  answer?: string
  received_at: Date | null
  replied_at: Date | null
  published_at: Date
  read_count: number
  reads?: number
  ratings?: number
  average?: number | null
}

const publicSummary = (r: PublicRow): PublicAnswerSummary => ({
  id: r.id,
  kind: r.petition_kind,
  departmentName: r.department_name,
  subject: r.subject,
  receivedAt: r.received_at?.toISOString() ?? null,
  repliedAt: r.replied_at?.toISOString() ?? null,
  publishedAt: r.published_at.toISOString(),
  readCount: r.read_count,
})

const startOfDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

const publicAnswers: FastifyPluginAsyncTypebox<{ queuePrefix: string }> = async (app, opts) => {
  registerPublication(app)
  registerPublicReads(app)
  registerPublicRating(app, createGuard(app, opts.queuePrefix))
}

/** The supervision office's side: candidates and the publish / withdraw switch. */
function registerPublication(app: TypeboxApp): void {
  app.get(
    '/api/v1/answers',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['public'],
        summary: 'Answered petitions the supervision office may publish, with the texts as they would be published (personal data masked)',
        querystring: Type.Object({ published: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: AnswerCandidateList, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const rows = (await app.pg.query<CandidateRow>(sql('answer_candidates'), [req.query.published ?? null, 200])).rows
      reply.header('cache-control', 'no-store')
      const items: AnswerCandidate[] = rows.map((r) => ({
        petitionNo: r.petition_no,
        kind: r.petition_kind,
        departmentName: r.department_name ?? null,
        receivedAt: r.received_at?.toISOString() ?? null,
        repliedAt: r.replied_at?.toISOString() ?? null,
        ...scrubbed(r),
        rating: r.rating ?? null,
        publishedId: r.published_id ?? null,
      }))
      return { items }
    },
  )

  app.post(
    '/api/v1/answers/:petitionNo/publication',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['public'],
        summary: 'Publish an answer on the public site (personal data removed) or withdraw it (audited)',
        params: Type.Object({ petitionNo: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' }) }),
        body: AnswerPublication,
        response: { 200: Type.Object({ petitionNo: Type.String(), publishedId: Type.Union([Type.Null(), Type.String()]) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const no = req.params.petitionNo
      return withTransaction(app.pg, async (c) => {
        if (!req.body.published) {
          const r = (await c.query<{ id: string }>(sql('answer_withdraw'), [no])).rows[0]
          if (!r) throw new AppError('NOT_FOUND', `published answer of ${no}`)
          await appendAudit(c, { actor: actorOf(req), action: 'answer.withdraw', entity: 'petition', entityId: no, before: { publishedId: r.id }, after: { ...r }, requestId: req.id })
          return { petitionNo: no, publishedId: null }
        }
        const p = (await c.query<CandidateRow>(sql('answer_candidate'), [no])).rows[0]
        if (!p || !p.answer?.trim()) throw new AppError('NOT_FOUND', `answered petition ${no}`)
        const t = scrubbed(p)
        const values = [no, p.petition_kind, p.department_code, t.subject.slice(0, 2000), t.answer.slice(0, 20000), p.received_at, p.replied_at, req.user!.userId]
        const r = (await c.query<{ id: string }>(sql('answer_publish'), values)).rows[0]!
        await appendAudit(c, { actor: actorOf(req), action: 'answer.publish', entity: 'petition', entityId: no, before: null, after: { ...r, ...t }, requestId: req.id })
        return { petitionNo: no, publishedId: r.id }
      })
    },
  )
}

/** The public site's side: the published answers, the hot letters, the satisfaction rankings. */
function registerPublicReads(app: TypeboxApp): void {
  app.get(
    '/api/v1/public/answers',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Published answers (信件公开), newest first, and the hot letters of the week and the month (by reads)',
        querystring: Type.Object({ kind: Type.Optional(Type.Enum(PETITION_KINDS)) }, { additionalProperties: false }),
        response: { 200: PublicAnswerList, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const now = Date.now()
      const [items, week, month] = await Promise.all([
        app.pg.query<PublicRow>(sql('public_answers'), [req.query.kind ?? null, 50]),
        app.pg.query<PublicRow>(sql('public_answers_hot'), [startOfDay(now - 6 * DAY), 5]),
        app.pg.query<PublicRow>(sql('public_answers_hot'), [startOfDay(now - 29 * DAY), 5]),
      ])
      reply.header('cache-control', 'public, max-age=60')
      const hot = (r: PublicRow) => ({ ...publicSummary(r), reads: r.reads ?? 0 })
      return { items: items.rows.map(publicSummary), hotWeek: week.rows.map(hot), hotMonth: month.rows.map(hot) }
    },
  )

  app.get(
    '/api/v1/public/answers/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'One published answer, personal data removed (counts the read; 404 once withdrawn)',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        response: { 200: PublicAnswer, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const r = (await app.pg.query<PublicRow>(sql('public_answer_read'), [req.params.id, startOfDay(Date.now())])).rows[0]
      if (!r) throw new AppError('NOT_FOUND', `answer ${req.params.id}`)
      return { ...publicSummary(r), answer: r.answer ?? '', publicRatings: { ratings: r.ratings ?? 0, average: r.average ?? null } }
    },
  )

  app.get(
    '/api/v1/public/satisfaction',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "Departments by the citizens' ratings of their answers (好差评, 1 … 5) over the last 7 and 30 days",
        response: { 200: PublicSatisfaction, '4xx': ErrorResponse },
      },
    },
    async (_req, reply) => {
      const now = Date.now()
      const since = [new Date(now - 7 * DAY), new Date(now - 30 * DAY)] as const
      type Row = { department_code: string; name: string; ratings: number; average: number; satisfied: number }
      const [week, month] = await Promise.all(since.map((s) => app.pg.query<Row>(sql('public_satisfaction'), [s])))
      reply.header('cache-control', 'public, max-age=60')
      const period = (rows: Row[], s: Date) => ({ since: s.toISOString(), ...rankSatisfaction(rows.map((r) => ({ departmentCode: r.department_code, name: r.name, ratings: r.ratings, average: r.average, satisfied: r.satisfied })), MIN_RATINGS) })
      return { minRatings: MIN_RATINGS, week: period(week!.rows, since[0]), month: period(month!.rows, since[1]) }
    },
  )
}

/** The public's anonymous rating of a published answer: a solved challenge each, limited per IP and hour. */
function registerPublicRating(app: TypeboxApp, guard: PublicGuard): void {
  app.post(
    '/api/v1/public/answers/:id/rate',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: "Rate a published answer anonymously (好差评, 1 非常不满意 … 5 非常满意): a solved challenge each, used once; nothing about the rater is kept",
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        body: PublicAnswerRateRequest,
        response: { 200: PublicAnswerRatings, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      await guard.admit(req, 'rate', req.body.altcha)
      const r = (await app.pg.query<{ ratings: number; average: number | null }>(sql('public_answer_rate'), [req.params.id, req.body.rating])).rows[0]
      if (!r) throw new AppError('NOT_FOUND', `answer ${req.params.id}`)
      reply.header('cache-control', 'no-store')
      return { ratings: r.ratings, average: r.average }
    },
  )
}

export default publicAnswers

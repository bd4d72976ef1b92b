/**
 * Petitions in the approval module (窗口 · 信访投诉) for the handling department:
 *
 *   GET  /api/v1/window/petitions                       the petitions of your departments, newest first
 *   GET  /api/v1/window/petitions/:petitionNo           one: its text, its images (list), the answer given
 *   POST /api/v1/window/petitions/:petitionNo/answer    answer it (one `petition.replied` event, audited)
 *
 * Policy: the approval module's roles (department staff and heads, admins). Department scope is
 * enforced in the SQL (visible_departments): a petition of another department is a 404, like one
 * that does not exist. The citizen is always masked here (only supervisors and admins may unmask,
 * domain/privacy/unmask.ts); each image is fetched from GET /api/v1/petitions/:petitionNo/attachments/:n,
 * which audits every view (`pii.view`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import {
  SUBJECT_EXCERPT_LENGTH,
  WINDOW_PETITION_STATUSES,
  WindowPetition,
  WindowPetitionAnswerRequest,
  WindowPetitionAnswerResult,
  WindowPetitionList,
  type WindowPetitionStatus,
} from '../../domain/contracts/api/windowPetitions.ts'
import { PETITION_KINDS } from '../../domain/contracts/caseTypes.ts'
import type { Level } from '../../domain/contracts/levels.ts'
import { maskPersonalData, type PersonalData } from '../../domain/privacy/mask.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf } from '../audit.ts'
import { AppError } from '../errors.ts'
import { paging, PagingQuery } from '../http/paging.ts'
import { ErrorResponse } from '../schemas.ts'
import { answerPetition } from '../window/petitions.ts'
import { WINDOW_ROLES } from './window.ts'

const Params = Type.Object({ petitionNo: Type.String({ minLength: 1, maxLength: 128 }) })
const iso = (d: Date | null) => d?.toISOString() ?? null

interface ListRow {
  petition_no: string
  department_code: string
  petition_kind: string | null
  channel: string | null
  status: WindowPetitionStatus
  level: Level
  citizen: PersonalData | null
  subject: string | null
  attachment_count: number
  received_at: Date | null
  replied_at: Date | null
  deadline_date: string | null
}

interface DetailRow {
  petition_no: string
  department_code: string
  department_name: string | null
  petition_kind: string | null
  channel: string | null
  status: WindowPetitionStatus
  level: Level
  citizen: PersonalData | null
  subject: string | null
  received_at: Date | null
  deadline_date: string | null
  answer: string | null
  answer_handler: string | null
  answered_at: Date | null
  answer_source: string | null
}

interface AttachmentRow {
  ordinal: number
  content_type: 'image/jpeg' | 'image/png' | 'image/webp'
  byte_size: number
  sha256: string
  created_at: Date
}

const attachmentUrl = (petitionNo: string, n: number) => `/api/v1/petitions/${encodeURIComponent(petitionNo)}/attachments/${n}`
/**
 * Free texts as department staff see them: the citizen's name, ID number and phone masked wherever
 * they occur, and any other resident ID, phone or e-mail (the masking rule of their role, which
 * may not unmask), before any cut, so that no cut leaves half a number readable.
 */
const scrubbed = (text: string, citizen: PersonalData | null) => scrubPersonalData(text, [citizen])
const excerpt = (text: string) => {
  const cs = Array.from(text)
  return cs.length > SUBJECT_EXCERPT_LENGTH ? `${cs.slice(0, SUBJECT_EXCERPT_LENGTH).join('')}…` : text
}
const callerOf = (req: FastifyRequest) => ({ user: req.user!, actor: actorOf(req), requestId: req.id })

const windowPetitions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/window/petitions',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: "Your departments' petitions (consultations, complaints, 信访, mailbox letters), newest first; citizen masked",
        querystring: Type.Object(
          { status: Type.Optional(Type.Enum(WINDOW_PETITION_STATUSES)), kind: Type.Optional(Type.Enum(PETITION_KINDS)), ...PagingQuery },
          { additionalProperties: false },
        ),
        response: { 200: WindowPetitionList, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const q = req.query
      const page = paging(q, 200)
      const userId = req.user!.userId
      const [{ rows }, count] = await Promise.all([
        app.pg.query<ListRow>(sql('window_petition_list'), [userId, q.status ?? null, q.kind ?? null, page.limit, page.offset]),
        app.pg.query<{ total: string }>(sql('petition_list_count'), [userId, null, q.status ?? null, q.kind ?? null, null]),
      ])
      reply.header('cache-control', 'private, no-store')
      return {
        total: Number(count.rows[0]?.total ?? 0),
        items: rows.map((r) => ({
          petitionNo: r.petition_no,
          departmentCode: r.department_code,
          petitionKind: r.petition_kind,
          channel: r.channel,
          status: r.status,
          level: r.level,
          citizen: maskPersonalData(r.citizen),
          subjectExcerpt: r.subject === null ? null : excerpt(scrubbed(r.subject, r.citizen)),
          attachmentCount: r.attachment_count,
          receivedAt: iso(r.received_at),
          repliedAt: iso(r.replied_at),
          deadlineDate: r.deadline_date,
        })),
      }
    },
  )

  app.get(
    '/api/v1/window/petitions/:petitionNo',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: 'One petition of your departments (404 otherwise): its text, its images (fetched one by one, each view audited), the answer given; citizen masked',
        params: Params,
        response: { 200: WindowPetition, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { petitionNo } = req.params
      const userId = req.user!.userId
      const [detail, images] = await Promise.all([
        app.pg.query<DetailRow>(sql('window_petition_detail'), [userId, petitionNo]),
        app.pg.query<AttachmentRow>(sql('petition_attachments'), [userId, petitionNo]),
      ])
      const r = detail.rows[0]
      if (!r) throw new AppError('NOT_FOUND')
      const answered = r.answer !== null || r.status === 'replied' || r.status === 'closed'
      reply.header('cache-control', 'private, no-store')
      return {
        petitionNo: r.petition_no,
        departmentCode: r.department_code,
        departmentName: r.department_name,
        petitionKind: r.petition_kind,
        channel: r.channel,
        status: r.status,
        level: r.level,
        citizen: maskPersonalData(r.citizen),
        subject: r.subject === null ? null : scrubbed(r.subject, r.citizen),
        receivedAt: iso(r.received_at),
        deadlineDate: r.deadline_date,
        answer: r.answer === null || r.answered_at === null ? null : { text: scrubbed(r.answer, r.citizen), handler: r.answer_handler, at: r.answered_at.toISOString(), source: r.answer_source ?? '' },
        mayAnswer: !answered,
        attachments: images.rows.map((a) => ({ n: a.ordinal, contentType: a.content_type, byteSize: a.byte_size, sha256: a.sha256, createdAt: a.created_at.toISOString(), url: attachmentUrl(petitionNo, a.ordinal) })),
      }
    },
  )

  app.post(
    '/api/v1/window/petitions/:petitionNo/answer',
    {
      config: { policy: WINDOW_ROLES },
      schema: {
        tags: ['window'],
        summary: 'Answer a petition of your departments (答复): one `petition.replied` event through the ingest path, audited; the citizen reads it by tracking code',
        params: Params,
        body: WindowPetitionAnswerRequest,
        response: { 201: WindowPetitionAnswerResult, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await answerPetition(app, callerOf(req), req.params.petitionNo, req.body)),
  )
}

export default windowPetitions

/**
 * The working-day calendar for administrators and the console: its status (is next year's notice
 * in?), its days, entering a State Council notice (JSON or ICS) or a local override — each audited
 * and followed by a recompute of the open deadlines — and the deadline preview.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { localDayOf } from '../../domain/calendar/localDayOf.ts'
import { missingNoticeYears } from '../../domain/calendar/missingNoticeYears.ts'
import { parseCalendarData } from '../../domain/calendar/parseCalendarData.ts'
import { parseNoticeIcs } from '../../domain/calendar/parseNoticeIcs.ts'
import type { NoticeYear } from '../../domain/calendar/types.ts'
import { previewDeadline } from '../../domain/clock/previewDeadline.ts'
import { CN_CALENDAR_DATA } from '../../domain/calendar/cnCalendarData.ts'
import { loadWorkCalendar } from '../../sql/calendar.ts'
import { resolveWallJurisdiction } from '../../sql/wall.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { CASE_READERS } from '../auth/roles.ts'

const Jurisdiction = Type.String({ pattern: '^[0-9]{6}$', description: '6-digit division code, e.g. 440204' })
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

const CalendarStatus = Type.Object({
  jurisdictionCode: Type.String(),
  zone: Type.String(),
  today: Type.String(),
  officialYears: Type.Array(Type.Integer()),
  currentYearOfficial: Type.Boolean(),
  nextYear: Type.Integer(),
  nextYearOfficial: Type.Boolean(),
  /**
   * The years the console must say are provisional (no State Council notice: Monday–Friday only):
   * the next year from 1 November, and the current year itself while its notice is missing.
   */
  provisionalYears: Type.Array(Type.Integer()),
  /** `provisionalYears` is not empty: show `message` / `messageEn` plainly. */
  provisionalWarning: Type.Boolean(),
  message: Type.Union([Type.String(), Type.Null()]),
  messageEn: Type.Union([Type.String(), Type.Null()]),
})

const NoticeDayBody = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 50 }), nameEn: Type.String({ minLength: 1, maxLength: 100 }) })
const NoticeBody = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  status: Type.Optional(Type.Literal('official')),
  holidays: Type.Array(NoticeDayBody, { maxItems: 60 }),
  adjustedWorkdays: Type.Array(NoticeDayBody, { maxItems: 30 }),
})

const calendar: FastifyPluginAsyncTypebox = async (app) => {
  // ICS uploads arrive as text/calendar (scoped to this plugin).
  app.addContentTypeParser('text/calendar', { parseAs: 'string' }, (_req, body, done) => done(null, { ics: body as string }))

  /** The asked jurisdiction, else the deployment's own (`app.config.jurisdictionCode`, else the top one). */
  const jurisdiction = async (asked: string | undefined) => {
    const code = asked ?? (await resolveWallJurisdiction(app.pg, app.config.jurisdictionCode))
    if (code === null) throw new AppError('NOT_FOUND', 'no jurisdiction')
    const { rows } = await app.pg.query<{ code: string; time_zone: string }>(sql('jurisdiction_get'), [code])
    if (!rows[0]) throw new AppError('NOT_FOUND', `jurisdiction ${code}`)
    return rows[0]
  }

  app.get(
    '/api/v1/calendar/status',
    {
      config: { policy: [...CASE_READERS, 'display'] },
      schema: {
        tags: ['calendar'],
        summary: "Calendar status: official years and which years' holiday notices are missing (next year from 1 November, the current year while it has none), with a plain message",
        querystring: Type.Object({ jurisdiction: Type.Optional(Jurisdiction) }),
        response: { 200: CalendarStatus, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const j = await jurisdiction(req.query.jurisdiction)
      const cal = await loadWorkCalendar(app.pg, j.code)
      const now = Date.now()
      const today = fromEpochDay(localDayOf(now, j.time_zone))
      const nextYear = Number(today.slice(0, 4)) + 1
      const years = missingNoticeYears(cal, now, j.time_zone)
      const warn = years.length > 0
      const zh = years.join('、')
      const en = years.join(' and ')
      return {
        jurisdictionCode: j.code,
        zone: j.time_zone,
        today,
        officialYears: [...cal.officialYears],
        currentYearOfficial: cal.isOfficialYear(nextYear - 1),
        nextYear,
        nextYearOfficial: cal.isOfficialYear(nextYear),
        provisionalYears: years,
        provisionalWarning: warn,
        message: warn ? `${zh} 年节假日安排尚未录入：${zh} 年的期限暂按周一至周五工作日计算（临时），录入国务院通知后将自动重算。` : null,
        messageEn: warn ? `The ${en} holiday notice${years.length > 1 ? 's have' : ' has'} not been entered: ${en} deadlines are provisional (Monday–Friday) and will be recomputed when ${years.length > 1 ? 'they are' : 'it is'}.` : null,
      }
    },
  )

  app.get(
    '/api/v1/calendar/days',
    {
      config: { policy: CASE_READERS },
      schema: {
        tags: ['calendar'],
        summary: 'Days of the working-day calendar (at most 400 per request)',
        querystring: Type.Object({ jurisdiction: Type.Optional(Jurisdiction), from: IsoDate, to: IsoDate }),
        response: {
          200: Type.Array(Type.Object({ date: Type.String(), isWorkday: Type.Boolean(), kind: Type.String(), source: Type.String(), name: Type.Union([Type.String(), Type.Null()]) })),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req) => {
      const from = toEpochDay(req.query.from)
      const to = toEpochDay(req.query.to)
      if (Number.isNaN(from) || Number.isNaN(to) || to < from || to - from > 400) throw new AppError('VALIDATION_FAILED', 'from/to: valid dates, at most 400 days apart')
      const j = await jurisdiction(req.query.jurisdiction)
      const cal = await loadWorkCalendar(app.pg, j.code)
      const out = []
      for (let d = from; d <= to; d++) {
        const e = cal.entry(d)
        if (e) out.push({ date: e.date, isWorkday: e.isWorkday, kind: e.kind, source: e.source, name: e.name })
      }
      return out
    },
  )

  app.post(
    '/api/v1/calendar/notices',
    {
      config: { policy: ['admin'] },
      attachValidation: true, // JSON is checked below; an ICS body is converted first
      schema: {
        tags: ['calendar'],
        summary: "Enter a year's State Council holiday notice (JSON, or text/calendar with ?year=); recomputes open deadlines",
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        body: NoticeBody,
        response: {
          202: Type.Object({
            year: Type.Integer(), holidays: Type.Integer(), adjustedWorkdays: Type.Integer(), recomputeQueued: Type.Boolean(),
            /** ICS: days of other years in the file (multi-year feeds), skipped. */
            skippedDays: Type.Optional(Type.Integer()),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown
      let notice: NoticeYear
      let skippedDays: number | undefined
      if (body !== null && typeof body === 'object' && 'ics' in body) {
        // attachValidation: the query string is not coerced when the body failed the JSON schema
        const year = Number((req.query as { year?: unknown }).year)
        if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION_FAILED', 'year: required for text/calendar (2000–2100)')
        const parsed = parseNoticeIcs((body as { ics: string }).ics, year)
        if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.errors.slice(0, 5).join('; '))
        notice = parsed.notice
        skippedDays = parsed.skipped.length
      } else {
        if (req.validationError) throw new AppError('VALIDATION_FAILED', req.validationError.message)
        notice = { ...(body as NoticeYear), status: 'official' }
      }
      const check = parseCalendarData({ ...CN_CALENDAR_DATA, years: [notice] })
      if (!check.ok) throw new AppError('VALIDATION_FAILED', check.errors.slice(0, 5).join('; '))
      const user = req.user
      if (!user) throw new AppError('UNAUTHENTICATED')
      await withTransaction(app.pg, async (c) => {
        await c.query(sql('calendar_notice_insert'), [notice.year, JSON.stringify(notice), user.login])
        await appendAudit(c, { actor: actorOf(req), action: 'calendar.notice', entity: 'calendar', entityId: String(notice.year), before: null, after: notice, requestId: req.id })
      })
      const recomputeQueued = await app.queues.enqueueMaintenance('recompute', { jurisdictionCode: '*', reason: `notice ${notice.year}`, requestedBy: user.login })
      return reply.code(202).send({ year: notice.year, holidays: notice.holidays.length, adjustedWorkdays: notice.adjustedWorkdays.length, recomputeQueued, ...(skippedDays === undefined ? {} : { skippedDays }) })
    },
  )

  app.post(
    '/api/v1/calendar/overrides',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: 'A local one-off day off or worked (isWorkday null withdraws it), with a reason; recomputes open deadlines',
        body: Type.Object({
          jurisdictionCode: Jurisdiction,
          date: IsoDate,
          isWorkday: Type.Union([Type.Boolean(), Type.Null()]), // null withdraws the override
          reason: Type.String({ minLength: 2, maxLength: 500 }),
        }, { additionalProperties: false }),
        response: { 202: Type.Object({ id: Type.String(), recomputeQueued: Type.Boolean() }), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const b = req.body
      if (Number.isNaN(toEpochDay(b.date))) throw new AppError('INVALID_DATE', b.date)
      await jurisdiction(b.jurisdictionCode)
      const user = req.user
      if (!user) throw new AppError('UNAUTHENTICATED')
      const id = await withTransaction(app.pg, async (c) => {
        const { rows } = await c.query<{ id: string }>(sql('calendar_override_insert'), [b.jurisdictionCode, b.date, b.isWorkday, b.reason.trim(), user.login])
        await appendAudit(c, { actor: actorOf(req), action: 'calendar.override', entity: 'calendar', entityId: `${b.jurisdictionCode}:${b.date}`, before: null, after: b, requestId: req.id })
        return String(rows[0]!.id)
      })
      const recomputeQueued = await app.queues.enqueueMaintenance('recompute', { jurisdictionCode: b.jurisdictionCode, reason: `override ${b.date}: ${b.reason.trim()}`, requestedBy: user.login })
      return reply.code(202).send({ id, recomputeQueued })
    },
  )

  app.post(
    '/api/v1/calendar/preview',
    {
      config: { policy: ['admin', 'supervisor'] },
      schema: {
        tags: ['calendar'],
        summary: 'Deadline preview: the same computation as `npm run deadline`, with the jurisdiction calendar',
        querystring: Type.Object({ jurisdiction: Type.Optional(Jurisdiction) }),
        body: Type.Object({
          accepted: Type.String(),
          limit: Type.Integer({ minimum: 0, maximum: 100000 }),
          unit: Type.Union([Type.Literal('workday'), Type.Literal('day')]),
          suspend: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
          supplement: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
          now: Type.Optional(Type.String()),
        }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            deadlineDate: Type.String(), warningFrom: Type.String(), yellowFrom: Type.String(), redFrom: Type.String(),
            countedDays: Type.Optional(Type.Integer()), level: Type.Optional(Type.String()),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req) => {
      const j = await jurisdiction(req.query.jurisdiction)
      const out = previewDeadline(req.body, await loadWorkCalendar(app.pg, j.code), { zone: j.time_zone })
      if (!out.ok) throw new AppError('VALIDATION_FAILED', out.error)
      return out.result
    },
  )
}

export default calendar

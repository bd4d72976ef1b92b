/**
 * Announcements of the supervision office (监察动态, 监察公告, 法律法规, 热点问题):
 *
 *   GET   /api/v1/announcements                supervisor, admin — all of them: drafts, scheduled, live, expired
 *   POST  /api/v1/announcements                supervisor, admin — write (audited): a draft or published, optional expiry
 *   PATCH /api/v1/announcements/:id            supervisor, admin — edit, publish, take back to a draft (audited)
 *   GET  /api/v1/public/announcements?column=  public — the live ones, newest first, and the most read
 *   GET  /api/v1/public/announcements/:id      public — one live announcement (counts the read)
 *
 * Expired announcements leave the site by themselves (the queries compare with now()). Phone and
 * ID numbers typed into a text are masked on the way out (scrubPersonalData).
 *
 * The public list is answered from memory (server/public/cache.ts): keyed on the data version (an
 * announcement written anywhere shows within a second, at once in this process), never past the
 * next expiry or scheduled publication (so one leaves or appears at its time), and forgotten when
 * this process counts a read (the hot list's counts show at once; reads counted by another
 * instance within ANNOUNCEMENTS_TTL_MS: public/announcementList.ts). Revalidated by ETag like every public answer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { AdminAnnouncement, AdminAnnouncementList, AnnouncementPatch } from '../../domain/contracts/api/publicContent.ts'
import { AnnouncementRequest, PublicAnnouncement, PublicAnnouncementList, ANNOUNCEMENT_COLUMNS } from '../../domain/contracts/api/public.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { ANNOUNCEMENTS_CACHE_FAMILY, announcementSummary as summary, listCacheControl, liveAnnouncements, type AnnouncementRow as Row } from '../public/announcementList.ts'
import { forgetAnswers } from '../public/cache.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'
import type { TypeboxApp } from '../http/typebox-app.ts'

const announcements: FastifyPluginAsyncTypebox = async (app) => {
  registerAdministration(app)
  app.post(
    '/api/v1/announcements',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['public'],
        summary: 'Publish an announcement on the public site (audited); it leaves the site at its expiry',
        body: AnnouncementRequest,
        response: { 201: Type.Object({ id: Type.String() }), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const b = req.body
      if (b.expiresAt && Date.parse(b.expiresAt) <= Date.parse(b.publishedAt ?? new Date().toISOString())) {
        throw new AppError('VALIDATION_FAILED', 'expiresAt must be after publishedAt')
      }
      const id = await withTransaction(app.pg, async (c) => {
        const r = (await c.query<{ id: string }>(sql('announcement_insert'), [b.column, b.title, b.body, b.publishedAt ?? null, b.expiresAt ?? null, req.user!.userId, b.draft ?? null])).rows[0]!
        await appendAudit(c, { actor: actorOf(req), action: 'announcement.publish', entity: 'announcement', entityId: r.id, before: null, after: { ...r }, requestId: req.id })
        return r.id
      })
      return reply.code(201).send({ id })
    },
  )

  app.get(
    '/api/v1/public/announcements',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Live announcements, newest first (optionally of one column), and the most read',
        querystring: Type.Object({ column: Type.Optional(Type.Enum(ANNOUNCEMENT_COLUMNS)) }, { additionalProperties: false }),
        response: { 200: PublicAnnouncementList, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const column = req.query.column ?? null
      const live = await liveAnnouncements(app, column)
      reply.header('cache-control', listCacheControl(live.until))
      return live.body
    },
  )

  app.get(
    '/api/v1/public/announcements/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'One live announcement (counts the read; 404 once expired)',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        response: { 200: PublicAnnouncement, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const r = (await app.pg.query<Row>(sql('public_announcement_read'), [req.params.id])).rows[0]
      if (!r) throw new AppError('NOT_FOUND', `announcement ${req.params.id}`)
      forgetAnswers(app, ANNOUNCEMENTS_CACHE_FAMILY) // the counted read shows in the hot list at once
      return { ...summary(r), body: scrubPersonalData(r.body ?? '') }
    },
  )
}

interface AdminRow extends Row {
  body: string
  draft: boolean
  updated_at: Date | null
  state: AdminAnnouncement['state']
}

const adminView = (r: AdminRow): AdminAnnouncement => ({
  id: r.id,
  column: r.column_key,
  title: r.title,
  body: r.body,
  draft: r.draft,
  publishedAt: r.published_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  state: r.state,
  readCount: r.read_count,
  updatedAt: r.updated_at?.toISOString() ?? null,
})

/** The administration's list and edit (公开内容): supervisors and admins, every edit audited. */
function registerAdministration(app: TypeboxApp): void {
  app.get(
    '/api/v1/announcements',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: { tags: ['public'], summary: 'Every announcement for the administration: drafts, scheduled, live and expired', response: { 200: AdminAnnouncementList, '4xx': ErrorResponse } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      return { items: (await app.pg.query<AdminRow>(sql('admin_announcements'), [500])).rows.map(adminView) }
    },
  )

  app.patch(
    '/api/v1/announcements/:id',
    {
      config: { policy: ['supervisor', 'admin'] },
      schema: {
        tags: ['public'],
        summary: 'Edit an announcement, publish it (draft: false) or take it back to a draft (audited)',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        body: AnnouncementPatch,
        response: { 200: AdminAnnouncement, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const p = req.body
      return withTransaction(app.pg, async (c) => {
        const before = (await c.query<AdminRow>(sql('admin_announcement_lock'), [req.params.id])).rows[0]
        if (!before) throw new AppError('NOT_FOUND', `announcement ${req.params.id}`)
        // publishing a draft without a time publishes it now (the database's clock: null below)
        const publishNow = p.publishedAt === undefined && before.draft && p.draft === false
        const publishedAt = p.publishedAt ?? (publishNow ? new Date().toISOString() : before.published_at.toISOString())
        const expiresAt = p.expiresAt === undefined ? (before.expires_at?.toISOString() ?? null) : p.expiresAt
        if (expiresAt !== null && Date.parse(expiresAt) <= Date.parse(publishedAt)) throw new AppError('VALIDATION_FAILED', 'expiresAt must be after publishedAt')
        const values = [req.params.id, p.column ?? before.column_key, p.title ?? before.title, p.body ?? before.body, p.draft ?? before.draft, publishNow ? null : publishedAt, expiresAt, req.user!.userId]
        const after = (await c.query<AdminRow>(sql('admin_announcement_update'), values)).rows[0]!
        const action = before.draft && !after.draft ? 'announcement.publish' : !before.draft && after.draft ? 'announcement.unpublish' : 'announcement.edit'
        await appendAudit(c, { actor: actorOf(req), action, entity: 'announcement', entityId: after.id, before: { ...before }, after: { ...after }, requestId: req.id })
        return adminView(after)
      })
    },
  )
}

export default announcements

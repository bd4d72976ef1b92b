/**
 * Announcements of the supervision office (监察动态, 监察公告, 法律法规, 热点问题):
 *
 *   POST /api/v1/announcements                 supervisor, admin — publish (audited), with an optional expiry
 *   GET  /api/v1/public/announcements?column=  public — the live ones, newest first, and the most read
 *   GET  /api/v1/public/announcements/:id      public — one live announcement (counts the read)
 *
 * Expired announcements leave the site by themselves (the queries compare with now()). Phone and
 * ID numbers typed into a text are masked on the way out (scrubPersonalData).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { AnnouncementRequest, PublicAnnouncement, PublicAnnouncementList, ANNOUNCEMENT_COLUMNS, type AnnouncementColumn } from '../../domain/contracts/api/public.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { sql } from '../../sql/queries.ts'
import { actorOf, appendAudit, withTransaction } from '../audit.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'

interface Row {
  id: string
  column_key: AnnouncementColumn
  title: string
  body?: string
  published_at: Date
  expires_at: Date | null
  read_count: number
}

const summary = (r: Row) => ({
  id: r.id,
  column: r.column_key,
  title: scrubPersonalData(r.title),
  publishedAt: r.published_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  readCount: r.read_count,
})

const announcements: FastifyPluginAsyncTypebox = async (app) => {
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
        const r = (await c.query<{ id: string }>(sql('announcement_insert'), [b.column, b.title, b.body, b.publishedAt ?? null, b.expiresAt ?? null, req.user!.userId])).rows[0]!
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
      const [items, hot] = await Promise.all([
        app.pg.query<Row>(sql('public_announcements'), [req.query.column ?? null, 50]),
        app.pg.query<Row>(sql('public_announcements_hot'), [5]),
      ])
      reply.header('cache-control', 'public, max-age=60')
      return { items: items.rows.map(summary), hot: hot.rows.map(summary) }
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
      return { ...summary(r), body: scrubPersonalData(r.body ?? '') }
    },
  )
}

export default announcements

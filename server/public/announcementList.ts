/**
 * The public list of announcements (GET /api/v1/public/announcements and the pre-rendered /public):
 * the live ones (published, not expired: the queries compare with now()), newest first, and the
 * most read. Answered from memory (public/cache.ts): keyed on the data version, never past the next
 * expiry or scheduled publication (so one leaves or appears at its time). Phone and ID numbers
 * typed into a title are masked on the way out (scrubPersonalData).
 */
import type { FastifyInstance } from 'fastify'
import type { AnnouncementColumn, PublicAnnouncementList, PublicAnnouncementSummary } from '../../domain/contracts/api/public.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { sql } from '../../sql/queries.ts'
import { cachedAnswer } from './cache.ts'
import { PUBLIC_CACHE_CONTROL } from './etag.ts'

export interface AnnouncementRow {
  id: string
  column_key: AnnouncementColumn
  title: string
  body?: string
  published_at: Date
  expires_at: Date | null
  read_count: number
}

export const announcementSummary = (r: AnnouncementRow): PublicAnnouncementSummary => ({
  id: r.id,
  column: r.column_key,
  title: scrubPersonalData(r.title),
  publishedAt: r.published_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  readCount: r.read_count,
})

/** A list answer is reused at most this long (then recomputed in the background); reads counted elsewhere show within it. */
export const ANNOUNCEMENTS_TTL_MS = 10_000
/** The cache's key family of the lists (forgotten when this process counts a read). */
export const ANNOUNCEMENTS_CACHE_FAMILY = 'announcements'

export interface LiveList {
  body: PublicAnnouncementList
  /** When the list changes by itself (an expiry or a scheduled publication), ms since the epoch; null: not before an edit. */
  until: number | null
}

/** The live list and the hot list, and when they change by themselves. */
async function liveList(app: FastifyInstance, column: AnnouncementColumn | null): Promise<LiveList> {
  const startedAt = Date.now()
  const [items, hot, next] = await Promise.all([
    app.pg.query<AnnouncementRow>(sql('public_announcements'), [column, 50]),
    app.pg.query<AnnouncementRow>(sql('public_announcements_hot'), [5]),
    app.pg.query<{ ms: number | string | null }>(sql('public_announcements_next_change')),
  ])
  const ms = next.rows[0]?.ms
  return { body: { items: items.rows.map(announcementSummary), hot: hot.rows.map(announcementSummary) }, until: ms === null || ms === undefined ? null : startedAt + Number(ms) }
}

/** The live list of a column (null: every column), from memory. */
export const liveAnnouncements = (app: FastifyInstance, column: AnnouncementColumn | null): Promise<LiveList> =>
  cachedAnswer(app, `${ANNOUNCEMENTS_CACHE_FAMILY}:${column}`, ANNOUNCEMENTS_TTL_MS, () => liveList(app, column), { validUntil: (v) => v.until ?? Infinity })

/** Cache-Control of the list (and of a page showing it): a minute, or less when it changes by itself sooner. */
export const listCacheControl = (until: number | null) => (until === null ? PUBLIC_CACHE_CONTROL : `public, max-age=${Math.max(0, Math.min(60, Math.floor((until - Date.now()) / 1000)))}`)

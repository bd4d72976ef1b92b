/**
 * The public site's content pages as HTML before any JavaScript (search engines, old phones):
 *
 *   GET /public                 public — the home page: today's figures, the ranking's top and last three, the latest announcements
 *   GET /public/ranking         public — the department ranking (the same answer as /api/v1/public/ranking)
 *   GET /public/complaint       public — the complaint form's heading and notice (the form is the SPA's)
 *   GET /public/guide/:code     public — a guide item: limits, fee and its basis, materials, process, on-time rate
 *   GET /public/notices/:id     public — a live announcement
 *   GET /public/letters/:id     public — a published answer (personal data removed when published)
 *
 * The content sits inside the SPA shell's `<div id="app">` (the built dashboard's index.html), so
 * the same address boots the page with JavaScript; without a built dashboard, a small document of
 * its own. Missing, expired or withdrawn: 404 with the shell (the SPA shows its own message).
 * The shell also preloads the page's chunks and the data it reads first (public/shell.ts), so the
 * SPA takes over from the pre-rendered content without a chain of round trips.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import type { AnnouncementColumn } from '../../domain/contracts/announcements.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { sql } from '../../sql/queries.ts'
import { announcementPage, answerPage, complaintPage, homePage, itemPage, rankingPage, renderPage, type StaticPage } from '../public/prerender.ts'
import { AppError } from '../errors.ts'
import { listCacheControl, liveAnnouncements } from '../public/announcementList.ts'
import { PUBLIC_CACHE_CONTROL } from '../public/etag.ts'
import { publicJurisdiction } from '../public/jurisdiction.ts'
import { publicRanking } from '../public/ranking.ts'
import { publicToday } from '../public/today.ts'
import { inlineEntryStyles, preloadLinks, PUBLIC_LAYOUT, readManifest } from '../public/shell.ts'

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })

const publicPages: FastifyPluginAsyncTypebox<{ dashboardDir: string | null }> = async (app, opts) => {
  const file = opts.dashboardDir ? path.join(opts.dashboardDir, 'index.html') : null
  // the entry's small stylesheet inside the page: the page itself is the only request before its first paint
  const shell = file && existsSync(file) ? inlineEntryStyles(readFileSync(file, 'utf8'), opts.dashboardDir) : null
  const manifest = readManifest(opts.dashboardDir)
  const modulesOf = (name: string) => [PUBLIC_LAYOUT, `src/features/public/${name}.vue`]

  const send = (reply: FastifyReply, page: StaticPage | null, head: readonly string[] = [], cacheControl = PUBLIC_CACHE_CONTROL) => {
    reply.type('text/html; charset=utf-8')
    if (!page) return reply.code(404).header('cache-control', 'no-store').send(renderPage({ title: '未找到', description: '未找到该页面。', body: '<h1>未找到该页面</h1><p>内容可能已过期或撤下。</p>' }, shell))
    return reply.header('cache-control', cacheControl).send(renderPage(page, shell, head))
  }
  /** The site's jurisdiction, null while there is none (the SPA says so). */
  const jurisdictionOrNull = () =>
    publicJurisdiction(app, {}).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null
      throw e
    })

  const opt = (summary: string, params: typeof Id | ReturnType<typeof Type.Object>) => ({ config: { policy: 'public' as const }, schema: { hide: true, summary, params } })

  // the home page: the API's own cached answers (the page and the SPA's first reads show the same
  // figures), which the shell preloads for the SPA; cached no longer than the next announcement's
  // expiry or scheduled publication
  app.get('/public', opt('The home page as HTML', Type.Object({})), async (_req, reply) => {
    const jurisdiction = await jurisdictionOrNull()
    const [ranking, today, live] = await Promise.all([
      jurisdiction ? publicRanking(app, jurisdiction) : null,
      jurisdiction ? publicToday(app, jurisdiction) : null,
      liveAnnouncements(app, null),
    ])
    const fetches = ['/api/v1/public/today', '/api/v1/public/ranking', '/api/v1/public/announcements']
    return send(reply, homePage({ ranking, today, notices: live.body.items }), preloadLinks(manifest, modulesOf('PublicHome'), fetches), listCacheControl(live.until))
  })

  app.get('/public/ranking', opt('The department ranking as HTML', Type.Object({})), async (_req, reply) => {
    const jurisdiction = await jurisdictionOrNull()
    if (!jurisdiction) return send(reply, null)
    // the API's own cached answer: the page and the SPA's first read show the same figures
    return send(reply, rankingPage(await publicRanking(app, jurisdiction)), preloadLinks(manifest, modulesOf('RankingPage'), ['/api/v1/public/ranking']))
  })

  app.get('/public/complaint', opt('The complaint form page as HTML', Type.Object({})), async (_req, reply) =>
    send(reply, complaintPage(), preloadLinks(manifest, modulesOf('ComplaintPage'), ['/api/v1/public/departments'])),
  )

  app.get('/public/guide/:code', opt('A guide item as HTML', Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) })), async (req, reply) => {
    const { code } = req.params as { code: string }
    type Row = { code: string; name: string; department_name: string; legal_limit: number | null; legal_unit: string; promised_limit: number | null; promised_unit: string; fee: number; fee_basis: string | null; guide_materials: string[]; guide_process: string | null; concluded: number; on_time: number }
    const r = (await app.pg.query<Row>(sql('public_item'), [code])).rows[0]
    return send(
      reply,
      r
        ? itemPage({
            code: r.code, name: r.name, departmentName: r.department_name, legalLimit: r.legal_limit, legalUnit: r.legal_unit, promisedLimit: r.promised_limit, promisedUnit: r.promised_unit,
            fee: r.fee, feeBasis: r.fee_basis, materials: r.guide_materials, process: r.guide_process, concluded: r.concluded, onTime: r.on_time,
          })
        : null,
      preloadLinks(manifest, modulesOf('GuideItemPage'), [`/api/v1/public/items/${encodeURIComponent(code)}`]),
    )
  })

  app.get('/public/notices/:id', opt('An announcement as HTML', Id), async (req, reply) => {
    const { id } = req.params as { id: string }
    const r = (await app.pg.query<{ column_key: AnnouncementColumn; title: string; body: string; published_at: Date }>(sql('public_announcement_get'), [id])).rows[0]
    return send(reply, r ? announcementPage({ column: r.column_key, title: scrubPersonalData(r.title), body: scrubPersonalData(r.body), publishedAt: r.published_at }) : null)
  })

  app.get('/public/letters/:id', opt('A published answer as HTML', Id), async (req, reply) => {
    const { id } = req.params as { id: string }
    const r = (await app.pg.query<{ subject: string; answer: string; department_name: string | null; received_at: Date | null; replied_at: Date | null }>(sql('public_answer_get'), [id])).rows[0]
    return send(reply, r ? answerPage({ subject: r.subject, answer: r.answer, departmentName: r.department_name, receivedAt: r.received_at, repliedAt: r.replied_at }) : null)
  })
}

export default publicPages

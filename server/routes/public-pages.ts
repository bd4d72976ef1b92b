/**
 * The public site's content pages as HTML before any JavaScript (search engines, old phones):
 *
 *   GET /public/ranking         public — the department ranking (the same answer as /api/v1/public/ranking)
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
import { announcementPage, answerPage, itemPage, rankingPage, renderPage, type StaticPage } from '../public/prerender.ts'
import { AppError } from '../errors.ts'
import { cachedAnswer } from '../public/cache.ts'
import { publicJurisdiction } from '../public/jurisdiction.ts'
import { publishedRanking, statisticsRanking, STATISTICS_CACHE_MS } from '../public/ranking.ts'
import { preloadLinks, PUBLIC_LAYOUT, readManifest } from '../public/shell.ts'

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })

const publicPages: FastifyPluginAsyncTypebox<{ dashboardDir: string | null }> = async (app, opts) => {
  const file = opts.dashboardDir ? path.join(opts.dashboardDir, 'index.html') : null
  const shell = file && existsSync(file) ? readFileSync(file, 'utf8') : null
  const manifest = readManifest(opts.dashboardDir)
  const modulesOf = (name: string) => [PUBLIC_LAYOUT, `src/features/public/${name}.vue`]

  const send = (reply: FastifyReply, page: StaticPage | null, head: readonly string[] = []) => {
    reply.type('text/html; charset=utf-8')
    if (!page) return reply.code(404).header('cache-control', 'no-store').send(renderPage({ title: '未找到', description: '未找到该页面。', body: '<h1>未找到该页面</h1><p>内容可能已过期或撤下。</p>' }, shell))
    return reply.header('cache-control', 'public, max-age=60').send(renderPage(page, shell, head))
  }

  const opt = (summary: string, params: typeof Id | ReturnType<typeof Type.Object>) => ({ config: { policy: 'public' as const }, schema: { hide: true, summary, params } })

  app.get('/public/ranking', opt('The department ranking as HTML', Type.Object({})), async (_req, reply) => {
    const jurisdiction = await publicJurisdiction(app, {}).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null // no jurisdiction yet: the SPA says so
      throw e
    })
    if (!jurisdiction) return send(reply, null)
    // the API's own cached answer: the page and the SPA's first read show the same figures
    const r = await cachedAnswer(app, `ranking:${jurisdiction}`, STATISTICS_CACHE_MS, async () => (await publishedRanking(app, jurisdiction)) ?? (await statisticsRanking(app, jurisdiction)))
    return send(reply, rankingPage(r), preloadLinks(manifest, modulesOf('RankingPage'), ['/api/v1/public/ranking']))
  })

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

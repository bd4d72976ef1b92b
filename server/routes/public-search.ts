/**
 * Site search (站内搜索) of the public site:
 *
 *   GET /api/v1/public/search?q=&kind=   public — guide items, live announcements, published answers
 *
 * Every term of the query must occur (substring, case-insensitive; Chinese needs no segmentation
 * for it), served by pg_trgm indexes (migration 236; the choice against jieba word segmentation is
 * measured by bench/search.bench.ts, see README). Excerpts are scrubbed of phone and ID numbers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { PublicSearchResult, SEARCH_KINDS, type PublicSearchHit, type SearchKind } from '../../domain/contracts/api/publicContent.ts'
import { scrubPersonalData } from '../../domain/privacy/scrubPersonalData.ts'
import { excerpt, likePattern, searchTerms } from '../../domain/public/siteSearch.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'

/** Hits per kind. */
const PER_KIND = 20

interface HitRow {
  kind: SearchKind
  id: string
  title: string
  text: string
  at: Date | null
}

const publicSearch: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/public/search',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Site search (站内搜索): guide items, announcements and published answers containing every term of q',
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 50 }), kind: Type.Optional(Type.Enum(SEARCH_KINDS)) }, { additionalProperties: false }),
        response: { 200: PublicSearchResult, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const terms = searchTerms(req.query.q)
      if (terms.length === 0) throw new AppError('VALIDATION_FAILED', 'q has no words')
      const patterns = terms.map(likePattern)
      const rows = (await app.pg.query<HitRow>(sql('public_search'), [patterns[0], patterns, req.query.kind ?? null, PER_KIND + 1])).rows
      const byKind = new Map<SearchKind, HitRow[]>()
      for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r])
      let truncated = false
      const hits: PublicSearchHit[] = []
      for (const kind of SEARCH_KINDS) {
        const list = byKind.get(kind) ?? []
        if (list.length > PER_KIND) truncated = true
        for (const r of list.slice(0, PER_KIND)) {
          hits.push({ kind, id: r.id, title: scrubPersonalData(r.title), excerpt: scrubPersonalData(excerpt(r.text, terms)), at: r.at?.toISOString() ?? null })
        }
      }
      reply.header('cache-control', 'public, max-age=60')
      return { q: terms.join(' '), hits, truncated }
    },
  )
}

export default publicSearch

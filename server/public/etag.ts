/**
 * Revalidation of the public read API: every successful GET under `/api/v1/public/` carries a
 * strong ETag (SHA-1 of the body, base64url) and `Cache-Control: public, max-age=60` unless the
 * route set its own; a request whose If-None-Match names the current tag gets 304 with no body.
 * Phones re-reading a page cost one small answer and no download.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60'

/** Whether an If-None-Match header names `etag` (a list, weak tags, or `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare)
}

export function registerPublicEtag(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200 || !req.url.startsWith('/api/v1/public/')) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    if (String(reply.getHeader('cache-control') ?? '').includes('no-store')) return payload
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`
    reply.header('etag', etag)
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    if (!matchesEtag(req.headers['if-none-match'], etag)) return payload
    reply.code(304)
    reply.removeHeader('content-length')
    reply.removeHeader('content-type')
    return null
  })
}

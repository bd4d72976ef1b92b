/**
 * ETags for small read-only answers (the mobile API): a weak tag of the answer's JSON; a request
 * whose If-None-Match holds it gets 304 without a body. `volatileKeys` are keys (dotted paths) left out
 * of the tag (e.g. `asOf`, the read time), so an unchanged screen answers 304.
 */
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'

/** The 304 answer documented on routes that use `withEtag`. */
export const NotModified = Type.Null({ description: 'Not modified (If-None-Match matched the ETag)' })

export function etagOf(body: unknown, volatileKeys: readonly string[] = []): string {
  return `W/"${createHash('sha256').update(JSON.stringify(withoutKeys(body, volatileKeys))).digest('base64url').slice(0, 27)}"`
}

/** `body` without the (dotted, e.g. `why.evaluatedAt`) keys; the input is not changed. */
function withoutKeys(body: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body
  const top = new Set(keys.filter((k) => !k.includes('.')))
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !top.has(k)).map(([k, v]) => {
    const nested = keys.filter((x) => x.startsWith(`${k}.`)).map((x) => x.slice(k.length + 1))
    return [k, withoutKeys(v, nested)]
  }))
}

/** True when the request's If-None-Match lists `tag` (or `*`). */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false
  const bare = tag.replace(/^W\//, '')
  return header.split(',').map((s) => s.trim().replace(/^W\//, '')).some((t) => t === bare || t === '*')
}

/**
 * Sets ETag and a private no-cache policy; answers 304 without a body when the client has it.
 * The handler returns what this returns: `return withEtag(req, reply, body)`.
 */
export function withEtag<T>(req: FastifyRequest, reply: FastifyReply, body: T, volatileKeys: readonly string[] = []): T | FastifyReply {
  const tag = etagOf(body, volatileKeys)
  reply.header('etag', tag).header('cache-control', 'private, no-cache').header('vary', 'cookie')
  if (matchesIfNoneMatch(req.headers['if-none-match'], tag)) {
    return reply.code(304).send()
  }
  return body
}

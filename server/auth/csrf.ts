/**
 * CSRF protection for cookie sessions:
 *
 *   * every unsafe request (POST, PUT, PATCH, DELETE) authenticated by the session cookie must carry
 *     the session's CSRF token in `x-csrf-token` (synchroniser token; the page reads it from the
 *     `sv_csrf` cookie or from the login / `me` response). A cross-site form or fetch cannot read it.
 *   * unsafe requests to public routes (login) must not come from a foreign Origin (login CSRF);
 *     requests without an Origin header (curl, server-to-server) pass.
 *   * requests authenticated by an API key are exempt: browsers do not send API keys by themselves.
 *
 * The session cookie is also SameSite=Lax, which already stops cross-site POSTs in current browsers.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'

export const CSRF_HEADER = 'x-csrf-token'
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export const isUnsafeMethod = (method: string): boolean => !SAFE.has(method.toUpperCase())

/** Whether the request carries the session's CSRF token. */
export function csrfTokenMatches(req: FastifyRequest, expected: string): boolean {
  // x-xsrf-token: the same token, as axios echoes a cookie named XSRF-TOKEN (bull-board's page at
  // /admin/queues, server/routes/admin-queue-board.ts); a cross-site page can set neither header
  const given = req.headers[CSRF_HEADER] ?? req.headers['x-xsrf-token']
  if (typeof given !== 'string' || given.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}

/**
 * Whether the request's Origin (if any) is this site itself or one of the allowed origins.
 * `Origin: null` (sandboxed frames, opaque redirects) is refused.
 */
export function originAllowed(req: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (allowed.includes(origin)) return true
  return origin === `${req.protocol}://${req.host}`
}

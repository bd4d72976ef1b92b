/**
 * Rate limits (@fastify/rate-limit's counters, applied by the policy hook once the caller is known):
 *
 *   * a valid source API key: its own bucket, `keyMax` per window (high: batched ingest at 10,000
 *     events/s is about 10–100 requests/s per key);
 *   * a logged-in user: their own bucket, `userMax`;
 *   * everything else (anonymous, failed authentication, unknown routes): the client IP, `ipMax`;
 *   * logins, in addition: `loginMax` per IP (on top of the per-account lockout).
 *
 * Counters live in process memory, or in Redis (`redis: true`) to be shared by all instances;
 * when Redis is unreachable, requests pass (skipOnError) — ingest must never wait on Redis.
 */
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RateLimitConfig } from '../../config.ts'
import { AppError } from '../../errors.ts'

export interface Limits {
  /** Counts the request in its bucket; throws RATE_LIMITED (429) beyond the limit. */
  check(req: FastifyRequest, reply: FastifyReply): Promise<void>
  /** Counts a login attempt for the client IP; throws RATE_LIMITED beyond `loginMax`. */
  login(req: FastifyRequest, reply: FastifyReply): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    limits: Limits
  }
}

/** The bucket a request counts in. */
export function bucketOf(req: FastifyRequest): string {
  if (req.source) return `key:${req.source.keyId}`
  if (req.user) return `user:${req.user.userId}`
  return `ip:${req.ip}`
}

type Checker = (req: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>

async function enforce(checker: Checker, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const r = await checker(req)
  // `isAllowed` is true only for allow-listed keys; otherwise the request was counted and the
  // verdict is `isExceeded`
  if (!r.isAllowed && r.isExceeded) {
    reply.header('retry-after', String(r.ttlInSeconds))
    throw new AppError('RATE_LIMITED', `retry after ${r.ttlInSeconds} s`)
  }
}

export default fp<{ config: RateLimitConfig }>(
  async (app, { config: c }) => {
    if (!c.enabled) {
      app.decorate('limits', { check: async () => {}, login: async () => {} })
      return
    }
    await app.register(rateLimit, {
      global: false,
      timeWindow: c.windowMs,
      skipOnError: true,
      ...(c.redis ? { redis: app.queues.redis, nameSpace: 'sv-rl:' } : {}),
    })
    const general = app.createRateLimit({
      timeWindow: c.windowMs,
      keyGenerator: bucketOf,
      max: (_req, key) => (key.startsWith('key:') ? c.keyMax : key.startsWith('user:') ? c.userMax : c.ipMax),
    }) as Checker
    const login = app.createRateLimit({ timeWindow: c.windowMs, keyGenerator: (req) => `login:${req.ip}`, max: c.loginMax }) as Checker
    app.decorate('limits', {
      check: (req, reply) => enforce(general, req, reply),
      login: (req, reply) => enforce(login, req, reply),
    })
  },
  { name: 'rate-limits' },
)

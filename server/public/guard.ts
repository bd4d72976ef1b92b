/**
 * The public site's write guard: a self-hosted proof-of-work challenge (ALTCHA, SHA-256, signed
 * with an HMAC key, expiring) that each write must carry solved, used once (the payload's
 * signature is remembered in Redis until it expires), and per-IP rate limits on writes — on top of
 * the general per-IP limit of the policy plugin.
 *
 * The HMAC key comes from PUBLIC_CHALLENGE_SECRET; without it each process draws its own (shared by
 * the process's guards), which
 * is fine for one instance (several instances behind a balancer must share the variable).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createChallenge, verifySolution } from 'altcha-lib/v1'
import type { PublicChallenge } from '../../domain/contracts/api/public.ts'
import { AppError } from '../errors.ts'

/** What is counted per IP and hour: filings, ratings, case lookups (guessing query codes). */
export type WriteKind = 'complaint' | 'rate' | 'lookup'
const PER_HOUR: Record<WriteKind, number> = { complaint: 5, rate: 10, lookup: 30 }

export interface GuardOptions {
  /** HMAC key of the challenges. @default PUBLIC_CHALLENGE_SECRET, else random per process */
  secret?: string
  /** Upper bound of the secret number: the work is about half of it in SHA-256 hashes. @default 50_000 */
  maxNumber?: number
  /** How long a challenge may be solved and used. @default 10 minutes */
  ttlSeconds?: number
  /** Requests per IP per hour, by kind. @default complaint 5, rate 10, lookup 30 */
  perHour?: Partial<Record<WriteKind, number>>
}

export interface PublicGuard {
  challenge(): Promise<PublicChallenge>
  /** Throws CHALLENGE_FAILED unless `payload` solves a challenge of ours not used before. */
  verify(payload: string): Promise<void>
  /** Counts a write of `kind` for the client IP; throws RATE_LIMITED beyond the hourly limit. */
  limit(req: FastifyRequest, kind: WriteKind): Promise<void>
  /** Throws RATE_LIMITED when the client IP has used up its hourly `kind` already (counts nothing): before a large body is read. */
  spent(req: FastifyRequest, kind: WriteKind): Promise<void>
  /**
   * The preamble of every public write, in this order: counts it for the client IP (`limit`:
   * RATE_LIMITED past the hourly limit), runs the route's own `check` (what must not cost the
   * citizen a new challenge: a wrong file, an answer not given yet), then spends the solved
   * challenge `altcha` (`verify`: CHALLENGE_FAILED). `altcha` null: the write carries none (the
   * case lookup is only counted). Answers what `check` answered.
   */
  admit<T = void>(req: FastifyRequest, kind: WriteKind, altcha: string | null, check?: () => T | Promise<T>): Promise<T>
}

/** Without PUBLIC_CHALLENGE_SECRET: one key per process, shared by every guard in it (a challenge from
 * GET /api/v1/public/challenge solves for any of the site's writes). */
const PROCESS_SECRET = randomBytes(32).toString('hex')

export function createGuard(app: FastifyInstance, prefix: string, opts: GuardOptions = {}): PublicGuard {
  const secret = opts.secret ?? process.env.PUBLIC_CHALLENGE_SECRET ?? PROCESS_SECRET
  const maxNumber = opts.maxNumber ?? 50_000
  const ttl = opts.ttlSeconds ?? 600
  const perHour = { ...PER_HOUR, ...opts.perHour }
  const redis = app.queues.redis
  const limitKey = (req: FastifyRequest, kind: WriteKind) => `${prefix}:public:rl:${kind}:${Math.floor(Date.now() / 3_600_000)}:${req.ip}`

  const guard: PublicGuard = {
    async challenge() {
      const c = await createChallenge({ hmacKey: secret, maxNumber, expires: new Date(Date.now() + ttl * 1000) })
      return { algorithm: c.algorithm, challenge: c.challenge, maxnumber: c.maxnumber ?? maxNumber, salt: c.salt, signature: c.signature }
    },
    async verify(payload) {
      let ok = false
      let signature = ''
      try {
        const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: unknown }
        signature = typeof decoded.signature === 'string' ? decoded.signature : ''
        ok = signature !== '' && (await verifySolution(payload, secret, true))
      } catch {
        ok = false
      }
      if (!ok) throw new AppError('CHALLENGE_FAILED')
      const key = `${prefix}:public:altcha:${createHash('sha256').update(signature).digest('hex')}`
      let fresh: string | null
      try {
        fresh = await redis.set(key, '1', 'EX', ttl + 60, 'NX')
      } catch {
        throw new AppError('UNAVAILABLE', 'challenge store')
      }
      if (fresh !== 'OK') throw new AppError('CHALLENGE_FAILED', 'used already')
    },
    async spent(req, kind) {
      let n: number
      try {
        n = Number((await redis.get(limitKey(req, kind))) ?? 0)
      } catch {
        return
      }
      if (n >= perHour[kind]) throw new AppError('RATE_LIMITED', `at most ${perHour[kind]} per hour`)
    },
    async limit(req, kind) {
      const key = limitKey(req, kind)
      let n: number
      try {
        n = await redis.incr(key)
        if (n === 1) await redis.expire(key, 3600)
      } catch {
        return // like the general limits: when Redis is unreachable, requests pass
      }
      if (n > perHour[kind]) throw new AppError('RATE_LIMITED', `at most ${perHour[kind]} per hour`)
    },
    async admit<T>(req: FastifyRequest, kind: WriteKind, altcha: string | null, check?: () => T | Promise<T>): Promise<T> {
      await guard.limit(req, kind)
      const checked = check ? await check() : (undefined as T)
      if (altcha !== null) await guard.verify(altcha)
      return checked
    },
  }
  return guard
}

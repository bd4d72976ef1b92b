/**
 * The public routes' two preambles without a database or Redis (fakes answer): `guard.admit` counts
 * the write, runs the route's own check, and only then spends the challenge — a refused check
 * costs no challenge, a write past the hourly limit runs no check; `publicJurisdiction` answers the
 * asked jurisdiction or the default, 404 without one, and sets Cache-Control only once it is known.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { solveChallenge } from 'altcha-lib/v1'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { createGuard } from './guard.ts'
import { publicJurisdiction } from './jurisdiction.ts'

function fakeRedis() {
  const m = new Map<string, string>()
  return {
    m,
    async get(k: string) {
      return m.get(k) ?? null
    },
    async incr(k: string) {
      const n = Number(m.get(k) ?? 0) + 1
      m.set(k, String(n))
      return n
    },
    async expire() {
      return 1
    },
    async set(k: string, v: string, ..._opts: unknown[]) {
      if (m.has(k)) return null
      m.set(k, v)
      return 'OK'
    },
  }
}

const req = { ip: '203.0.113.7' } as FastifyRequest

async function solved(guard: ReturnType<typeof createGuard>): Promise<string> {
  const c = await guard.challenge()
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s!.number, salt: c.salt, signature: c.signature })).toString('base64')
}

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)))

describe('guard.admit', () => {
  it('counts, checks, then spends the challenge: a refused check leaves the challenge usable', async () => {
    const redis = fakeRedis()
    const guard = createGuard({ queues: { redis } } as unknown as FastifyInstance, 't', { secret: 'k', maxNumber: 200, perHour: { rate: 3 } })
    const altcha = await solved(guard)
    const steps: string[] = []
    const refused = guard.admit(req, 'rate', altcha, () => {
      steps.push('check')
      throw new AppError('RATING_NOT_ALLOWED')
    })
    expect(await codeOf(refused)).toBe('RATING_NOT_ALLOWED')
    // the same challenge still works, and the check's answer is the result
    expect(await guard.admit(req, 'rate', altcha, async () => (steps.push('check'), 42))).toBe(42)
    expect(steps).toEqual(['check', 'check'])
    // now it is spent
    expect(await codeOf(guard.admit(req, 'rate', altcha))).toBe('CHALLENGE_FAILED')
    // three counted so far; the fourth is past the limit and runs no check
    expect(await codeOf(guard.admit(req, 'rate', await solved(guard), () => steps.push('late')))).toBe('RATE_LIMITED')
    expect(steps).toEqual(['check', 'check'])
  })

  it('without a challenge (the case lookup) it only counts', async () => {
    const redis = fakeRedis()
    const guard = createGuard({ queues: { redis } } as unknown as FastifyInstance, 't', { secret: 'k', perHour: { lookup: 2 } })
    await guard.admit(req, 'lookup', null)
    await guard.admit(req, 'lookup', null)
    expect(await codeOf(guard.admit(req, 'lookup', null))).toBe('RATE_LIMITED')
    expect([...redis.m.keys()].every((k) => k.startsWith('t:public:rl:lookup:'))).toBe(true)
  })
})

describe('publicJurisdiction', () => {
  const app = (code: string | null) => ({ pg: { query: async () => ({ rows: code === null ? [] : [{ code }] }) } }) as unknown as FastifyInstance
  const fakeReply = () => {
    const headers: Record<string, string> = {}
    return { headers, reply: { header: (k: string, v: string) => ((headers[k] = v), undefined) } as unknown as FastifyReply }
  }

  it('answers the asked jurisdiction, else the default, and sets the cache header once known', async () => {
    const r = fakeReply()
    expect(await publicJurisdiction(app('440204'), { jurisdiction: '440203' }, { reply: r.reply, control: 'public, max-age=30' })).toBe('440203')
    expect(r.headers).toEqual({ 'cache-control': 'public, max-age=30' })
    expect(await publicJurisdiction(app('440204'), {})).toBe('440204')
  })

  it('is a 404 without any jurisdiction, and then leaves the headers alone', async () => {
    const r = fakeReply()
    const e = await publicJurisdiction(app(null), {}, { reply: r.reply, control: 'public, max-age=60' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('NOT_FOUND')
    expect(r.headers).toEqual({})
  })
})

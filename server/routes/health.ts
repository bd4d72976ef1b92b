import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { errorBody } from '../../domain/errors.ts'
import type { MetricsAccess } from '../config.ts'
import { metricsAuthorized } from '../metrics-listener.ts'

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms))])

/**
 * Liveness, readiness and Prometheus metrics. /metrics is public unless `metrics.token` is set
 * (then a bearer token is required), and is not served here at all when `metrics.listen` moves it
 * to a listener of its own (server/metrics-listener.ts). Readiness also says whether the deployment
 * serves simulated data (`SIMULATED_DATA`), so that every page can mark it (模拟数据).
 */
const health: FastifyPluginAsyncTypebox<{ metrics?: MetricsAccess; simulatedData?: boolean }> = async (app, opts) => {
  const access: MetricsAccess = opts.metrics ?? { token: null, listen: null }
  const simulatedData = opts.simulatedData ?? false
  app.get(
    '/healthz',
    { config: { policy: 'public' }, schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['ops'],
        summary: 'Readiness: PostgreSQL and Redis reachable',
        response: {
          200: Type.Object({ status: Type.String(), postgres: Type.String(), redis: Type.String(), simulatedData: Type.Boolean() }),
          503: Type.Object({ status: Type.String(), postgres: Type.String(), redis: Type.String(), simulatedData: Type.Boolean() }),
        },
      },
    },
    async (_req, reply) => {
      const [pgState, redisState] = await Promise.all([
        withTimeout(app.pg.query('SELECT 1'), 1000).then(() => 'up', () => 'down'),
        withTimeout(app.queues.redis.ping(), 1000).then(() => 'up', () => 'down'),
      ])
      const ok = pgState === 'up' && redisState === 'up'
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', postgres: pgState, redis: redisState, simulatedData })
    },
  )

  if (access.listen) return
  app.get(
    '/metrics',
    {
      // The route is public to the session policy; the optional bearer token is checked here.
      config: { policy: 'public' },
      schema: { tags: ['ops'], summary: 'Prometheus metrics (a bearer token when METRICS_TOKEN is set)', hide: false, response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: Type.String() } } }, 401: Type.Object({ code: Type.String(), message: Type.String(), messageEn: Type.String(), detail: Type.Optional(Type.String()) }, { description: 'METRICS_TOKEN is set and the bearer token is missing or wrong' }) } },
    },
    async (req, reply) => {
      if (!metricsAuthorized(req.headers.authorization, access.token)) {
        return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send(errorBody('UNAUTHENTICATED'))
      }
      const text = await app.metrics.registry.metrics()
      return reply.type(app.metrics.registry.contentType).send(text)
    },
  )
}

export default health

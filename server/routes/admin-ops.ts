/**
 * Operations for administrators: the BullMQ queues' job counts (the audit chain check is
 * admin-audit.ts, readiness is /readyz).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Queue } from 'bullmq'
import { QUEUES } from '../../domain/queues.ts'
import { QueueStatus } from '../../domain/contracts/api/admin.ts'
import { AppError } from '../errors.ts'
import { ErrorResponse } from '../schemas.ts'

const ADMIN = ['admin'] as const
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const

const adminOps: FastifyPluginAsyncTypebox<{ queuePrefix: string }> = async (app, opts) => {
  // read-only handles on the same connection as the producers (a Queue never takes jobs)
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection: app.queues.redis, prefix: opts.queuePrefix }))
  for (const q of queues) q.on('error', (err) => app.log.warn({ err: err.message }, 'queue error'))
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close().catch(() => {})))
  })

  app.get(
    '/api/v1/admin/queues',
    {
      config: { policy: ADMIN },
      schema: { tags: ['admin'], summary: 'Job counts of every BullMQ queue', response: { 200: QueueStatus, '4xx': ErrorResponse, 503: ErrorResponse } },
    },
    async () => {
      if (app.queues.redis.status !== 'ready') throw new AppError('UNAVAILABLE', 'redis')
      const counts = await Promise.all(queues.map((q) => q.getJobCounts(...STATES)))
      return {
        redis: app.queues.redis.status,
        queues: queues.map((q, i) => {
          const c = counts[i]!
          return { name: q.name, waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0, prioritized: c.prioritized ?? 0 }
        }),
      }
    },
  )
}

export default adminOps

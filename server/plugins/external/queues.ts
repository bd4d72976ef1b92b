import fp from 'fastify-plugin'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { QUEUES, type ProjectJob } from '../../../domain/queues.ts'

export interface Queues {
  redis: Redis
  project: Queue<ProjectJob>
  /**
   * Enqueues projection of the given subjects. Resolves false instead of waiting when Redis is
   * unreachable: the events are already committed and the recovery sweep will find them.
   */
  enqueueProjection(job: ProjectJob): Promise<boolean>
}

declare module 'fastify' {
  interface FastifyInstance {
    queues: Queues
  }
}

export default fp<{ redisUrl: string; prefix: string; enqueueTimeoutMs: number }>(
  async (app, opts) => {
    // Fail fast when disconnected (no offline queue): ingest must never hang on Redis.
    const redis = new Redis(opts.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    })
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis error'))
    const project = new Queue<ProjectJob>(QUEUES.project, { connection: redis, prefix: opts.prefix })
    project.on('error', (err) => app.log.warn({ err: err.message }, 'queue error'))

    const enqueueProjection = async (job: ProjectJob): Promise<boolean> => {
      if (redis.status !== 'ready') return false
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), opts.enqueueTimeoutMs)
      })
      {
        const added = project
          .add('project', job, { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 500 } })
          .then(
            () => true,
            (err: unknown) => {
              app.log.warn({ err: (err as Error).message }, 'enqueue failed; recovery sweep will project')
              return false
            },
          )
        const ok = await Promise.race([added, timeout])
        clearTimeout(timer)
        return ok
      }
    }

    app.decorate('queues', { redis, project, enqueueProjection })
    app.addHook('onClose', async () => {
      await project.close().catch(() => {})
      redis.disconnect()
    })
  },
  { name: 'queues' },
)

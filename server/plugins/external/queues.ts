import fp from 'fastify-plugin'
import { Queue } from 'bullmq'
import { connectRedis, type RedisClient } from '../../../infra/redis.ts'
import { QUEUES, type MaintenanceJobName, type ProjectJob } from '../../../domain/queues.ts'

export interface Queues {
  /** One Redis or a Redis Cluster (infra/redis.ts). */
  redis: RedisClient
  project: Queue<ProjectJob>
  /**
   * Enqueues projection of the given subjects. Resolves false instead of waiting when Redis is
   * unreachable: the events are already committed and the recovery sweep will find them.
   */
  enqueueProjection(job: ProjectJob): Promise<boolean>
  /** Enqueues a maintenance job (e.g. a deadline recompute after a calendar change); false when Redis is down. */
  enqueueMaintenance(name: MaintenanceJobName, data: Record<string, unknown>): Promise<boolean>
}

declare module 'fastify' {
  interface FastifyInstance {
    queues: Queues
  }
}

export default fp<{ redisUrl: string; prefix: string; enqueueTimeoutMs: number }>(
  async (app, opts) => {
    // Fail fast when disconnected (no offline queue): ingest must never hang on Redis.
    const redis = connectRedis(opts.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    })
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis error'))
    const project = new Queue<ProjectJob>(QUEUES.project, { connection: redis, prefix: opts.prefix })
    project.on('error', (err) => app.log.warn({ err: err.message }, 'queue error'))
    const maintenance = new Queue(QUEUES.maintenance, { connection: redis, prefix: opts.prefix })
    maintenance.on('error', (err) => app.log.warn({ err: err.message }, 'queue error'))

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

    const enqueueMaintenance = async (name: MaintenanceJobName, data: Record<string, unknown>): Promise<boolean> => {
      if (redis.status !== 'ready') return false
      return maintenance.add(name, data, { removeOnComplete: 100, removeOnFail: 500, attempts: 3, backoff: { type: 'exponential', delay: 1000 } }).then(
        () => true,
        (err: unknown) => {
          app.log.warn({ err: (err as Error).message }, 'maintenance enqueue failed')
          return false
        },
      )
    }

    app.decorate('queues', { redis, project, enqueueProjection, enqueueMaintenance })
    app.addHook('onClose', async () => {
      await project.close().catch(() => {})
      await maintenance.close().catch(() => {})
      redis.disconnect()
    })
  },
  { name: 'queues' },
)

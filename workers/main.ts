/**
 * The worker process: BullMQ consumers for projection and maintenance. Several can run on any
 * machines; they meet the server only in PostgreSQL and Redis. Closes cleanly on SIGTERM.
 */
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import { QUEUES, type MaintenanceJobName, type ProjectJob } from '../domain/queues.ts'
import { processProjectJob } from './project.ts'
import { compactStatCounts, ensurePartitions, findUnprojected, refreshRollups } from './maintenance.ts'
import { createContextProvider } from '../sql/clockContext.ts'
import { sweepLevels } from './sweep.ts'
import { processRecomputeJob, type RecomputeJob } from './recompute.ts'
import { compactWallOpenCounts } from '../sql/wall.ts'
import { startWallPublisher, type WallPublisherOptions } from './publish.ts'
import { sweepOrders } from './sweep-orders.ts'
import { createChannels, deliverDue, type NotifyOptions } from './notify.ts'
import { notifyOptionsFromEnv } from './notify/config.ts'
import { createEmitter } from './emit.ts'

export interface WorkerOptions {
  databaseUrl: string
  redisUrl: string
  prefix?: string
  concurrency?: number
  recoveryEveryMs?: number
  recoveryMinAgeMs?: number
  rollupEveryMs?: number
  sweepEveryMs?: number
  /** Zone whose midnight triggers an extra sweep. @default 'Asia/Shanghai' */
  zone?: string
  log?: (msg: string) => void
  /** The wall's publisher (workers/publish.ts); `false` to run without it. */
  wall?: Pick<WallPublisherOptions, 'jurisdictionCode' | 'minIntervalMs' | 'recheckMs' | 'slowPanelsMs' | 'read'> | false
  /** Notification channels, quiet hours, retries (workers/notify/config.ts). @default no e-mail / SMS channel */
  notify?: NotifyOptions
}

export interface RunningWorkers {
  close(): Promise<void>
}

/** Starts the consumers and the repeatable maintenance schedule. */
export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const log = opts.log ?? ((m: string) => process.stdout.write(`${m}\n`))
  const prefix = opts.prefix ?? 'sv'
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: (opts.concurrency ?? 4) + 2 })
  pool.on('error', (err) => log(`pg idle error: ${err.message}`))
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null })
  connection.on('error', (err) => log(`redis error: ${err.message}`))
  const projectQueue = new Queue<ProjectJob>(QUEUES.project, { connection, prefix })
  const maintenanceQueue = new Queue(QUEUES.maintenance, { connection, prefix })

  const recoveryMinAgeMs = opts.recoveryMinAgeMs ?? 10_000
  const context = createContextProvider(pool)
  const project = new Worker<ProjectJob>(QUEUES.project, async (job) => processProjectJob(pool, job.data, { context }), {
    connection,
    prefix,
    concurrency: opts.concurrency ?? 4,
  })
  project.on('failed', (job, err) => log(`project job ${job?.id} failed: ${err.message}`))
  project.on('error', (err) => log(`project worker error: ${err.message}`))

  const maintenance = new Worker(
    QUEUES.maintenance,
    async (job) => {
      switch (job.name as MaintenanceJobName) {
        case 'recover': {
          const jobs = await findUnprojected(pool, { nowMs: Date.now(), minAgeMs: (job.data as { minAgeMs?: number }).minAgeMs ?? recoveryMinAgeMs })
          if (jobs.length > 0) {
            await projectQueue.addBulk(jobs.map((data) => ({ name: 'project', data, opts: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 500 } } })))
            log(`recovery: re-enqueued ${jobs.reduce((n, j) => n + j.cases.length + j.petitions.length, 0)} subjects`)
          }
          return { jobs: jobs.length }
        }
        case 'partitions':
          return { created: await ensurePartitions(pool) }
        case 'sweep': {
          const now = Date.now()
          const levels = await sweepLevels(pool, now)
          return { ...levels, orders: await sweepOrders(pool, now) }
        }
        case 'recompute': {
          // a calendar, scheme or limit change: drop the projection's cached context first
          context.invalidate()
          const results = await processRecomputeJob(pool, job.data as RecomputeJob)
          context.invalidate()
          return results
        }
        case 'rollups':
          await refreshRollups(pool)
          // the wall's open case and petition counts, should no publisher run (it folds them every second)
          return { refreshed: true, wallCountsFolded: await compactWallOpenCounts(pool), statCountsFolded: await compactStatCounts(pool) }
        default:
          throw new Error(`unknown maintenance job ${job.name}`)
      }
    },
    { connection, prefix, concurrency: 1 },
  )
  maintenance.on('failed', (job, err) => log(`maintenance job ${job?.name} failed: ${err.message}`))
  maintenance.on('error', (err) => log(`maintenance worker error: ${err.message}`))
  projectQueue.on('error', (err) => log(`queue error: ${err.message}`))

  // notifications: the outbox, every `notify.everyMs`
  const notifyOpts = opts.notify ?? {}
  const channels = createChannels(notifyOpts, createEmitter(connection, prefix))
  const notifyQueue = new Queue(QUEUES.notify, { connection, prefix })
  notifyQueue.on('error', (err) => log(`queue error: ${err.message}`))
  const notify = new Worker(QUEUES.notify, async () => deliverDue(pool, channels, notifyOpts, (notifyOpts.now ?? Date.now)(), log), { connection, prefix, concurrency: 1 })
  notify.on('failed', (job, err) => log(`notify job ${job?.id} failed: ${err.message}`))
  notify.on('error', (err) => log(`notify worker error: ${err.message}`))
  await notifyQueue.upsertJobScheduler('deliver', { every: notifyOpts.everyMs ?? 1_000 }, { name: 'deliver', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } })
  maintenanceQueue.on('error', (err) => log(`queue error: ${err.message}`))

  await maintenanceQueue.upsertJobScheduler('recover', { every: opts.recoveryEveryMs ?? 30_000 }, { name: 'recover', data: {} })
  await maintenanceQueue.upsertJobScheduler('sweep', { every: opts.sweepEveryMs ?? 15_000 }, { name: 'sweep', data: {} })
  // Right after each local midnight, when a day's thresholds take effect.
  await maintenanceQueue.upsertJobScheduler('sweep-midnight', { pattern: '5 0 0 * * *', tz: opts.zone ?? 'Asia/Shanghai' }, { name: 'sweep', data: {} })
  await maintenanceQueue.upsertJobScheduler('partitions', { every: 3_600_000 }, { name: 'partitions', data: {} })
  await maintenanceQueue.upsertJobScheduler('rollups', { every: opts.rollupEveryMs ?? 60_000 }, { name: 'rollups', data: {} })
  // At start-up: project whatever a previous run left behind, regardless of age.
  await maintenanceQueue.add('recover', { minAgeMs: 0 }, { removeOnComplete: true, removeOnFail: 100 })
  await maintenanceQueue.add('partitions', {}, { removeOnComplete: true, removeOnFail: 100 })

  const wallRedis = opts.wall === false ? null : connection.duplicate()
  wallRedis?.on('error', (err) => log(`wall redis error: ${err.message}`))
  const wall = wallRedis && opts.wall !== false ? await startWallPublisher({ ...(opts.wall ?? {}), pool, databaseUrl: opts.databaseUrl, redis: wallRedis, prefix, log }) : null

  let closed = false
  return {
    async close() {
      if (closed) return
      closed = true
      await wall?.close()
      if (wallRedis) {
        // QUIT after the emitter's pending PUBLISHes are answered; cut off after 1 s if Redis is gone
        let t: NodeJS.Timeout | undefined
        await Promise.race([wallRedis.quit().catch(() => 'closed'), new Promise((r) => (t = setTimeout(r, 1000)))])
        clearTimeout(t)
        wallRedis.disconnect()
      }
      await Promise.all([project.close(), maintenance.close(), notify.close()])
      await Promise.all([projectQueue.close(), maintenanceQueue.close(), notifyQueue.close()])
      channels.close()
      connection.disconnect()
      await pool.end()
    },
  }
}

/** `WALL_JURISDICTION`, `WALL_MIN_INTERVAL_MS`, `WALL_RECHECK_MS`, `WALL_SLOW_PANELS_MS`, `WALL_RANKING_MIN_CONCLUDED`; `WALL_PUBLISH=off` disables it. */
export function wallOptionsFromEnv(env: NodeJS.ProcessEnv): WorkerOptions['wall'] {
  if (/^(0|false|off|no)$/i.test(env.WALL_PUBLISH ?? '')) return false
  return {
    jurisdictionCode: env.WALL_JURISDICTION || null,
    ...(env.WALL_MIN_INTERVAL_MS ? { minIntervalMs: Number(env.WALL_MIN_INTERVAL_MS) } : {}),
    ...(env.WALL_RECHECK_MS ? { recheckMs: Number(env.WALL_RECHECK_MS) } : {}),
    ...(env.WALL_SLOW_PANELS_MS ? { slowPanelsMs: Number(env.WALL_SLOW_PANELS_MS) } : {}),
    ...(env.WALL_RANKING_MIN_CONCLUDED ? { read: { rankingMinConcluded: Number(env.WALL_RANKING_MIN_CONCLUDED) } } : {}),
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
if (isMain) {
  const { DATABASE_URL, REDIS_URL } = process.env
  if (!DATABASE_URL || !REDIS_URL) {
    process.stderr.write('DATABASE_URL and REDIS_URL must be set / 须设置 DATABASE_URL 与 REDIS_URL\n')
    process.exit(2)
  }
  const running = await startWorkers({
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    prefix: process.env.QUEUE_PREFIX ?? 'sv',
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
    ...(process.env.ROLLUP_EVERY_MS ? { rollupEveryMs: Number(process.env.ROLLUP_EVERY_MS) } : {}),
    wall: wallOptionsFromEnv(process.env),
    notify: notifyOptionsFromEnv(process.env),
    log: (m) => process.stdout.write(`[worker] ${m}\n`),
  })
  process.stdout.write('[worker] started\n')
  const stop = async (signal: string) => {
    process.stdout.write(`[worker] ${signal}: closing\n`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await running.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * The worker process: BullMQ consumers for projection and maintenance. Several can run on any
 * machines; they meet the server only in PostgreSQL and Redis. Closes cleanly on SIGTERM.
 */
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { Queue, Worker } from 'bullmq'
import { connectRedis, duplicateRedis, isCluster, isClusterUrl, type RedisClient } from '../infra/redis.ts'
import pg from 'pg'
import { QUEUES, queuePrefixProblem, type ProjectJob, type QueueName } from '../domain/queues.ts'
import { createContextProvider } from '../sql/clockContext.ts'
import { startWallPublisher, type WallPublisherOptions } from './publish.ts'
import { guardConsumers, replaceableConsumer, type Consumer } from './consumers.ts'
import { QUEUE_CONSUMERS, type QueueContext, type QueueScheduleOptions } from './queues.ts'
import { MAINTENANCE_JOBS } from './jobs.ts'
import { createChannels, type NotifyOptions } from './notify.ts'
import { createPushSender } from './notify/push.ts'
import { notifyOptionsFromEnv } from './notify/config.ts'
import { wakeDeliveryOnInsert } from './notify/wake.ts'
import { createEmitter } from './emit.ts'
import { healthListenFromEnv, startHealthServer, type HealthServer, type UpDown, type WorkerReadiness } from './health.ts'
import { createWorkerMetrics } from './metrics.ts'
import { loadMetricsAccess } from '../infra/metricsAccess.ts'
import type { Registry } from 'prom-client'

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
  wall?: Pick<WallPublisherOptions, 'jurisdictionCode' | 'minIntervalMs' | 'recheckMs' | 'slowPanelsMs' | 'slowReadLogMs' | 'read'> | false
  /** Notification channels, quiet hours, retries (workers/notify/config.ts). @default no e-mail / SMS channel */
  notify?: NotifyOptions
  /** Deliver outbox rows as they are inserted (LISTEN `notification_due`, workers/notify/wake.ts); `false`: only the scheduled rounds. @default true */
  notifyWake?: boolean
}

export interface RunningWorkers {
  /** Readiness: PostgreSQL and Redis answer within a second, the BullMQ consumers run. */
  ready(): Promise<WorkerReadiness>
  /** The process's Prometheus metrics (workers/metrics.ts), served on the health port. */
  metrics: Registry
  close(): Promise<void>
}

/** Starts the consumers and the repeatable maintenance schedule. */
export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const log = opts.log ?? ((m: string) => process.stdout.write(`${m}\n`))
  const prefix = opts.prefix ?? 'sv'
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: (opts.concurrency ?? 4) + 2 })
  pool.on('error', (err) => log(`pg idle error: ${err.message}`))
  // a connection lost while checked out (PostgreSQL restarted): the query fails, the process stays up
  pool.on('connect', (client) => client.on('error', () => {}))
  const connection = connectRedis(opts.redisUrl, { maxRetriesPerRequest: null })
  connection.on('error', (err) => log(`redis error: ${err.message}`))

  // the queues and their consumers: workers/queues.ts (one entry per queue), maintenance jobs: workers/jobs.ts
  const names = Object.keys(QUEUE_CONSUMERS) as QueueName[]
  const queues = Object.fromEntries(names.map((name) => [name, new Queue(QUEUES[name], { connection, prefix })])) as Record<QueueName, Queue>
  for (const q of Object.values(queues)) q.on('error', (err) => log(`queue error: ${err.message}`))
  const notifyOpts = opts.notify ?? {}
  const channels = { ...createChannels(notifyOpts, createEmitter(connection, prefix)), push: createPushSender(pool) }
  const ctx: QueueContext = {
    pool, projectQueue: queues.project as Queue<ProjectJob>, context: createContextProvider(pool), recoveryMinAgeMs: opts.recoveryMinAgeMs ?? 10_000, log,
    channels, notify: notifyOpts, concurrency: opts.concurrency ?? 4,
  }
  const metrics = createWorkerMetrics({ pool, queues })
  const consumers = Object.fromEntries(names.map((name) => [name, startConsumer(name, ctx, { connection, prefix, log })])) as Record<QueueName, Consumer>
  for (const name of names) consumers[name].each((w) => metrics.instrumentWorker(w, QUEUES[name]))

  // The repeatable jobs live in Redis. Should Redis come back without its data (run without
  // persistence, flushed, failed over to an empty replica), they would be gone, and nothing would
  // sweep, recover or deliver again until this process restarted (`npm run chaos -- --redis-aof off`
  // showed it). So they are declared at start and again on every reconnection (upserts are
  // idempotent); scheduleMaintenance also queues a recovery pass for projection jobs lost with the data.
  let closed = false
  const timers = await keepScheduled({ connection, queues, consumers, opts, deliverEveryMs: notifyOpts.everyMs ?? 1_000, closed: () => closed, log })
  // …and the recovery pass also runs on a timer of this process: a job scheduler kept in Redis can
  // itself go with a failed-over master's unreplicated writes, and then no recovery ran for the
  // whole 75 s of `cluster:chaos`'s settle window (12 events left unprojected in one CI run; the
  // pass is idempotent, so the two paths running both is harmless)
  timers.push(localRecovery(ctx, opts.recoveryEveryMs ?? 30_000, () => closed))

  // outbox rows inserted: deliver now, not at the next scheduled round (migration 380)
  const notifyWake = opts.notifyWake === false ? null : await wakeDeliveryOnInsert(opts.databaseUrl, queues.notify, log)

  const wallRedis = opts.wall === false ? null : duplicateRedis(connection)
  wallRedis?.on('error', (err) => log(`wall redis error: ${err.message}`))
  const wall = wallRedis && opts.wall !== false ? await startWallPublisher({ ...(opts.wall ?? {}), pool, databaseUrl: opts.databaseUrl, redis: wallRedis, prefix, log, metrics: metrics.wallHooks }) : null

  const probe = (p: Promise<unknown>): Promise<UpDown> => {
    let t: NodeJS.Timeout | undefined
    return Promise.race([p.then(() => 'up' as const), new Promise<UpDown>((r) => (t = setTimeout(() => r('down'), 1000)))])
      .catch(() => 'down' as const)
      .finally(() => clearTimeout(t))
  }
  return {
    metrics: metrics.registry,
    async ready() {
      const [postgres, redis] = await Promise.all([probe(pool.query('SELECT 1')), probe(connection.ping())])
      const running: UpDown = !closed && Object.values(consumers).every((c) => c.isRunning()) ? 'up' : 'down'
      return { postgres, redis, consumers: running }
    },
    async close() {
      if (closed) return
      closed = true
      for (const t of timers) clearInterval(t)
      await wall?.close()
      await notifyWake?.close()
      if (wallRedis) {
        // QUIT after the emitter's pending PUBLISHes are answered; cut off after 1 s if Redis is gone
        let t: NodeJS.Timeout | undefined
        await Promise.race([wallRedis.quit().catch(() => 'closed'), new Promise((r) => (t = setTimeout(r, 1000)))])
        clearTimeout(t)
        wallRedis.disconnect()
      }
      await Promise.all(Object.values(consumers).map((c) => c.close()))
      await Promise.all(Object.values(queues).map((q) => q.close()))
      channels.close()
      connection.disconnect()
      await pool.end()
    },
  }
}

/**
 * Runs the `recover` maintenance job every `everyMs` in this process, whatever Redis holds (one pass
 * at a time), when the projection queue is idle: with jobs waiting or running, old unprojected
 * events are most likely queued behind them, and re-enqueuing them during a backlog would only add
 * work; once the queue is empty, what is still unprojected had its job lost.
 */
function localRecovery(ctx: QueueContext, everyMs: number, closed: () => boolean): NodeJS.Timeout {
  let running = false
  const pass = async () => {
    const counts = await ctx.projectQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
    if (Object.values(counts).some((n) => n > 0)) return
    await MAINTENANCE_JOBS.recover.run(ctx, {})
  }
  const t = setInterval(() => {
    if (running || closed()) return
    running = true
    pass()
      .catch((err: Error) => ctx.log(`local recovery failed: ${err.message}`))
      .finally(() => (running = false))
  }, everyMs)
  t.unref()
  return t
}

/** A queue's consumer (workers/queues.ts), its failures logged. */
function startConsumer(name: QueueName, ctx: QueueContext, o: { connection: RedisClient; prefix: string; log: (m: string) => void }): Consumer {
  const spec = QUEUE_CONSUMERS[name]
  return replaceableConsumer(() => {
    const w = new Worker(QUEUES[name], async (job) => spec.process(ctx, job), { connection: o.connection, prefix: o.prefix, concurrency: spec.concurrency(ctx) })
    w.on('failed', (job, err) => o.log(`${name} job ${spec.label(job)} failed: ${err.message}`))
    w.on('error', (err) => o.log(`${name} worker error: ${err.message}`))
    return w
  })
}

/**
 * Declares the job schedulers of the registry (workers/queues.ts) at start and again on every
 * reconnection; on a Redis Cluster also every 15 s, and replaces a scheduled queue's consumer that
 * stopped fetching (workers/consumers.ts). Returns the timers to clear on close.
 */
async function keepScheduled(a: {
  connection: RedisClient
  queues: Record<QueueName, Queue>
  consumers: Record<QueueName, Consumer>
  opts: WorkerOptions
  deliverEveryMs: number
  closed: () => boolean
  log: (m: string) => void
}): Promise<NodeJS.Timeout[]> {
  const { connection, opts, log } = a
  const o: QueueScheduleOptions = {
    recoveryEveryMs: opts.recoveryEveryMs ?? 30_000,
    sweepEveryMs: opts.sweepEveryMs ?? 15_000,
    rollupEveryMs: opts.rollupEveryMs ?? 60_000,
    zone: opts.zone ?? 'Asia/Shanghai',
    deliverEveryMs: a.deliverEveryMs,
  }
  const scheduled = (Object.keys(QUEUE_CONSUMERS) as QueueName[]).filter((name) => QUEUE_CONSUMERS[name].schedule)
  const schedule = async (atStart: boolean) => {
    for (const name of scheduled) await QUEUE_CONSUMERS[name].schedule!(a.queues[name], o, atStart)
  }
  await schedule(true)
  connection.on('ready', () => {
    if (a.closed()) return
    schedule(true).catch((err: Error) => log(`re-scheduling after reconnection failed: ${err.message}`))
  })
  const redeclare = redeclareOnCluster(connection, async () => {
    if (a.closed()) return
    await schedule(false)
  }, log)
  if (!redeclare) return []
  const guard = guardConsumers(scheduled.map((name) => ({ name, queue: a.queues[name], consumer: a.consumers[name] })), { log })
  return [redeclare, guard]
}

/**
 * On a Redis Cluster a failover can lose the old master's last writes (replication is
 * asynchronous) — among them a job scheduler's next run, and then its chain of runs ends without
 * the connection ever being "ready" again (the other masters stayed up). The fault test on the
 * local cluster showed it: no recovery pass after the kill of a master. So there the schedulers are
 * declared again every 15 s (an upsert adds a missing next run and changes nothing else).
 */
function redeclareOnCluster(connection: RedisClient, redeclare: () => Promise<void>, log: (m: string) => void): NodeJS.Timeout | undefined {
  if (!isCluster(connection)) return undefined
  const timer = setInterval(() => redeclare().catch((err: Error) => log(`re-declaring the job schedulers failed: ${err.message}`)), 15_000)
  timer.unref()
  return timer
}

/** `WALL_JURISDICTION`, `WALL_MIN_INTERVAL_MS`, `WALL_RECHECK_MS`, `WALL_SLOW_PANELS_MS`, `WALL_RANKING_MIN_CONCLUDED`; `WALL_PUBLISH=off` disables it. */
export function wallOptionsFromEnv(env: NodeJS.ProcessEnv): WorkerOptions['wall'] {
  if (/^(0|false|off|no)$/i.test(env.WALL_PUBLISH ?? '')) return false
  return {
    jurisdictionCode: env.WALL_JURISDICTION || null,
    ...(env.WALL_MIN_INTERVAL_MS ? { minIntervalMs: Number(env.WALL_MIN_INTERVAL_MS) } : {}),
    ...(env.WALL_RECHECK_MS ? { recheckMs: Number(env.WALL_RECHECK_MS) } : {}),
    ...(env.WALL_SLOW_PANELS_MS ? { slowPanelsMs: Number(env.WALL_SLOW_PANELS_MS) } : {}),
    ...(env.WALL_SLOW_READ_MS ? { slowReadLogMs: Number(env.WALL_SLOW_READ_MS) } : {}),
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
  const prefixProblem = queuePrefixProblem(process.env.QUEUE_PREFIX ?? 'sv', { cluster: isClusterUrl(REDIS_URL) })
  if (prefixProblem) {
    process.stderr.write(`${prefixProblem}\n`)
    process.exit(2)
  }
  // METRICS_TOKEN as the server reads it (one shorter than 16 characters stops the process here)
  const metricsToken = loadMetricsAccess(process.env).token
  const running = await startWorkers({
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    prefix: process.env.QUEUE_PREFIX ?? 'sv',
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
    ...(process.env.ROLLUP_EVERY_MS ? { rollupEveryMs: Number(process.env.ROLLUP_EVERY_MS) } : {}),
    wall: wallOptionsFromEnv(process.env),
    notify: notifyOptionsFromEnv(process.env),
    notifyWake: !/^(0|false|off|no)$/i.test(process.env.NOTIFY_WAKE ?? ''),
    log: (m) => process.stdout.write(`[worker] ${m}\n`),
  })
  process.stdout.write('[worker] started\n')
  let closing = false
  let health: HealthServer | undefined
  const listen = healthListenFromEnv(process.env)
  const metrics = { registry: running.metrics, token: metricsToken }
  if (listen) {
    try {
      health = await startHealthServer({ ...listen, ready: () => running.ready(), closing: () => closing, metrics })
      process.stdout.write(`[worker] health on http://${listen.host}:${health.port}/healthz, /readyz and /metrics\n`)
    } catch (err) {
      // e.g. a second worker on the same host with the default port: it still works, unprobed
      process.stderr.write(`[worker] WARNING: no health endpoint, ${listen.host}:${listen.port}: ${(err as Error).message} (set WORKER_HEALTH_PORT)\n`)
    }
  }
  const stop = async (signal: string) => {
    if (closing) return
    closing = true
    // BullMQ's close() lets the active jobs finish; a job cut off by the 10 s limit stays in Redis
    // and is picked up again (stalled-job check) by the next worker.
    process.stdout.write(`[worker] ${signal}: closing\n`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await running.close()
    await health?.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

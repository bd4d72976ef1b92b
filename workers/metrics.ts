/**
 * Prometheus metrics of a worker process (served on its health port, workers/health.ts). Names,
 * help, labels and buckets: domain/contracts/metrics.ts, shared with the server, the Grafana
 * dashboard and the alert rules.
 *
 * Fed from the outside of the jobs, so no processor knows about metrics:
 * - BullMQ workers' `completed` / `failed` events (`instrumentWorker`): jobs by queue, name and
 *   outcome, their duration, the projection lag (job queued right after the events' commit →
 *   projected), the sweep's transitions and duration, notification deliveries by channel and
 *   outcome (from the jobs' return values);
 * - read when scraped: queue states and the age of the oldest waiting job per queue, the
 *   notification outbox's depth, the PostgreSQL pool;
 * - the wall publisher's hooks (`wallHooks`): read and emit latency, the version emitted.
 */
import type { Job, Queue, Worker } from 'bullmq'
import type pg from 'pg'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { DEFAULT_METRICS_REMOVED, METRICS, promConfig } from '../domain/contracts/metrics.ts'
import type { DeliveryResult } from './notify.ts'
import type { WallPublisherMetrics } from './publish.ts'

export interface WorkerMetrics {
  registry: Registry
  /** Counts a BullMQ worker's finished jobs (and what their return values say). */
  instrumentWorker(worker: Worker, queue: string): void
  /** Hooks for the wall publisher. */
  wallHooks: WallPublisherMetrics
}

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(t))
}

/** Queue gauges, the outbox depth and the pool, read when Prometheus scrapes. */
function registerScrapeGauges(r: Registry[], pool: pg.Pool, queues: Record<string, Queue>, now: () => number): void {
  new Gauge({
    ...promConfig(METRICS.queueJobs, r),
    async collect() {
      await Promise.all(
        Object.entries(queues).map(async ([name, q]) => {
          try {
            const counts = await within(q.getJobCounts(...QUEUE_STATES), 500)
            for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0)
          } catch {
            for (const state of QUEUE_STATES) this.set({ queue: name, state }, -1)
          }
        }),
      )
    },
  })
  new Gauge({
    ...promConfig(METRICS.queueLag, r),
    async collect() {
      await Promise.all(
        Object.entries(queues).map(async ([name, q]) => {
          try {
            // the oldest waiting job (ascending); delayed jobs (schedules, backoff) are not late
            const [oldest] = await within(q.getJobs(['waiting'], 0, 0, true), 500)
            this.set({ queue: name }, oldest ? Math.max(0, (now() - oldest.timestamp) / 1000) : 0)
          } catch {
            this.set({ queue: name }, -1)
          }
        }),
      )
    },
  })
  new Gauge({
    ...promConfig(METRICS.outboxDepth, r),
    async collect() {
      try {
        const { rows } = await within(pool.query<{ n: string }>("SELECT count(*) AS n FROM notification_outbox WHERE status IN ('pending', 'held', 'sending')"), 1000)
        this.set(Number(rows[0]?.n ?? 0))
      } catch {
        this.set(-1)
      }
    },
  })
  new Gauge({
    ...promConfig(METRICS.dbPool, r),
    collect() {
      this.set({ state: 'total' }, pool.totalCount)
      this.set({ state: 'idle' }, pool.idleCount)
      this.set({ state: 'waiting' }, pool.waitingCount)
    },
  })
}

interface SweepReturn {
  moved?: number
  orders?: { moved?: number }
}

export function createWorkerMetrics(opts: { pool: pg.Pool; queues: Record<string, Queue>; now?: () => number }): WorkerMetrics {
  const now = opts.now ?? Date.now
  const registry = new Registry()
  const r = [registry]
  collectDefaultMetrics({ register: registry })
  for (const name of DEFAULT_METRICS_REMOVED) registry.removeSingleMetric(name)
  registerScrapeGauges(r, opts.pool, opts.queues, now)
  const jobs = new Counter(promConfig(METRICS.jobs, r))
  const jobDuration = new Histogram(promConfig(METRICS.jobDuration, r))
  const projectionLag = new Histogram(promConfig(METRICS.projectionLag, r))
  const projectedEvents = new Counter(promConfig(METRICS.projectedEvents, r))
  const sweepTransitions = new Counter(promConfig(METRICS.sweepTransitions, r))
  const sweepDuration = new Histogram(promConfig(METRICS.sweepDuration, r))
  const notifications = new Counter(promConfig(METRICS.notifications, r))
  const wallRead = new Histogram(promConfig(METRICS.wallRead, r))
  const wallEmit = new Histogram(promConfig(METRICS.wallEmit, r))
  const wallVersion = new Gauge(promConfig(METRICS.wallVersion, r))
  // series present from the start (0), so rate() and the alerts see them before the first event
  for (const kind of ['levels', 'orders']) sweepTransitions.inc({ kind }, 0)

  const finished = (queue: string, job: Job, outcome: 'completed' | 'failed') => {
    jobs.inc({ queue, job: job.name, outcome })
    const seconds = job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : null
    if (seconds !== null) jobDuration.observe({ queue, job: job.name }, seconds)
    if (outcome !== 'completed') return
    const value: unknown = job.returnvalue
    if (queue === 'project') {
      projectionLag.observe(Math.max(0, ((job.finishedOn ?? now()) - job.timestamp) / 1000))
      const read = (value as { eventsRead?: unknown } | null)?.eventsRead
      if (typeof read === 'number') projectedEvents.inc(read)
    } else if (job.name === 'sweep' && value) {
      const s = value as SweepReturn
      sweepTransitions.inc({ kind: 'levels' }, s.moved ?? 0)
      sweepTransitions.inc({ kind: 'orders' }, s.orders?.moved ?? 0)
      if (seconds !== null) sweepDuration.observe(seconds)
    } else if (queue === 'notify' && value) {
      for (const [channel, outcomes] of Object.entries((value as Partial<DeliveryResult>).byChannel ?? {})) {
        for (const [outcome, n] of Object.entries(outcomes)) if (n > 0) notifications.inc({ channel, outcome }, n)
      }
    }
  }

  return {
    registry,
    instrumentWorker(worker, queue) {
      worker.on('completed', (job) => finished(queue, job, 'completed'))
      worker.on('failed', (job) => {
        if (job) finished(queue, job, 'failed')
      })
    },
    wallHooks: {
      read: (seconds) => wallRead.observe(seconds),
      emitted: (seconds, version) => {
        wallEmit.observe(seconds)
        wallVersion.set(version)
      },
    },
  }
}

/**
 * The job registry: every queue the worker consumes, one entry each — its processor, concurrency,
 * whether the guard may replace a consumer that stopped fetching, and its schedules. workers/main.ts
 * creates the queues, consumers, metrics, schedules and readiness from this list and names no queue
 * itself. Adding a queue: its name in `QUEUES` (domain/queues.ts) and one entry here; adding a
 * maintenance job: one entry in workers/jobs.ts.
 */
import type { Job } from 'bullmq'
import type { QueueName } from '../domain/queues.ts'
import { processProjectJob } from './project.ts'
import { runMaintenanceJob, scheduleMaintenance, upsertMaintenanceSchedulers, type JobContext, type ScheduleOptions } from './jobs.ts'
import { deliverDue, type NotifyChannels, type NotifyOptions } from './notify.ts'
import type { ProjectJob } from '../domain/queues.ts'
import type { Queue } from 'bullmq'

/** What the consumers use: the maintenance jobs' context, the notification channels. */
export interface QueueContext extends JobContext {
  channels: NotifyChannels
  notify: NotifyOptions
  /** Projection jobs in parallel per process. */
  concurrency: number
}

/** The schedules' options: the maintenance intervals and the notification delivery interval. */
export interface QueueScheduleOptions extends ScheduleOptions {
  deliverEveryMs: number
}

export interface QueueConsumer {
  concurrency(ctx: QueueContext): number
  process(ctx: QueueContext, job: Job): Promise<unknown>
  /** How a failed job is named in the log. */
  label(job: Job | undefined): string | undefined
  /**
   * Declares the queue's job schedulers (idempotent) — at start, on every reconnection, and on a
   * Redis Cluster every 15 s; `atStart` also queues the start-up runs (not on the 15 s re-declaration).
   * A scheduled queue's consumer is guarded (workers/consumers.ts): replaced when it stops fetching.
   */
  schedule?(queue: Queue, o: QueueScheduleOptions, atStart: boolean): Promise<void>
}

const DELIVER_JOB = { name: 'deliver', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } }

export const QUEUE_CONSUMERS: Record<QueueName, QueueConsumer> = {
  /** Fold the events of an ingest batch's subjects (queued by the server after the commit). */
  project: {
    concurrency: (ctx) => ctx.concurrency,
    process: (ctx, job: Job<ProjectJob>) => processProjectJob(ctx.pool, job.data, { context: ctx.context }),
    label: (job) => job?.id,
  },
  /** Recovery, partitions, sweeps, recomputes, rollups: workers/jobs.ts, one entry per job. */
  maintenance: {
    concurrency: () => 1,
    process: (ctx, job) => runMaintenanceJob(ctx, job.name, job.data),
    label: (job) => job?.name,
    schedule: (queue, o, atStart) => (atStart ? scheduleMaintenance(queue, o) : upsertMaintenanceSchedulers(queue, o)),
  },
  /** Delivers due notification outbox rows, every `notify.everyMs`. */
  notify: {
    concurrency: () => 1,
    process: (ctx) => deliverDue(ctx.pool, ctx.channels, ctx.notify, (ctx.notify.now ?? Date.now)(), ctx.log),
    label: (job) => job?.id,
    schedule: async (queue, o) => {
      await queue.upsertJobScheduler('deliver', { every: o.deliverEveryMs }, DELIVER_JOB)
    },
  },
}

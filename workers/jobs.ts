/**
 * The maintenance queue's jobs, one entry each: what it does and when it runs. Adding a job is one
 * entry here (its name in `MAINTENANCE_JOB_NAMES`, domain/queues.ts); workers/queues.ts consumes the
 * queue and schedules every entry, and never switches on names itself.
 */
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { MaintenanceJobName, ProjectJob } from '../domain/queues.ts'
import type { ContextProvider } from '../sql/clockContext.ts'
import { compactWallOpenCounts } from '../sql/wall.ts'
import { compactStatCounts, ensurePartitions, findUnprojected, refreshRollups } from './maintenance.ts'
import { processRecomputeJob, type RecomputeJob } from './recompute.ts'
import { sweepOrders } from './sweep-orders.ts'
import { sweepLevels } from './sweep.ts'

/** What a job may use. */
export interface JobContext {
  pool: pg.Pool
  projectQueue: Queue<ProjectJob>
  context: ContextProvider
  /** Subjects not projected after this long are re-enqueued by `recover`. */
  recoveryMinAgeMs: number
  log: (msg: string) => void
}

/** When a job runs by itself: every `every` ms or on a cron `pattern` (in `tz`); absent: only when asked. */
export type JobSchedule = { id: string; every: number } | { id: string; pattern: string; tz: string }

export interface MaintenanceJob {
  run(ctx: JobContext, data: unknown): Promise<unknown>
  /** The schedules, given the worker's options (intervals, zone). */
  schedules?(o: ScheduleOptions): JobSchedule[]
  /** Also run once at start-up with this payload. */
  atStart?: Record<string, unknown>
}

export interface ScheduleOptions {
  recoveryEveryMs: number
  sweepEveryMs: number
  rollupEveryMs: number
  /** Zone whose midnight triggers an extra sweep. */
  zone: string
}

const PROJECT_JOB_OPTS = { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 500 } } as const

export const MAINTENANCE_JOBS: Record<MaintenanceJobName, MaintenanceJob> = {
  /** Events committed but never projected (Redis was down after the commit): enqueue them again. */
  recover: {
    async run(ctx, data) {
      const minAgeMs = (data as { minAgeMs?: number } | undefined)?.minAgeMs ?? ctx.recoveryMinAgeMs
      const jobs = await findUnprojected(ctx.pool, { nowMs: Date.now(), minAgeMs })
      if (jobs.length > 0) {
        await ctx.projectQueue.addBulk(jobs.map((data) => ({ name: 'project', data, opts: PROJECT_JOB_OPTS })))
        ctx.log(`recovery: re-enqueued ${jobs.reduce((n, j) => n + j.cases.length + j.petitions.length, 0)} subjects`)
      }
      return { jobs: jobs.length }
    },
    schedules: (o) => [{ id: 'recover', every: o.recoveryEveryMs }],
    // at start-up: project whatever a previous run left behind, regardless of age
    atStart: { minAgeMs: 0 },
  },
  partitions: {
    run: async (ctx) => ({ created: await ensurePartitions(ctx.pool) }),
    schedules: () => [{ id: 'partitions', every: 3_600_000 }],
    atStart: {},
  },
  /** Levels due now (cases, petitions, then supervision orders). */
  sweep: {
    async run(ctx) {
      const now = Date.now()
      const levels = await sweepLevels(ctx.pool, now)
      return { ...levels, orders: await sweepOrders(ctx.pool, now) }
    },
    // and right after each local midnight, when a day's thresholds take effect
    schedules: (o) => [
      { id: 'sweep', every: o.sweepEveryMs },
      { id: 'sweep-midnight', pattern: '5 0 0 * * *', tz: o.zone },
    ],
  },
  /** A calendar, scheme or limit change: recompute the open deadlines (asked for by the server). */
  recompute: {
    async run(ctx, data) {
      // drop the projection's cached context before and after
      ctx.context.invalidate()
      const results = await processRecomputeJob(ctx.pool, data as RecomputeJob)
      ctx.context.invalidate()
      return results
    },
  },
  rollups: {
    async run(ctx) {
      await refreshRollups(ctx.pool)
      // the wall's open case and petition counts, should no publisher run (it folds them every second)
      return { refreshed: true, wallCountsFolded: await compactWallOpenCounts(ctx.pool), statCountsFolded: await compactStatCounts(ctx.pool) }
    },
    schedules: (o) => [{ id: 'rollups', every: o.rollupEveryMs }],
  },
}

/**
 * Declares the job schedulers of the registry (idempotent: an upsert also adds a scheduler's next
 * run when it is missing, e.g. lost in a Redis Cluster failover).
 */
export async function upsertMaintenanceSchedulers(queue: Queue, o: ScheduleOptions): Promise<void> {
  for (const [name, job] of Object.entries(MAINTENANCE_JOBS)) {
    for (const s of job.schedules?.(o) ?? []) {
      await queue.upsertJobScheduler(s.id, 'every' in s ? { every: s.every } : { pattern: s.pattern, tz: s.tz }, { name, data: {} })
    }
  }
}

/** Schedules every job of the registry on the queue and queues the start-up runs. */
export async function scheduleMaintenance(queue: Queue, o: ScheduleOptions): Promise<void> {
  await upsertMaintenanceSchedulers(queue, o)
  for (const [name, job] of Object.entries(MAINTENANCE_JOBS)) {
    if (job.atStart) await queue.add(name, job.atStart, { removeOnComplete: true, removeOnFail: 100 })
  }
}

/** Runs a maintenance job by name (the queue's processor). */
export async function runMaintenanceJob(ctx: JobContext, name: string, data: unknown): Promise<unknown> {
  const job = (MAINTENANCE_JOBS as Record<string, MaintenanceJob | undefined>)[name]
  if (!job) throw new Error(`unknown maintenance job ${name}`)
  return job.run(ctx, data)
}

/**
 * The maintenance job registry: every job is scheduled from its one entry, start-up runs are
 * queued, and an unknown name is refused. Against a real Redis (a throwaway BullMQ prefix).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { redisUrl, uniqueName } from '../../test/db.ts'
import { MAINTENANCE_JOBS, runMaintenanceJob, scheduleMaintenance, type JobContext } from '../jobs.ts'
import { QUEUE_CONSUMERS } from '../queues.ts'
import { MAINTENANCE_JOB_NAMES, QUEUES } from '../../domain/queues.ts'

const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null })
afterAll(() => connection.disconnect())

describe('maintenance job registry', () => {
  it('schedules every entry and queues the start-up runs', async () => {
    const queue = new Queue('maintenance', { connection, prefix: uniqueName('jobs') })
    try {
      await scheduleMaintenance(queue, { recoveryEveryMs: 30_000, sweepEveryMs: 15_000, rollupEveryMs: 60_000, zone: 'Asia/Shanghai' })
      const schedulers = await queue.getJobSchedulers()
      expect(schedulers.map((s) => [s.key, s.name, s.every ?? s.pattern]).sort()).toEqual(
        [
          ['partitions', 'partitions', 3_600_000],
          ['recover', 'recover', 30_000],
          ['rollups', 'rollups', 60_000],
          ['sweep', 'sweep', 15_000],
          ['sweep-midnight', 'sweep', '5 0 0 * * *'],
        ].sort(),
      )
      const waiting = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => !j.repeatJobKey)
      expect(waiting.map((j) => [j.name, j.data]).sort()).toEqual([
        ['partitions', {}],
        ['recover', { minAgeMs: 0 }],
      ])
    } finally {
      await queue.obliterate({ force: true })
      await queue.close()
    }
  })

  it('has an entry for every job name, and refuses an unknown one', async () => {
    expect(Object.keys(MAINTENANCE_JOBS).sort()).toEqual(['partitions', 'recompute', 'recover', 'rollups', 'sweep'])
    expect(Object.keys(MAINTENANCE_JOBS).sort()).toEqual([...MAINTENANCE_JOB_NAMES].sort())
    await expect(runMaintenanceJob({} as JobContext, 'nonsense', {})).rejects.toThrow('unknown maintenance job nonsense')
  })
})

describe('queue registry (workers/queues.ts)', () => {
  it('has exactly one consumer per queue of the contract (domain/queues.ts), and schedules the scheduled ones', async () => {
    expect(Object.keys(QUEUE_CONSUMERS).sort()).toEqual(Object.values(QUEUES).sort())
    expect(Object.entries(QUEUE_CONSUMERS).filter(([, c]) => c.schedule).map(([n]) => n).sort()).toEqual(['maintenance', 'notify'])
    const queue = new Queue('notify', { connection, prefix: uniqueName('jobs') })
    try {
      await QUEUE_CONSUMERS.notify.schedule!(queue, { recoveryEveryMs: 1, sweepEveryMs: 1, rollupEveryMs: 1, zone: 'Asia/Shanghai', deliverEveryMs: 1_000 }, true)
      expect((await queue.getJobSchedulers()).map((s) => [s.key, s.name, s.every])).toEqual([['deliver', 'deliver', 1_000]])
    } finally {
      await queue.obliterate({ force: true })
      await queue.close()
    }
  })
})

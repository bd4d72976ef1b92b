/**
 * The maintenance job registry: every job is scheduled from its one entry, start-up runs are
 * queued, and an unknown name is refused. Against a real Redis (a throwaway BullMQ prefix).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { redisUrl, uniqueName } from '../../test/db.ts'
import { MAINTENANCE_JOBS, runMaintenanceJob, scheduleMaintenance, type JobContext } from '../jobs.ts'

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
    await expect(runMaintenanceJob({} as JobContext, 'nonsense', {})).rejects.toThrow('unknown maintenance job nonsense')
  })
})

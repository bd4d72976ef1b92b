import { afterAll, describe, expect, it } from 'vitest'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { redisUrl, uniqueName } from '../../test/db.ts'
import { guardConsumers, overdueMs, replaceableConsumer } from '../consumers.ts'

const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null })
const prefix = uniqueName('consumers')
afterAll(async () => {
  const keys = await connection.keys(`${prefix}:*`)
  if (keys.length > 0) await connection.del(...keys)
  connection.disconnect()
})

describe('a consumer that stopped fetching', () => {
  it('is replaced when a run is due for too long with nothing active, and the new one runs it', async () => {
    const queue = new Queue('guarded', { connection, prefix })
    const done: string[] = []
    let made = 0
    // the first Worker never fetches (as the one the cluster's failover left idle); the next does
    const consumer = replaceableConsumer(() => new Worker('guarded', async (job) => void done.push(job.name), { connection, prefix, autorun: made++ > 0 }))
    const instrumented: Worker[] = []
    consumer.each((w) => instrumented.push(w))
    await queue.add('late', {}, { delay: 50 })
    await new Promise((r) => setTimeout(r, 400))
    expect(await overdueMs(queue, Date.now())).toBeGreaterThan(300)
    expect(done).toEqual([])

    const log: string[] = []
    const timer = guardConsumers([{ name: 'guarded', queue, consumer }], { everyMs: 100, stuckMs: 200, log: (m) => log.push(m) })
    const until = Date.now() + 10_000
    while (done.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    clearInterval(timer)
    expect(done).toEqual(['late'])
    expect(made).toBe(2)
    expect(instrumented).toHaveLength(2) // the replacement got the listeners (metrics) too
    expect(instrumented[0]).not.toBe(instrumented[1])
    expect(log[0]).toMatch(/^guarded consumer idle with a run due \d+ s ago: replacing it$/)
    expect(await overdueMs(queue, Date.now())).toBe(0)
    await consumer.close()
    await queue.close()
  })

  it('is left alone while its runs are not due', async () => {
    const queue = new Queue('calm', { connection, prefix })
    let made = 0
    const consumer = replaceableConsumer(() => new Worker('calm', async () => {}, { connection, prefix, autorun: made++ > 0 }))
    await queue.add('later', {}, { delay: 60_000 })
    const log: string[] = []
    const timer = guardConsumers([{ name: 'calm', queue, consumer }], { everyMs: 50, stuckMs: 200, log: (m) => log.push(m) })
    await new Promise((r) => setTimeout(r, 500))
    clearInterval(timer)
    expect(made).toBe(1)
    expect(log).toEqual([])
    await consumer.close()
    await queue.close()
  })
})

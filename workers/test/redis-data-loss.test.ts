/**
 * A Redis that comes back without its data (no persistence, flushed, failed over to an empty
 * replica) takes the repeatable jobs with it. The worker declares them again on reconnection, and
 * a recovery pass projects the events whose projection jobs were lost — also when the recovery's
 * own scheduler is gone from Redis (each worker runs the pass on a timer of its own). Uses a private redis-server
 * without persistence, killed with SIGKILL and started again empty.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle } from '../../domain/events/fixtures.ts'
import { QUEUES } from '../../domain/queues.ts'
import { createRedis, freePortIn, type RedisServer } from '../../scripts/chaos/processes.ts'
import { createHarness, DEPTS, type Harness } from '../../test/harness.ts'

const T0 = Date.parse('2026-11-02T01:00:00Z')
const runDir = mkdtempSync(path.join(os.tmpdir(), 'redis-loss-'))
let redis: RedisServer
let h: Harness

async function until(what: string, probe: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${what}: not within ${ms} ms`)
}

beforeAll(async () => {
  redis = await createRedis(runDir, await freePortIn(), { appendOnly: false })
  await redis.start()
  h = await createHarness({ redisUrl: redis.url, withWorkers: false })
  await h.startWorkers({ redisUrl: redis.url, recoveryEveryMs: 2_000, recoveryMinAgeMs: 0 })
}, 60_000)

afterAll(async () => {
  await h?.close()
  await redis?.stop()
  rmSync(runDir, { recursive: true, force: true })
})

describe('worker after Redis lost its data', () => {
  it('declares its repeatable jobs again and projects what was stored meanwhile', { timeout: 60_000 }, async () => {
    const schedulers = async () => {
      const q = new Queue(QUEUES.maintenance, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: h.prefix })
      try {
        return (await q.getJobSchedulers()).map((s) => s.key).sort()
      } finally {
        await q.close()
      }
    }
    const before = await schedulers()
    expect(before).toEqual(expect.arrayContaining(['recover', 'sweep', 'sweep-midnight', 'partitions', 'rollups']))

    await redis.kill9()
    // stored and acknowledged while Redis is down: the projection job cannot be queued
    const events = caseLifecycle('LOSS-1', DEPTS[0], T0, { fee: 50 })
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ accepted: events.length, projectionQueued: false })

    await redis.start() // empty: no append-only file
    await until('schedulers declared again', async () => (await schedulers()).length === before.length)
    expect(await schedulers()).toEqual(before)
    await h.waitProjected(20_000)
    const { rows } = await h.db.pool.query<{ event_count: number; fee_charged: string }>(`SELECT event_count, fee_charged FROM cases WHERE case_no = 'LOSS-1'`)
    expect(rows).toEqual([{ event_count: events.length, fee_charged: '50.00' }])
  })

  it('recovers a lost projection job with no recovery scheduler left in Redis (a failed-over master can lose it): the worker’s own timer', { timeout: 60_000 }, async () => {
    const maintenance = new Queue(QUEUES.maintenance, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: h.prefix })
    const project = new Queue(QUEUES.project, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: h.prefix })
    try {
      await maintenance.removeJobScheduler('recover')
      for (const j of await maintenance.getJobs(['waiting', 'delayed', 'prioritized'])) if (j.name === 'recover') await j.remove()
      expect((await maintenance.getJobSchedulers()).map((x) => x.key)).not.toContain('recover')
      // the projection job is queued, then lost before a worker takes it
      await project.pause()
      const events = caseLifecycle('LOSS-2', DEPTS[1], T0, { fee: 20 })
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
      expect(res.json()).toMatchObject({ accepted: events.length, projectionQueued: true })
      await project.drain(true)
      expect(await project.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 })
      await project.resume()
      await h.waitProjected(20_000)
      const { rows } = await h.db.pool.query<{ event_count: number }>(`SELECT event_count FROM cases WHERE case_no = 'LOSS-2'`)
      expect(rows).toEqual([{ event_count: events.length }])
      expect((await maintenance.getJobSchedulers()).map((x) => x.key)).not.toContain('recover') // not the scheduler's doing
    } finally {
      await maintenance.close()
      await project.close()
    }
  })

  it('leaves a busy projection queue alone: no second job from the worker’s own timer for events already queued behind others', { timeout: 60_000 }, async () => {
    const maintenance = new Queue(QUEUES.maintenance, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: h.prefix })
    const project = new Queue(QUEUES.project, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: h.prefix })
    try {
      await maintenance.removeJobScheduler('recover') // only the worker's own timer recovers here
      for (const j of await maintenance.getJobs(['waiting', 'delayed', 'prioritized'])) if (j.name === 'recover') await j.remove()
      await project.pause()
      const events = caseLifecycle('BUSY-1', DEPTS[2], T0, { fee: 10 })
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
      expect(res.json()).toMatchObject({ accepted: events.length, projectionQueued: true })
      const queued = (await project.getJobCounts('waiting')).waiting
      expect(queued).toBeGreaterThan(0)
      await new Promise((r) => setTimeout(r, 5_000)) // two of the worker's recovery ticks (every 2 s here, no minimum age)
      expect((await project.getJobCounts('waiting')).waiting).toBe(queued)
      await project.resume()
      await h.waitProjected(20_000)
    } finally {
      await maintenance.close()
      await project.close()
    }
  })
})

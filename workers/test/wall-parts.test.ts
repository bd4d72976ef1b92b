/**
 * The wall publisher's parts on their own, against a real Redis (a throwaway key prefix): the
 * store's compare-and-set and locks, the emitter's versions (stored before emitted; nothing
 * emitted on a conflict), and the coalescer's spacing of publications across two processes.
 * The whole publisher end to end is test/wall.test.ts and test/wall-instances.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { redisUrl, uniqueName } from '../../test/db.ts'
import { snapshot, panels } from '../../domain/realtime/_fixtures.ts'
import type { WallDelta } from '../../domain/realtime/wall.ts'
import { createWallStore } from '../wall/store.ts'
import { createWallEmitter } from '../wall/emitter.ts'
import { createWallCoalescer } from '../wall/coalescer.ts'
import type { WallRead } from '../wall/reader.ts'
import { wallRedisKeys } from '../../domain/realtime/wallRedisKeys.ts'

let redis: Redis
beforeAll(() => {
  redis = new Redis(redisUrl())
})
afterAll(async () => {
  await redis.quit()
})

/** Records what would go to socket.io rooms. */
function recorder() {
  const sent: { room: string; event: string; payload: WallDelta }[] = []
  return { sent, to: (room: string) => ({ emit: (event: string, payload: WallDelta) => void sent.push({ room, event, payload }) }) }
}

const readOf = (expected: number | null, changed: WallRead['changed'] = { tiles: panels().tiles }): WallRead => ({ jurisdictionCode: '440204', at: new Date('2026-12-01T02:00:00Z'), panels: panels(), changed, expected, slowAt: 5 })

describe('wall store', () => {
  it('stores by compare-and-set on the version counter', async () => {
    const store = createWallStore(redis, uniqueName('ws'))
    expect(await store.read()).toEqual({ snapshot: null, version: null, slowAt: 0 })
    expect(await store.store(snapshot(100), null, 1, 7)).toBe(true)
    expect(await store.store(snapshot(100), null, 1, 7)).toBe(false) // someone stored meanwhile
    expect(await store.store(snapshot(102), 101, 2, 7)).toBe(false) // not the current version
    expect(await store.store(snapshot(101), 100, 2, 8)).toBe(true)
    expect(await store.read()).toEqual({ snapshot: snapshot(101), version: 101, slowAt: 8 })
    expect(await store.lastPublishedAt()).toBe(2)
  })
  it('reads a snapshot an older publisher stored (schema 1) as the current schema', async () => {
    const prefix = uniqueName('ws')
    const { schemaVersion: _v, ...rest } = snapshot(9)
    await redis.set(wallRedisKeys(prefix).snapshot, JSON.stringify({ ...rest, schema: 1 }))
    expect((await createWallStore(redis, prefix).read()).snapshot).toEqual(snapshot(9))
  })
  it('gives the publish lock to one token at a time and releases only its own', async () => {
    const store = createWallStore(redis, uniqueName('ws'))
    expect(await store.lock('a', 5000)).toBe(true)
    expect(await store.lock('b', 5000)).toBe(false)
    await store.unlock('b')
    expect(await store.lock('b', 5000)).toBe(false)
    await store.unlock('a')
    expect(await store.lock('b', 5000)).toBe(true)
    expect(await store.lockSlow(5000)).toBe(true)
    expect(await store.lockSlow(5000)).toBe(false)
  })
})

describe('wall emitter', () => {
  it('starts at the clock in ms, then +1; stores before it emits; emits nothing on a conflict', async () => {
    const store = createWallStore(redis, uniqueName('we'))
    const rec = recorder()
    const emitter = createWallEmitter({ store, emitter: rec, now: () => 1_733_000_000_000 })
    expect(await emitter.publish(readOf(null))).toBe(1_733_000_000_000)
    expect((await store.read()).version).toBe(1_733_000_000_000)
    expect(await emitter.publish(readOf(1_733_000_000_000))).toBe(1_733_000_000_001)
    expect(await emitter.publish(readOf(1_733_000_000_000))).toBeNull() // read before the last publication
    expect(rec.sent.map((s) => [s.room, s.event, s.payload.version])).toEqual([
      ['wall', 'wall/delta', 1_733_000_000_000],
      ['wall', 'wall/delta', 1_733_000_000_001],
    ])
    expect(rec.sent[1]!.payload).toEqual({ schemaVersion: 2, jurisdictionCode: '440204', version: 1_733_000_000_001, at: '2026-12-01T02:00:00.000Z', panels: { tiles: panels().tiles } })
    const stored = await store.read()
    expect(stored.snapshot).toMatchObject({ version: 1_733_000_000_001, panels: panels() })
    expect(stored.slowAt).toBe(5)
  })
})

describe('wall coalescer', () => {
  it('spaces publications by the interval across two processes however many notices arrive', async () => {
    const prefix = uniqueName('wc')
    const minIntervalMs = 120
    const cycles: number[] = []
    const make = () => {
      const store = createWallStore(redis, prefix)
      return createWallCoalescer({
        store,
        minIntervalMs,
        recheckMs: 60_000,
        lockMs: 5000,
        leadMs: () => 0,
        now: Date.now,
        log: () => {},
        async cycle(emitAt) {
          const wait = emitAt - Date.now()
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          const at = Date.now()
          cycles.push(at)
          // what the emitter does: record the publication time
          await redis.set(wallRedisKeys(prefix).publishedAt, String(at))
          return true
        },
      })
    }
    const a = make()
    const b = make()
    const until = Date.now() + 1000
    while (Date.now() < until) {
      a.kick()
      b.kick()
      await new Promise((r) => setTimeout(r, 5))
    }
    await new Promise((r) => setTimeout(r, 300))
    await Promise.all([a.close(), b.close()])
    expect(cycles.length).toBeGreaterThanOrEqual(4) // it does publish under a stream of notices
    expect(cycles.length).toBeLessThanOrEqual(Math.ceil(1300 / minIntervalMs) + 1)
    for (let i = 1; i < cycles.length; i++) expect(cycles[i]! - cycles[i - 1]!).toBeGreaterThanOrEqual(minIntervalMs - 5)
  })

  it('runs a cycle again when the last one could not publish (the version moved)', async () => {
    const prefix = uniqueName('wc')
    let n = 0
    const c = createWallCoalescer({
      store: createWallStore(redis, prefix),
      minIntervalMs: 20,
      recheckMs: 60_000,
      lockMs: 5000,
      leadMs: () => 0,
      now: Date.now,
      log: () => {},
      async cycle() {
        n++
        return n > 2 // the first two conflict
      },
    })
    c.kick()
    await new Promise((r) => setTimeout(r, 400))
    await c.close()
    expect(n).toBe(3)
  })
})

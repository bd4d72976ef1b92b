/**
 * The queues and socket.io on a real Redis Cluster (three masters started here by redis-server
 * --cluster-enabled yes): BullMQ with a hash-tagged prefix, the servers' sharded adapter, and the
 * workers' emitter (workers/emit.ts) publishing into a room through sharded pub/sub.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Queue, Worker } from 'bullmq'
import { Server } from 'socket.io'
import { createShardedAdapter } from '@socket.io/redis-adapter'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { clusterQueuePrefix } from '../domain/queues.ts'
import { TOPICS } from '../domain/realtime/topics.ts'
import { WALL_SCHEMA_VERSION, type WallDelta } from '../domain/realtime/wall.ts'
import { createEmitter } from '../workers/emit.ts'
import { createRedisCluster, freeRedisClusterPorts, type RedisCluster } from '../scripts/cluster/processes.ts'
import { connectRedis, isCluster, shardedChannelPrefix, shardedRoomChannel, type RedisClient } from './redis.ts'

let cluster: RedisCluster
let runDir: string
const clients: RedisClient[] = []
const prefix = clusterQueuePrefix('t', '440204')

beforeAll(async () => {
  runDir = mkdtempSync(path.join(os.tmpdir(), 'sv-rc-test-'))
  const ports = await freeRedisClusterPorts(3)
  cluster = await createRedisCluster(runDir, ports, { replicas: 0 })
  await Promise.all(cluster.nodes.map((n) => n.start()))
  await cluster.create()
}, 90_000)

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.quit()))
  await cluster?.stop()
  rmSync(runDir, { recursive: true, force: true })
})

const client = (shardedSubscribers = false) => {
  const c = connectRedis(cluster.url, { maxRetriesPerRequest: null, shardedSubscribers })
  clients.push(c)
  return c
}

describe('Redis Cluster', () => {
  it('connects a cluster for redis-cluster:// URLs', () => {
    expect(isCluster(client())).toBe(true)
  })

  it('runs BullMQ queues under a hash-tagged prefix', async () => {
    const connection = client()
    const queue = new Queue('project', { connection, prefix })
    const done: string[] = []
    const worker = new Worker('project', async (job) => void done.push(String(job.data.n)), { connection, prefix })
    await Promise.all([1, 2, 3].map((n) => queue.add('project', { n })))
    const until = Date.now() + 15_000
    while (done.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(done.sort()).toEqual(['1', '2', '3'])
    await worker.close()
    await queue.close()
  }, 30_000)

  it("delivers the workers' emitter to a room through the servers' sharded adapter, across server instances", async () => {
    const channelPrefix = shardedChannelPrefix(prefix)
    expect(channelPrefix).not.toContain('{') // rooms hash by their own name: they spread over the shards
    expect(shardedRoomChannel(channelPrefix, 'wall')).toBe(`${channelPrefix}#/#wall#`)
    const servers: { http: HttpServer; io: Server }[] = []
    for (let i = 0; i < 2; i++) {
      const http = createServer()
      const io = new Server(http, { transports: ['websocket'], adapter: createShardedAdapter(client(), client(true), { channelPrefix }) })
      io.on('connection', (s) => void s.join('wall'))
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()))
      servers.push({ http, io })
    }
    const sockets: ClientSocket[] = servers.map((s) => connect(`http://127.0.0.1:${(s.http.address() as AddressInfo).port}`, { transports: ['websocket'] }))
    const received = sockets.map(() => [] as number[])
    sockets.forEach((s, i) => s.on(TOPICS.wallDelta, (d: WallDelta) => received[i]!.push(d.version)))
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.once('connect', () => r()))))
    await new Promise((r) => setTimeout(r, 300)) // the room's SSUBSCRIBE is answered

    const emitter = createEmitter(client(), prefix)
    const delta = (version: number): WallDelta => ({ schemaVersion: WALL_SCHEMA_VERSION, jurisdictionCode: '440204', version, at: new Date().toISOString(), panels: {} })
    emitter.to('wall').emit(TOPICS.wallDelta, delta(7))
    servers[1]!.io.to('wall').emit(TOPICS.wallDelta, delta(8)) // a server's broadcast reaches the other's clients
    const until = Date.now() + 10_000
    while (received.some((r) => r.length < 2) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(received.map((r) => [...r].sort())).toEqual([
      [7, 8],
      [7, 8],
    ])
    for (const s of sockets) s.close()
    for (const s of servers) await new Promise<void>((r) => s.io.close(() => r()))
  }, 30_000)
})

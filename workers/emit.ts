/**
 * Publishing into socket.io rooms from a worker process: through `@socket.io/redis-emitter` on one
 * Redis, or through sharded pub/sub on a Redis Cluster (infra/redis.ts `createShardedEmitter`,
 * heard by the servers' `createShardedAdapter`). Either way the server instances' adapter
 * (server/plugins/external/socketio.ts) hears it under the same channel key and delivers to their
 * connected clients.
 *
 *   const emitter = createEmitter(redis, prefix)
 *   emitter.to('wall').emit(TOPICS.wallDelta, delta)
 */
import { Emitter } from '@socket.io/redis-emitter'
import type { Redis } from 'ioredis'
import { socketChannelKey } from '../domain/realtime/topics.ts'
import type { ServerToClientEvents } from '../domain/realtime/socketEvents.ts'
import { createShardedEmitter, isCluster, shardedChannelPrefix, type RedisClient, type ShardedEmitter } from '../infra/redis.ts'

/** Typed by the socket contract: only events of `ServerToClientEvents`, with their payloads. */
export type RoomEmitter = ShardedEmitter<ServerToClientEvents>

/** An emitter on the given Redis connection for the deployment with this queue prefix. */
export function createEmitter(redis: RedisClient, queuePrefix: string): RoomEmitter {
  if (isCluster(redis)) return createShardedEmitter<ServerToClientEvents>(redis, shardedChannelPrefix(queuePrefix))
  const classic = new Emitter<ServerToClientEvents>(redis as Redis, { key: socketChannelKey(queuePrefix) })
  return {
    to(room) {
      const op = classic.to(room)
      return {
        emit(ev, ...args) {
          ;(op.emit as (e: string, ...a: unknown[]) => boolean)(ev, ...args)
          return true
        },
      }
    },
  }
}

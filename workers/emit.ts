/**
 * Publishing into socket.io rooms from a worker process, through `@socket.io/redis-emitter`: the
 * server instances' redis adapter (server/plugins/external/socketio.ts) hears it under the same
 * channel key and delivers to their connected clients.
 *
 *   const emitter = createEmitter(redis, prefix)
 *   emitter.to('wall').emit(TOPICS.wallDelta, delta)
 */
import { Emitter } from '@socket.io/redis-emitter'
import type { Redis } from 'ioredis'
import { socketChannelKey } from '../domain/realtime/topics.ts'
import type { ServerToClientEvents } from '../domain/realtime/socketEvents.ts'

/** Typed by the socket contract: only events of `ServerToClientEvents`, with their payloads. */
export type RoomEmitter = Emitter<ServerToClientEvents>

/** An emitter on the given Redis connection for the deployment with this queue prefix. */
export function createEmitter(redis: Redis, queuePrefix: string): RoomEmitter {
  return new Emitter<ServerToClientEvents>(redis, { key: socketChannelKey(queuePrefix) })
}

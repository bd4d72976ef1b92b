/**
 * Type-level test of the socket contract (checked by `npm run typecheck`, never run): each
 * `@ts-expect-error` line is a wrong payload or a wrong event that must NOT compile. If a change
 * made one of them compile, tsc reports the unused directive and the typecheck fails.
 */
import type { Server, Socket as ServerSocket } from 'socket.io'
import type { Socket as ClientSocket } from 'socket.io-client'
import type { Emitter } from '@socket.io/redis-emitter'
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from './socketEvents.ts'
import { TOPICS } from './topics.ts'
import type { WallDelta, WallSnapshot } from './wall.ts'

export function serverSide(io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents>, snapshot: WallSnapshot, delta: WallDelta): void {
  io.to('wall').emit(TOPICS.wallSnapshot, snapshot)
  io.to('wall').emit(TOPICS.wallDelta, delta)
  // @ts-expect-error a delta is not a snapshot
  io.to('wall').emit(TOPICS.wallSnapshot, delta)
  // @ts-expect-error a snapshot without its schema version
  io.to('wall').emit(TOPICS.wallSnapshot, { jurisdictionCode: '440204', version: 1, at: '', panels: snapshot.panels })
  // @ts-expect-error an event that is not in the contract
  io.to('wall').emit('wall/snapshots', snapshot)
}

export function serverHandlers(socket: ServerSocket<ClientToServerEvents, ServerToClientEvents>): void {
  socket.on(TOPICS.roomJoin, (req, ack) => ack({ ok: true, room: req.room }))
  // @ts-expect-error the join acknowledgement carries a room and a known code
  socket.on(TOPICS.roomJoin, (_req, ack) => ack({ ok: false, code: 'NOPE' }))
  socket.on(TOPICS.wallResync, (_req, ack) => ack({ ok: false, code: 'UNAVAILABLE' }))
}

export function workerSide(emitter: Emitter<ServerToClientEvents>, delta: WallDelta): void {
  emitter.to('wall').emit(TOPICS.wallDelta, delta)
  // @ts-expect-error the version is a number
  emitter.to('wall').emit(TOPICS.wallDelta, { ...delta, version: '8' })
}

export async function clientSide(socket: ClientSocket<ServerToClientEvents, ClientToServerEvents>): Promise<void> {
  socket.on(TOPICS.wallDelta, (d) => void d.panels.tiles?.receivedToday)
  // @ts-expect-error a delta has no `snapshot` field
  socket.on(TOPICS.wallDelta, (d) => void d.snapshot)
  const ack = await socket.emitWithAck(TOPICS.roomJoin, { room: 'wall' })
  if (!ack.ok) void ack.code
  // @ts-expect-error a join asks for a room by name
  await socket.emitWithAck(TOPICS.roomJoin, { rooms: ['wall'] })
}

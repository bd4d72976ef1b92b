/**
 * The socket.io events, typed at both ends: the server (`new Server<ClientToServerEvents,
 * ServerToClientEvents>`, server/plugins/external/socketio.ts), the workers' emitter
 * (`Emitter<ServerToClientEvents>`, workers/emit.ts) and every client (`Socket<ServerToClientEvents,
 * ClientToServerEvents>` from socket.io-client: the wall page, the notification bell, the load
 * driver, the tests). A payload of the wrong shape fails `npm run typecheck`
 * (socketEvents.typecheck.ts shows it).
 *
 * Event names are `TOPICS` (topics.ts); the keys below are those same strings.
 */
import type { InAppNotification } from './notification.ts'
import { TOPICS, type MobileRefresh, type RoomJoinAck, type RoomJoinRequest } from './topics.ts'
import type { WallDelta, WallResyncAck, WallSnapshot } from './wall.ts'

/** Events the server (or a worker through the Redis emitter) sends to clients. */
export interface ServerToClientEvents {
  /** Room `wall`: the full wall, sent to a socket after each join (a resync is answered by its ack). */
  [TOPICS.wallSnapshot]: (snapshot: WallSnapshot) => void
  /** Room `wall`: the panels that changed, one version later. */
  [TOPICS.wallDelta]: (delta: WallDelta) => void
  /** Room `user:<id>`: a new in-app notification. */
  [TOPICS.notificationNew]: (notification: InAppNotification) => void
  /** Room `mobile`: a card or an order changed somewhere (the leaders' phones re-read their screen). */
  [TOPICS.mobileRefresh]: (refresh: MobileRefresh) => void
}

/** Requests clients send; each answers through its acknowledgement. */
export interface ClientToServerEvents {
  [TOPICS.roomJoin]: (request: RoomJoinRequest, ack: (answer: RoomJoinAck) => void) => void
  [TOPICS.roomLeave]: (request: RoomJoinRequest, ack: (answer: RoomJoinAck) => void) => void
  /** The body is empty (`{}`); the answer is the current snapshot or why not. */
  [TOPICS.wallResync]: (request: Record<string, never>, ack: (answer: WallResyncAck) => void) => void
}

/** Between server instances (through the Redis adapter): none. */
export type InterServerEvents = Record<never, never>

/**
 * socket.io event names and rooms: the realtime contract between server/ (socket.io), workers/
 * (publishing through @socket.io/redis-emitter) and dashboard/ (socket.io-client). Names follow
 * `area/<event>`; payload types live beside the area (e.g. `wall.ts`).
 *
 * Rooms (who may join: `ROOM_POLICIES` in server/plugins/app/policy.ts):
 *   `wall`, `console`, `mobile`, `public`, `dept:<departmentCode>`, `user:<userId>`.
 * A connected user is put into `user:<userId>` by the server at once; other rooms are joined with
 * the `room/join` request below, whose acknowledgement says whether it was allowed.
 */
export const TOPICS = {
  /** client → server: `{ room }`, ack `RoomJoinAck`. */
  roomJoin: 'room/join',
  /** client → server: `{ room }`, ack `RoomJoinAck`. */
  roomLeave: 'room/leave',
  /** server → client (room `wall`): a full `WallSnapshot` with its version. */
  wallSnapshot: 'wall/snapshot',
  /** server → client (room `wall`): a `WallDelta` (only the panels that changed). */
  wallDelta: 'wall/delta',
  /** client → server: ask for a fresh snapshot (after a version gap); ack `WallSnapshot`. */
  wallResync: 'wall/resync',
  /** server → client (room `user:<id>`): a new in-app notification (`InAppNotification`). */
  notificationNew: 'notification/new',
  /** server → client (room `mobile`): something leaders watch changed (`MobileRefresh`): re-read the screen. */
  mobileRefresh: 'mobile/refresh',
} as const

/**
 * The payload of `TOPICS.mobileRefresh`: what kind of thing changed and in which department (no
 * personal data, no figures: each client re-reads its own screen in its own scope).
 */
export interface MobileRefresh {
  v: 1
  kind: 'card' | 'order'
  departmentCode: string
  at: string
}

export type Topic = (typeof TOPICS)[keyof typeof TOPICS]

export interface RoomJoinRequest {
  room: string
}

/**
 * `UNAUTHENTICATED`: the socket has no (longer a) session — sign in again; `FORBIDDEN`: signed in,
 * but the account may not join this room.
 */
export type RoomJoinAck = { ok: true; room: string } | { ok: false; room: string; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'UNKNOWN_ROOM' }

/**
 * Redis channel key shared by the socket.io redis adapter (servers) and the emitter (workers) of one
 * deployment: derived from its queue prefix (`QUEUE_PREFIX`), so tests and deployments that share a
 * Redis never hear each other.
 */
export function socketChannelKey(queuePrefix: string): string {
  return `${queuePrefix}:socket.io`
}

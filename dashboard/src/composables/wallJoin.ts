/**
 * Joining the wall room (useWallSocket.ts composes it): `room/join` with an acknowledgement
 * timeout (no answer: the connection is half-dead, connect again), then, once joined, make sure a
 * snapshot comes — after a reconnect ask for one at once (deltas were missed meanwhile); on the
 * first join the server sends one, so ask only if none has come shortly.
 */
import { TOPICS, type RoomJoinAck } from '../../../domain/realtime/topics.ts'
import type { WallSocketLike } from './useWallSocket.ts'
import { createTimer } from './wallTimers.ts'

export interface WallJoinOptions {
  socket: WallSocketLike
  ackTimeoutMs: number
  /** The composable was closed: do nothing any more. */
  closed: () => boolean
  /** Called as a join starts (the HTTP fallback stops). */
  onJoining: () => void
  /** The join was refused for want of a session. */
  onUnauthenticated: () => void
  /** Signed in but not allowed to watch: say so and wait (no loop); an account change disconnects us. */
  onForbidden: () => void
  /** Joined. */
  onLive: () => void
  /** Ask for a snapshot now. */
  forceResync: () => void
  /** A snapshot has been received already. */
  hasSnapshot: () => boolean
}

export interface WallJoin {
  /** Join the room (on every `connect`). */
  join(): void
  /** Stop waiting for the acknowledgement and the first snapshot. */
  clear(): void
}

export function createWallJoin(o: WallJoinOptions): WallJoin {
  const joinTimer = createTimer()
  const firstSnapshotTimer = createTimer()
  let connectedOnce = false
  const clear = () => {
    joinTimer.clear()
    firstSnapshotTimer.clear()
  }
  const onAck = (ack: RoomJoinAck, again: boolean) => {
    if (o.closed()) return
    clear()
    if (!ack || ack.ok !== true) {
      if (ack?.code === 'UNAUTHENTICATED') return o.onUnauthenticated()
      return o.onForbidden()
    }
    o.onLive()
    if (again) return o.forceResync()
    firstSnapshotTimer.start(() => {
      if (!o.hasSnapshot()) o.forceResync()
    }, Math.min(2000, o.ackTimeoutMs))
  }
  const join = () => {
    if (o.closed()) return
    const again = connectedOnce
    connectedOnce = true
    clear()
    o.onJoining()
    // No acknowledgement within ackTimeoutMs: the connection is half-dead; start it again.
    joinTimer.start(() => {
      if (o.closed()) return
      o.socket.disconnect()
      o.socket.connect()
    }, o.ackTimeoutMs)
    o.socket.emit(TOPICS.roomJoin, { room: 'wall' }, (ack: RoomJoinAck) => onAck(ack, again))
  }
  return { join, clear }
}

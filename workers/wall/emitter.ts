/**
 * The wall publisher's emitter: turns a read with changes into the next version — stores the
 * snapshot by compare-and-set (store.ts) and only then emits the delta to room `wall`, so the
 * snapshot in Redis is always the one whose version the last delta carried. The first version of
 * a deployment (or after Redis lost its counter) is the clock in ms, so versions never go back for
 * a client that keeps running.
 */
import { TOPICS } from '../../domain/realtime/topics.ts'
import { WALL_SCHEMA_VERSION, type WallDelta, type WallSnapshot } from '../../domain/realtime/wall.ts'
import type { WallRead } from './reader.ts'
import type { WallStore } from './store.ts'

/** Where deltas go: the socket.io emitter (workers/emit.ts), typed by the socket contract. */
export interface DeltaSink {
  to(room: 'wall'): { emit(event: typeof TOPICS.wallDelta, delta: WallDelta): unknown }
}

export interface WallEmitter {
  /** Publishes the read: the new version, or null when the stored version moved meanwhile (read again). */
  publish(read: WallRead): Promise<number | null>
}

export function createWallEmitter(opts: { store: WallStore; emitter: DeltaSink; now: () => number }): WallEmitter {
  const { store, now } = opts
  return {
    async publish(read) {
      const version = read.expected === null ? now() : read.expected + 1
      const snapshot: WallSnapshot = { schemaVersion: WALL_SCHEMA_VERSION, jurisdictionCode: read.jurisdictionCode ?? '', version, at: read.at.toISOString(), panels: read.panels }
      if (!(await store.store(snapshot, read.expected, now(), read.slowAt))) return null
      const delta: WallDelta = { schemaVersion: WALL_SCHEMA_VERSION, jurisdictionCode: snapshot.jurisdictionCode, version, at: snapshot.at, panels: read.changed }
      opts.emitter.to('wall').emit(TOPICS.wallDelta, delta)
      return version
    },
  }
}

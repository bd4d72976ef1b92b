/**
 * The wall (issue 6), server side: the current snapshot for the first paint
 * (`GET /api/v1/wall/snapshot`), for a socket that joins room `wall` (`TOPICS.wallSnapshot`) and
 * for a `wall/resync` request (acknowledged with the snapshot). Deltas come from the workers'
 * publisher (workers/publish.ts) through the redis adapter; this file never publishes.
 *
 * The snapshot is the one the publisher stored in Redis with the version of its last delta, so a
 * client that applies the deltas after it stays consistent. With no stored snapshot (no
 * publisher has run yet, Redis unreachable, or another jurisdiction) it is read from PostgreSQL
 * (the read replica when its lag guard allows, `app.pgReads`) with version 0: the next delta then carries every panel, or the client sees a gap and resyncs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { TOPICS } from '../../domain/realtime/topics.ts'
import { WALL_SCHEMA_VERSION, type WallResyncAck, type WallSnapshot } from '../../domain/realtime/wall.ts'
import { upgradeWallSnapshot } from '../../domain/realtime/wallSchema.ts'
import { wallRedisKeys } from '../../domain/realtime/wallRedisKeys.ts'
import { emptyWallPanels, readWallPanels, resolveWallJurisdiction } from '../../sql/wall.ts'
import { ROOM_POLICIES } from '../plugins/app/policy.ts'
import type { Socket } from '../plugins/external/socketio.ts'

const wall: FastifyPluginAsyncTypebox<{ queuePrefix: string; jurisdictionCode?: string | null }> = async (app, opts) => {
  const keys = wallRedisKeys(opts.queuePrefix)

  const fromDatabase = async (jurisdictionCode: string | null): Promise<WallSnapshot> => {
    const at = new Date()
    const panels = jurisdictionCode ? await readWallPanels(app.pgReads.pick(), jurisdictionCode, at) : emptyWallPanels()
    return { schemaVersion: WALL_SCHEMA_VERSION, jurisdictionCode: jurisdictionCode ?? '', version: 0, at: at.toISOString(), panels }
  }

  let inflight: Promise<WallSnapshot> | null = null
  const read = async (): Promise<WallSnapshot> => {
    const jurisdictionCode = await resolveWallJurisdiction(app.pgReads.pick(), opts.jurisdictionCode)
    let stored: string | null = null
    try {
      stored = await app.queues.redis.get(keys.snapshot)
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, 'wall snapshot: redis unavailable, reading the database')
    }
    if (stored) {
      // an older publisher's snapshot is upgraded; one of a schema this server does not know is not used
      const s = upgradeWallSnapshot(JSON.parse(stored))
      if (typeof s !== 'string' && s.jurisdictionCode === (jurisdictionCode ?? '')) return s
    }
    return fromDatabase(jurisdictionCode)
  }
  /** The current snapshot; concurrent callers (a wall of clients reconnecting) share one read. */
  const current = (): Promise<WallSnapshot> => {
    inflight ??= read().finally(() => {
      inflight = null
    })
    return inflight
  }

  app.get(
    '/api/v1/wall/snapshot',
    {
      config: { policy: ROOM_POLICIES.wall },
      schema: {
        tags: ['wall'],
        summary: 'The wall’s current snapshot (all panels, with the version of the last delta)',
        response: { 200: Type.Unknown() },
      },
    },
    async () => current(),
  )

  app.realtime.onJoin(async (socket: Socket, room: string) => {
    if (room !== 'wall') return
    const end = app.metrics.wallSnapshotEmit.startTimer()
    socket.emit(TOPICS.wallSnapshot, await current())
    end()
  })

  app.realtime.onConnection((socket: Socket) => {
    socket.on(TOPICS.wallResync, (_req, ack: unknown) => {
      if (typeof ack !== 'function') return // a client that asked without an acknowledgement
      const reply = ack as (a: WallResyncAck) => void
      if (!socket.rooms.has('wall')) return reply({ ok: false, code: 'FORBIDDEN' })
      current().then(reply, (err: unknown) => {
        app.log.warn({ err: (err as Error).message }, 'wall resync failed')
        reply({ ok: false, code: 'UNAVAILABLE' })
      })
    })
  })
}

export default wall

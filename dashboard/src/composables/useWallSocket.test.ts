// useWallSocket: snapshots, deltas, resyncs, throttling and the ticker (connection and session: useWallSocket.connection.test.ts).
import { describe, expect, it } from 'vitest'
import { WALL_PANEL_MIN_INTERVAL_MS, WALL_TICKER_LIMIT } from '../../../domain/realtime/wall.ts'
import { TOPICS as WALL_TOPICS } from '../../../domain/realtime/topics.ts'
import { mergeWallCards } from '../../../domain/realtime/reduceWall.ts'
import { advance, card, delta, setup, snapshot, t, tiles, useFakeClock } from './useWallSocket.fixtures.ts'

useFakeClock()

describe('useWallSocket', () => {
  it('connects, joins `wall`, applies the snapshot, then deltas in version order', async () => {
    const { wall, scope } = setup()
    expect(t.sock.connects).toBe(1)
    expect(wall.connection.value).toBe('connecting')
    t.sock.serverConnect()
    expect(t.sock.emits(WALL_TOPICS.roomJoin)[0]!.payload).toEqual({ room: 'wall' })
    expect(wall.connection.value).toBe('live')
    expect(wall.tiles.value).toBeNull()

    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(7, 3))
    expect(wall.version.value).toBe(7)
    expect(wall.tiles.value?.receivedToday).toBe(3)
    expect(wall.lastUpdateAt.value).toBe(t.clock)

    await advance(600)
    t.sock.fire(WALL_TOPICS.wallDelta, delta(8, { tiles: tiles(4) }))
    expect(wall.version.value).toBe(8)
    expect(wall.tiles.value?.receivedToday).toBe(4)
    // a duplicate is ignored and asks for nothing
    t.sock.fire(WALL_TOPICS.wallDelta, delta(8, { tiles: tiles(99) }))
    await advance(600)
    expect(wall.tiles.value?.receivedToday).toBe(4)
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    scope.stop()
  })

  it('asks for a snapshot on a version gap and ignores deltas until it arrives', async () => {
    const { wall, scope } = setup()
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(1, 1))
    await advance(600)
    t.sock.fire(WALL_TOPICS.wallDelta, delta(3, { tiles: tiles(50) }))
    expect(wall.tiles.value?.receivedToday).toBe(1)
    const resyncs = t.sock.emits(WALL_TOPICS.wallResync)
    expect(resyncs).toHaveLength(1)
    expect(wall.resyncs.value).toBe(1)
    t.sock.fire(WALL_TOPICS.wallDelta, delta(4, { tiles: tiles(60) }))
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(1) // one request in flight, not one per delta
    resyncs[0]!.ack!(snapshot(4, 60))
    expect(wall.version.value).toBe(4)
    expect(wall.tiles.value?.receivedToday).toBe(60)
    t.sock.fire(WALL_TOPICS.wallDelta, delta(5, { tiles: tiles(61) }))
    await advance(600)
    expect(wall.tiles.value?.receivedToday).toBe(61)
    scope.stop()
  })

  it('ignores a stale delta (versions only grow: it is in the state already), a duplicate and another jurisdiction', async () => {
    const { wall, scope } = setup()
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(100, 7))
    t.sock.fire(WALL_TOPICS.wallDelta, delta(2, { tiles: tiles(1) }))
    t.sock.fire(WALL_TOPICS.wallDelta, delta(100, { tiles: tiles(2) }))
    t.sock.fire(WALL_TOPICS.wallDelta, { ...delta(101, { tiles: tiles(3) }), jurisdictionCode: '440200' })
    await advance(600)
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    expect(wall.version.value).toBe(100)
    expect(wall.tiles.value?.receivedToday).toBe(7)
    scope.stop()
  })

  it('upgrades a schema 1 payload from an older publisher and ignores an unknown schema version', async () => {
    const { wall, scope } = setup()
    t.sock.serverConnect()
    const { schemaVersion: _s, ...v1 } = snapshot(10, 5)
    t.sock.fire(WALL_TOPICS.wallSnapshot, { ...v1, schema: 1 })
    expect(wall.version.value).toBe(10)
    t.sock.fire(WALL_TOPICS.wallDelta, { ...delta(11, { tiles: tiles(9) }), schemaVersion: 3 })
    await advance(600)
    expect(wall.version.value).toBe(10)
    expect(wall.tiles.value?.receivedToday).toBe(5)
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    scope.stop()
  })

  it('asks again when the resync goes unanswered', async () => {
    const { scope } = setup({ ackTimeoutMs: 5000 })
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(1))
    t.sock.fire(WALL_TOPICS.wallDelta, delta(9, {}))
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(1)
    await advance(5000)
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(2)
    scope.stop()
  })

  it('asks for a snapshot after a reconnect, and when the first join brings none', async () => {
    const { wall, scope } = setup()
    t.sock.serverConnect()
    await advance(2000) // no snapshot after joining
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(1)
    t.sock.emits(WALL_TOPICS.wallResync)[0]!.ack!(snapshot(5, 5))
    expect(wall.version.value).toBe(5)

    t.sock.connected = false
    t.sock.fire('disconnect', 'transport close')
    expect(wall.connection.value).toBe('offline')
    t.sock.serverConnect()
    expect(t.sock.emits(WALL_TOPICS.roomJoin)).toHaveLength(2)
    expect(wall.connection.value).toBe('live')
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(2)
    // the server restarted and counts from 1 again: the snapshot is authoritative
    t.sock.emits(WALL_TOPICS.wallResync)[1]!.ack!(snapshot(1, 9))
    await advance(600)
    expect(wall.version.value).toBe(1)
    expect(wall.tiles.value?.receivedToday).toBe(9)
    scope.stop()
  })

  it('applies at most one update per panel per interval (default WALL_PANEL_MIN_INTERVAL_MS), ending on the latest', async () => {
    const { wall, scope } = setup()
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(0, 0))
    const seen: number[] = []
    let last = wall.tiles.value
    for (let v = 1; v <= 100; v++) {
      t.sock.fire(WALL_TOPICS.wallDelta, delta(v, { tiles: tiles(v) }))
      await advance(10) // 100 deltas/s
      if (wall.tiles.value !== last) {
        last = wall.tiles.value
        seen.push(wall.tiles.value!.receivedToday)
      }
    }
    await advance(500)
    if (wall.tiles.value !== last) seen.push(wall.tiles.value!.receivedToday)
    // 1 s of deltas at 250 ms → 4 or 5 panel updates (not 100), the last one the newest state
    expect(seen.length).toBeGreaterThanOrEqual(1000 / WALL_PANEL_MIN_INTERVAL_MS)
    expect(seen.length).toBeLessThanOrEqual(1000 / WALL_PANEL_MIN_INTERVAL_MS + 1)
    expect(seen.at(-1)).toBe(100)
    expect(wall.version.value).toBe(100)
    scope.stop()
  })

  it('keeps the ticker bounded, newest first, without duplicates', async () => {
    const { wall, scope } = setup()
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(0, 0, [card('a')]))
    for (let v = 1; v <= 80; v++) t.sock.fire(WALL_TOPICS.wallDelta, delta(v, { cards: [card(`c${v}`)] }))
    t.sock.fire(WALL_TOPICS.wallDelta, delta(81, { cards: [card('c80')] }))
    await advance(600)
    const ids = wall.cards.value!.map((c) => c.id)
    expect(ids).toHaveLength(WALL_TICKER_LIMIT)
    expect(ids[0]).toBe('c80')
    expect(ids[1]).toBe('c79')
    expect(new Set(ids).size).toBe(ids.length)
    expect(mergeWallCards([card('x')], [card('x'), card('y')], 5).map((c) => c.id)).toEqual(['x', 'y'])
    scope.stop()
  })

})

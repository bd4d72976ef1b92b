import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { WALL_PANEL_MIN_INTERVAL_MS, WALL_TICKER_LIMIT, type WallCardItem, type WallDelta, type WallSnapshot } from '../../../domain/realtime/wall.ts'
import { TOPICS as WALL_TOPICS } from '../../../domain/realtime/topics.ts'
import { mergeWallCards } from '../../../domain/realtime/reduceWall.ts'
import { ApiError } from '../api/client.ts'
import { useWallSocket, type UseWallSocketOptions, type WallSocketLike } from './useWallSocket.ts'

type Listener = (...args: never[]) => void
type Call = (...args: unknown[]) => void

/** A socket.io-client stand-in: records emits, lets the test fire server events. */
class FakeSocket implements WallSocketLike {
  connected = false
  /** socket.io-client's `active`: false after a server disconnect or a refused handshake. */
  active = true
  listeners = new Map<string, Set<Listener>>()
  emitted: { event: string; payload: unknown; ack?: Call }[] = []
  connects = 0
  disconnects = 0
  on(event: string, fn: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set())
    this.listeners.get(event)!.add(fn)
  }
  off(event: string, fn?: Listener) {
    if (fn) this.listeners.get(event)?.delete(fn)
    else this.listeners.delete(event)
  }
  emit(event: string, payload?: unknown, ack?: unknown) {
    this.emitted.push({ event, payload, ...(typeof ack === 'function' ? { ack: ack as Call } : {}) })
  }
  connect() {
    this.connects++
    this.active = true
  }
  disconnect() {
    this.disconnects++
    this.connected = false
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of [...(this.listeners.get(event) ?? [])]) (fn as Call)(...args)
  }
  /** The server side of a (re)connect: `connect`, then answer the join (true: allowed, or the refusal's code). */
  serverConnect(join: true | 'FORBIDDEN' | 'UNAUTHENTICATED' = true) {
    this.connected = true
    this.fire('connect')
    const req = this.emitted.filter((e) => e.event === WALL_TOPICS.roomJoin).at(-1)!
    req.ack?.(join === true ? { ok: true, room: 'wall' } : { ok: false, room: 'wall', code: join })
  }
  /** The server disconnects the socket (session revoked, account changed, shutdown). */
  serverDisconnect() {
    this.connected = false
    this.active = false
    this.fire('disconnect', 'io server disconnect')
  }
  listenerCount() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0)
  }
  emits(event: string) {
    return this.emitted.filter((e) => e.event === event)
  }
}

const card = (id: string): WallCardItem => ({
  id,
  issuedAt: '2026-12-01T08:00:00+08:00',
  effectiveAt: '2026-12-01T08:00:00+08:00',
  color: 'yellow',
  departmentCode: '440204-SCJG',
  departmentName: '市场监管局',
  itemName: '食品经营许可',
  subjectNoMasked: '440204-2026-****23',
  subject: 'case',
  rule: 'overdue',
  reason: '超期',
})

const tiles = (receivedToday: number) => ({ receivedToday, acceptedToday: 0, concludedToday: 0, inProgress: 0, warning: 0, yellow: 0, red: 0, onTimeRateMonth: null })

const snapshot = (version: number, receivedToday = 1, cards: WallCardItem[] = []): WallSnapshot => ({
  schemaVersion: 2,
  jurisdictionCode: '440204',
  version,
  at: '2026-12-01T00:00:00Z',
  panels: {
    tiles: tiles(receivedToday),
    departments: [],
    cards,
    trends: { hourlyToday: [], dailyMonth: [], caseTypes: [], petitions: [] },
    rankings: { best: [], worst: [] },
  },
})
const delta = (version: number, panels: WallDelta['panels']): WallDelta => ({ schemaVersion: 2, jurisdictionCode: '440204', version, at: '2026-12-01T00:00:00Z', panels })

let clock = 0
let sock: FakeSocket
let fetched: number

function setup(opts: UseWallSocketOptions = {}) {
  sock = new FakeSocket()
  const scope = effectScope()
  const wall = scope.run(() =>
    useWallSocket({ socketFactory: () => sock, now: () => clock, fetchSnapshot: null, ...opts }),
  )!
  return { wall, scope }
}

beforeEach(() => {
  vi.useFakeTimers()
  clock = 1_000_000
  fetched = 0
})
afterEach(() => {
  vi.useRealTimers()
})
const advance = async (ms: number) => {
  clock += ms
  await vi.advanceTimersByTimeAsync(ms)
}

describe('useWallSocket', () => {
  it('connects, joins `wall`, applies the snapshot, then deltas in version order', async () => {
    const { wall, scope } = setup()
    expect(sock.connects).toBe(1)
    expect(wall.connection.value).toBe('connecting')
    sock.serverConnect()
    expect(sock.emits(WALL_TOPICS.roomJoin)[0]!.payload).toEqual({ room: 'wall' })
    expect(wall.connection.value).toBe('live')
    expect(wall.tiles.value).toBeNull()

    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(7, 3))
    expect(wall.version.value).toBe(7)
    expect(wall.tiles.value?.receivedToday).toBe(3)
    expect(wall.lastUpdateAt.value).toBe(clock)

    await advance(600)
    sock.fire(WALL_TOPICS.wallDelta, delta(8, { tiles: tiles(4) }))
    expect(wall.version.value).toBe(8)
    expect(wall.tiles.value?.receivedToday).toBe(4)
    // a duplicate is ignored and asks for nothing
    sock.fire(WALL_TOPICS.wallDelta, delta(8, { tiles: tiles(99) }))
    await advance(600)
    expect(wall.tiles.value?.receivedToday).toBe(4)
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    scope.stop()
  })

  it('asks for a snapshot on a version gap and ignores deltas until it arrives', async () => {
    const { wall, scope } = setup()
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(1, 1))
    await advance(600)
    sock.fire(WALL_TOPICS.wallDelta, delta(3, { tiles: tiles(50) }))
    expect(wall.tiles.value?.receivedToday).toBe(1)
    const resyncs = sock.emits(WALL_TOPICS.wallResync)
    expect(resyncs).toHaveLength(1)
    expect(wall.resyncs.value).toBe(1)
    sock.fire(WALL_TOPICS.wallDelta, delta(4, { tiles: tiles(60) }))
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(1) // one request in flight, not one per delta
    resyncs[0]!.ack!(snapshot(4, 60))
    expect(wall.version.value).toBe(4)
    expect(wall.tiles.value?.receivedToday).toBe(60)
    sock.fire(WALL_TOPICS.wallDelta, delta(5, { tiles: tiles(61) }))
    await advance(600)
    expect(wall.tiles.value?.receivedToday).toBe(61)
    scope.stop()
  })

  it('ignores a stale delta (versions only grow: it is in the state already), a duplicate and another jurisdiction', async () => {
    const { wall, scope } = setup()
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(100, 7))
    sock.fire(WALL_TOPICS.wallDelta, delta(2, { tiles: tiles(1) }))
    sock.fire(WALL_TOPICS.wallDelta, delta(100, { tiles: tiles(2) }))
    sock.fire(WALL_TOPICS.wallDelta, { ...delta(101, { tiles: tiles(3) }), jurisdictionCode: '440200' })
    await advance(600)
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    expect(wall.version.value).toBe(100)
    expect(wall.tiles.value?.receivedToday).toBe(7)
    scope.stop()
  })

  it('upgrades a schema 1 payload from an older publisher and ignores an unknown schema version', async () => {
    const { wall, scope } = setup()
    sock.serverConnect()
    const { schemaVersion: _s, ...v1 } = snapshot(10, 5)
    sock.fire(WALL_TOPICS.wallSnapshot, { ...v1, schema: 1 })
    expect(wall.version.value).toBe(10)
    sock.fire(WALL_TOPICS.wallDelta, { ...delta(11, { tiles: tiles(9) }), schemaVersion: 3 })
    await advance(600)
    expect(wall.version.value).toBe(10)
    expect(wall.tiles.value?.receivedToday).toBe(5)
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    scope.stop()
  })

  it('asks again when the resync goes unanswered', async () => {
    const { scope } = setup({ ackTimeoutMs: 5000 })
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(1))
    sock.fire(WALL_TOPICS.wallDelta, delta(9, {}))
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(1)
    await advance(5000)
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(2)
    scope.stop()
  })

  it('asks for a snapshot after a reconnect, and when the first join brings none', async () => {
    const { wall, scope } = setup()
    sock.serverConnect()
    await advance(2000) // no snapshot after joining
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(1)
    sock.emits(WALL_TOPICS.wallResync)[0]!.ack!(snapshot(5, 5))
    expect(wall.version.value).toBe(5)

    sock.connected = false
    sock.fire('disconnect', 'transport close')
    expect(wall.connection.value).toBe('offline')
    sock.serverConnect()
    expect(sock.emits(WALL_TOPICS.roomJoin)).toHaveLength(2)
    expect(wall.connection.value).toBe('live')
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(2)
    // the server restarted and counts from 1 again: the snapshot is authoritative
    sock.emits(WALL_TOPICS.wallResync)[1]!.ack!(snapshot(1, 9))
    await advance(600)
    expect(wall.version.value).toBe(1)
    expect(wall.tiles.value?.receivedToday).toBe(9)
    scope.stop()
  })

  it('says forbidden when signed in but refused the room, and neither loops nor gives up the socket', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 1000, fetchSnapshot: async () => (fetched++, snapshot(1)) })
    sock.serverConnect('FORBIDDEN')
    expect(wall.connection.value).toBe('forbidden')
    await advance(30_000)
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    expect(sock.emits(WALL_TOPICS.roomJoin)).toHaveLength(1)
    expect(sock.disconnects).toBe(0)
    expect(sock.connects).toBe(1)
    expect(fetched).toBe(0) // connected: no HTTP polling either
    // the account changed (the server disconnects): reconnect, join again, live
    sock.serverDisconnect()
    await advance(1000)
    expect(sock.connects).toBe(2)
    sock.serverConnect()
    expect(wall.connection.value).toBe('live')
    scope.stop()
  })

  it('signs out for good when the join says UNAUTHENTICATED (session expired or revoked)', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 5000, fetchSnapshot: async () => (fetched++, snapshot(1)) })
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(3, 3))
    // revoked: the server drops the socket; the reconnect has no session any more
    sock.serverDisconnect()
    expect(wall.connection.value).toBe('offline')
    await advance(1000)
    expect(sock.connects).toBe(2)
    sock.serverConnect('UNAUTHENTICATED')
    expect(wall.connection.value).toBe('unauthenticated')
    const connects = sock.connects
    const disconnects = sock.disconnects
    expect(disconnects).toBe(1)
    await advance(60_000)
    expect(sock.connects).toBe(connects) // nothing retries
    expect(sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
    expect(wall.tiles.value?.receivedToday).toBe(3) // the last data stays on screen meanwhile
    expect(fetched).toBe(0)
    scope.stop()
    expect(wall.connection.value).toBe('unauthenticated')
  })

  it('signs out when the handshake is refused as unauthenticated', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 1000, fetchSnapshot: async () => (fetched++, snapshot(1)) })
    sock.active = false
    sock.fire('connect_error', new Error('unauthenticated'))
    expect(wall.connection.value).toBe('unauthenticated')
    await advance(10_000)
    expect(fetched).toBe(0)
    expect(sock.connects).toBe(1)
    scope.stop()
  })

  it('signs out when the HTTP fallback answers 401; a 403 says forbidden and keeps polling', async () => {
    let status = 403
    const { wall, scope } = setup({
      fallbackIntervalMs: 1000,
      fetchSnapshot: async () => {
        fetched++
        throw new ApiError(status, { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message: '', messageEn: '' })
      },
    })
    sock.fire('connect_error', new Error('websocket error'))
    await advance(1000)
    expect(fetched).toBe(1)
    expect(wall.connection.value).toBe('forbidden')
    await advance(1000)
    expect(fetched).toBe(2)
    status = 401
    await advance(1000)
    expect(fetched).toBe(3)
    expect(wall.connection.value).toBe('unauthenticated')
    await advance(10_000)
    expect(fetched).toBe(3)
    expect(sock.disconnects).toBe(1)
    scope.stop()
  })

  it('never takes a network error or a 5xx for a sign-out: keeps retrying until the data comes back', async () => {
    let fail: 'network' | 500 | null = 'network'
    const { wall, scope } = setup({
      fallbackIntervalMs: 1000,
      fetchSnapshot: async () => {
        fetched++
        if (fail === 'network') throw new TypeError('Failed to fetch')
        if (fail === 500) throw new ApiError(500, { code: 'INTERNAL', message: '', messageEn: '' })
        return snapshot(9, 9)
      },
    })
    sock.fire('connect_error', new Error('websocket error')) // active: socket.io-client retries by itself
    await advance(1000)
    expect(wall.connection.value).toBe('offline')
    fail = 500
    await advance(1000)
    expect(wall.connection.value).toBe('offline')
    expect(fetched).toBe(2)
    fail = null
    await advance(1000)
    expect(wall.version.value).toBe(9)
    expect(wall.connection.value).toBe('offline')
    expect(sock.connects).toBe(1) // no manual reconnect while socket.io-client retries
    sock.serverConnect()
    expect(wall.connection.value).toBe('live')
    scope.stop()
  })

  it('reconnects by itself after the server disconnected it or refused the handshake for another reason', async () => {
    const { wall, scope } = setup({ reconnectDelayMs: 2000 })
    sock.serverConnect()
    sock.serverDisconnect() // e.g. the server shutting down sends a disconnect
    await advance(1999)
    expect(sock.connects).toBe(1)
    await advance(1)
    expect(sock.connects).toBe(2)
    // the handshake is refused while the database is away: socket.io-client would stop here
    sock.active = false
    sock.fire('connect_error', new Error('unavailable'))
    expect(wall.connection.value).toBe('offline')
    await advance(2000)
    expect(sock.connects).toBe(3)
    sock.serverConnect()
    expect(wall.connection.value).toBe('live')
    // a plain transport close is socket.io-client's to retry: no extra connect
    sock.connected = false
    sock.fire('disconnect', 'transport close')
    await advance(5000)
    expect(sock.connects).toBe(3)
    scope.stop()
  })

  it('restarts a connection whose join is never acknowledged', async () => {
    const { scope } = setup({ ackTimeoutMs: 3000 })
    sock.connected = true
    sock.fire('connect')
    await advance(3000)
    expect(sock.disconnects).toBe(1)
    expect(sock.connects).toBe(2)
    scope.stop()
  })

  it('applies at most one update per panel per interval (default WALL_PANEL_MIN_INTERVAL_MS), ending on the latest', async () => {
    const { wall, scope } = setup()
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(0, 0))
    const seen: number[] = []
    let last = wall.tiles.value
    for (let v = 1; v <= 100; v++) {
      sock.fire(WALL_TOPICS.wallDelta, delta(v, { tiles: tiles(v) }))
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
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(0, 0, [card('a')]))
    for (let v = 1; v <= 80; v++) sock.fire(WALL_TOPICS.wallDelta, delta(v, { cards: [card(`c${v}`)] }))
    sock.fire(WALL_TOPICS.wallDelta, delta(81, { cards: [card('c80')] }))
    await advance(600)
    const ids = wall.cards.value!.map((c) => c.id)
    expect(ids).toHaveLength(WALL_TICKER_LIMIT)
    expect(ids[0]).toBe('c80')
    expect(ids[1]).toBe('c79')
    expect(new Set(ids).size).toBe(ids.length)
    expect(mergeWallCards([card('x')], [card('x'), card('y')], 5).map((c) => c.id)).toEqual(['x', 'y'])
    scope.stop()
  })

  it('reads the snapshot over HTTP while the socket is down', async () => {
    const { wall, scope } = setup({
      fallbackIntervalMs: 1000,
      fetchSnapshot: async () => {
        fetched++
        return snapshot(42, 42)
      },
    })
    sock.fire('connect_error', new Error('refused'))
    expect(wall.connection.value).toBe('offline')
    await advance(1000)
    expect(fetched).toBe(1)
    expect(wall.version.value).toBe(42)
    await advance(1000)
    expect(fetched).toBe(2)
    sock.serverConnect()
    await advance(5000)
    expect(fetched).toBe(2) // stops once connected
    scope.stop()
  })

  it('removes its listeners and timers and closes the socket on scope dispose', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 1000, fetchSnapshot: async () => (fetched++, snapshot(1)) })
    sock.serverConnect()
    sock.fire(WALL_TOPICS.wallSnapshot, snapshot(1))
    sock.fire(WALL_TOPICS.wallDelta, delta(2, { tiles: tiles(2) })) // schedules a throttled update
    sock.connected = false
    sock.fire('disconnect', 'transport close') // schedules the HTTP fallback
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    scope.stop()
    expect(sock.listenerCount()).toBe(0)
    expect(sock.disconnects).toBeGreaterThan(0)
    expect(vi.getTimerCount()).toBe(0)
    await advance(10_000)
    expect(fetched).toBe(0)
    expect(wall.connection.value).toBe('offline')
  })
})

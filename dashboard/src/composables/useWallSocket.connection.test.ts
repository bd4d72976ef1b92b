// useWallSocket: joining, signing out, forbidden, reconnects, the HTTP fallback and disposal.
import { describe, expect, it, vi } from 'vitest'
import { TOPICS as WALL_TOPICS } from '../../../domain/realtime/topics.ts'
import { ApiError } from '../api/client.ts'
import { advance, delta, setup, snapshot, t, tiles, useFakeClock } from './useWallSocket.fixtures.ts'

useFakeClock()

describe('useWallSocket: connection and session', () => {
  it('says forbidden when signed in but refused the room, and neither loops nor gives up the socket', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 1000, fetchSnapshot: async () => (t.fetched++, snapshot(1)) })
    t.sock.serverConnect('FORBIDDEN')
    expect(wall.connection.value).toBe('forbidden')
    await advance(30_000)
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    expect(t.sock.emits(WALL_TOPICS.roomJoin)).toHaveLength(1)
    expect(t.sock.disconnects).toBe(0)
    expect(t.sock.connects).toBe(1)
    expect(t.fetched).toBe(0) // connected: no HTTP polling either
    // the account changed (the server disconnects): reconnect, join again, live
    t.sock.serverDisconnect()
    await advance(1000)
    expect(t.sock.connects).toBe(2)
    t.sock.serverConnect()
    expect(wall.connection.value).toBe('live')
    scope.stop()
  })

  it('signs out for good when the join says UNAUTHENTICATED (session expired or revoked)', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 5000, fetchSnapshot: async () => (t.fetched++, snapshot(1)) })
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(3, 3))
    // revoked: the server drops the socket; the reconnect has no session any more
    t.sock.serverDisconnect()
    expect(wall.connection.value).toBe('offline')
    await advance(1000)
    expect(t.sock.connects).toBe(2)
    t.sock.serverConnect('UNAUTHENTICATED')
    expect(wall.connection.value).toBe('unauthenticated')
    const connects = t.sock.connects
    const disconnects = t.sock.disconnects
    expect(disconnects).toBe(1)
    await advance(60_000)
    expect(t.sock.connects).toBe(connects) // nothing retries
    expect(t.sock.emits(WALL_TOPICS.wallResync)).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
    expect(wall.tiles.value?.receivedToday).toBe(3) // the last data stays on screen meanwhile
    expect(t.fetched).toBe(0)
    scope.stop()
    expect(wall.connection.value).toBe('unauthenticated')
  })

  it('signs out when the handshake is refused as unauthenticated', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 1000, fetchSnapshot: async () => (t.fetched++, snapshot(1)) })
    t.sock.active = false
    t.sock.fire('connect_error', new Error('unauthenticated'))
    expect(wall.connection.value).toBe('unauthenticated')
    await advance(10_000)
    expect(t.fetched).toBe(0)
    expect(t.sock.connects).toBe(1)
    scope.stop()
  })

  it('signs out when the HTTP fallback answers 401; a 403 says forbidden and keeps polling', async () => {
    let status = 403
    const { wall, scope } = setup({
      fallbackIntervalMs: 1000,
      fetchSnapshot: async () => {
        t.fetched++
        throw new ApiError(status, { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message: '', messageEn: '' })
      },
    })
    t.sock.fire('connect_error', new Error('websocket error'))
    await advance(1000)
    expect(t.fetched).toBe(1)
    expect(wall.connection.value).toBe('forbidden')
    await advance(1000)
    expect(t.fetched).toBe(2)
    status = 401
    await advance(1000)
    expect(t.fetched).toBe(3)
    expect(wall.connection.value).toBe('unauthenticated')
    await advance(10_000)
    expect(t.fetched).toBe(3)
    expect(t.sock.disconnects).toBe(1)
    scope.stop()
  })

  it('never takes a network error or a 5xx for a sign-out: keeps retrying until the data comes back', async () => {
    let fail: 'network' | 500 | null = 'network'
    const { wall, scope } = setup({
      fallbackIntervalMs: 1000,
      fetchSnapshot: async () => {
        t.fetched++
        if (fail === 'network') throw new TypeError('Failed to fetch')
        if (fail === 500) throw new ApiError(500, { code: 'INTERNAL', message: '', messageEn: '' })
        return snapshot(9, 9)
      },
    })
    t.sock.fire('connect_error', new Error('websocket error')) // active: socket.io-client retries by itself
    await advance(1000)
    expect(wall.connection.value).toBe('offline')
    fail = 500
    await advance(1000)
    expect(wall.connection.value).toBe('offline')
    expect(t.fetched).toBe(2)
    fail = null
    await advance(1000)
    expect(wall.version.value).toBe(9)
    expect(wall.connection.value).toBe('offline')
    expect(t.sock.connects).toBe(1) // no manual reconnect while socket.io-client retries
    t.sock.serverConnect()
    expect(wall.connection.value).toBe('live')
    scope.stop()
  })

  it('reconnects by itself after the server disconnected it or refused the handshake for another reason', async () => {
    const { wall, scope } = setup({ reconnectDelayMs: 2000 })
    t.sock.serverConnect()
    t.sock.serverDisconnect() // e.g. the server shutting down sends a disconnect
    await advance(1999)
    expect(t.sock.connects).toBe(1)
    await advance(1)
    expect(t.sock.connects).toBe(2)
    // the handshake is refused while the database is away: socket.io-client would stop here
    t.sock.active = false
    t.sock.fire('connect_error', new Error('unavailable'))
    expect(wall.connection.value).toBe('offline')
    await advance(2000)
    expect(t.sock.connects).toBe(3)
    t.sock.serverConnect()
    expect(wall.connection.value).toBe('live')
    // a plain transport close is socket.io-client's to retry: no extra connect
    t.sock.connected = false
    t.sock.fire('disconnect', 'transport close')
    await advance(5000)
    expect(t.sock.connects).toBe(3)
    scope.stop()
  })

  it('restarts a connection whose join is never acknowledged', async () => {
    const { scope } = setup({ ackTimeoutMs: 3000 })
    t.sock.connected = true
    t.sock.fire('connect')
    await advance(3000)
    expect(t.sock.disconnects).toBe(1)
    expect(t.sock.connects).toBe(2)
    scope.stop()
  })

  it('reads the snapshot over HTTP while the socket is down', async () => {
    const { wall, scope } = setup({
      fallbackIntervalMs: 1000,
      fetchSnapshot: async () => {
        t.fetched++
        return snapshot(42, 42)
      },
    })
    t.sock.fire('connect_error', new Error('refused'))
    expect(wall.connection.value).toBe('offline')
    await advance(1000)
    expect(t.fetched).toBe(1)
    expect(wall.version.value).toBe(42)
    await advance(1000)
    expect(t.fetched).toBe(2)
    t.sock.serverConnect()
    await advance(5000)
    expect(t.fetched).toBe(2) // stops once connected
    scope.stop()
  })

  it('removes its listeners and timers and closes the socket on scope dispose', async () => {
    const { wall, scope } = setup({ fallbackIntervalMs: 1000, fetchSnapshot: async () => (t.fetched++, snapshot(1)) })
    t.sock.serverConnect()
    t.sock.fire(WALL_TOPICS.wallSnapshot, snapshot(1))
    t.sock.fire(WALL_TOPICS.wallDelta, delta(2, { tiles: tiles(2) })) // schedules a throttled update
    t.sock.connected = false
    t.sock.fire('disconnect', 'transport close') // schedules the HTTP fallback
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    scope.stop()
    expect(t.sock.listenerCount()).toBe(0)
    expect(t.sock.disconnects).toBeGreaterThan(0)
    expect(vi.getTimerCount()).toBe(0)
    await advance(10_000)
    expect(t.fetched).toBe(0)
    expect(wall.connection.value).toBe('offline')
  })
})

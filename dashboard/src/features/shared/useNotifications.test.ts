import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Socket } from 'socket.io-client'
import { createNotifications } from './useNotifications.ts'

/** The part of a socket.io-client Socket the composable uses, driven by the test. */
function fakeSocket() {
  const handlers = new Map<string, ((...a: unknown[]) => void)[]>()
  const s = {
    connects: 0,
    on(event: string, h: (...a: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), h])
      return s
    },
    fire(event: string, ...args: unknown[]) {
      for (const h of handlers.get(event) ?? []) h(...args)
    },
    connect() {
      s.connects++
      return s
    },
    disconnect() {
      return s
    },
  }
  return s
}

describe('createNotifications: the live connection', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ unread: 0, items: [] }), { status: 200, headers: { 'content-type': 'application/json' } })))
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('connects again after the server disconnected it (account changed), not after its own stop', async () => {
    const s = fakeSocket()
    const n = createNotifications({ connect: () => s as unknown as Socket, reconnectDelayMs: 1000 })
    await n.start()
    s.fire('connect')
    expect(n.connected.value).toBe(true)

    s.fire('disconnect', 'io server disconnect')
    expect(n.connected.value).toBe(false)
    await vi.advanceTimersByTimeAsync(999)
    expect(s.connects).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(s.connects).toBe(1)

    // a transport drop is socket.io-client's own to retry; a stop cancels a pending reconnect
    s.fire('disconnect', 'transport close')
    await vi.advanceTimersByTimeAsync(5000)
    expect(s.connects).toBe(1)
    s.fire('disconnect', 'io server disconnect')
    n.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(s.connects).toBe(1)
  })
})

/**
 * What the useWallSocket tests share: a socket.io-client stand-in, wall payload builders, and a
 * harness (the composable in an effect scope, a fake clock, a counter of HTTP fallback reads).
 */
import { afterEach, beforeEach, vi } from 'vitest'
import { effectScope } from 'vue'
import type { WallCardItem, WallDelta, WallSnapshot } from '../../../domain/realtime/wall.ts'
import { TOPICS as WALL_TOPICS } from '../../../domain/realtime/topics.ts'
import { useWallSocket, type UseWallSocketOptions, type WallSocketLike } from './useWallSocket.ts'

export type Listener = (...args: never[]) => void
export type Call = (...args: unknown[]) => void

/** A socket.io-client stand-in: records emits, lets the test fire server events. */
export class FakeSocket implements WallSocketLike {
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

export const card = (id: string): WallCardItem => ({
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

export const tiles = (receivedToday: number) => ({ receivedToday, acceptedToday: 0, concludedToday: 0, inProgress: 0, warning: 0, yellow: 0, red: 0, onTimeRateMonth: null })

export const snapshot = (version: number, receivedToday = 1, cards: WallCardItem[] = []): WallSnapshot => ({
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
export const delta = (version: number, panels: WallDelta['panels']): WallDelta => ({ schemaVersion: 2, jurisdictionCode: '440204', version, at: '2026-12-01T00:00:00Z', panels })

/** The current test's socket, clock (ms, what `now` returns) and count of HTTP fallback reads. */
export const t = { clock: 0, sock: new FakeSocket(), fetched: 0 }

export function setup(opts: UseWallSocketOptions = {}) {
  t.sock = new FakeSocket()
  const scope = effectScope()
  const sock = t.sock
  const wall = scope.run(() => useWallSocket({ socketFactory: () => sock, now: () => t.clock, fetchSnapshot: null, ...opts }))!
  return { wall, scope }
}

/** Fake timers around every test of the file that calls it. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers()
    t.clock = 1_000_000
    t.fetched = 0
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

export const advance = async (ms: number) => {
  t.clock += ms
  await vi.advanceTimersByTimeAsync(ms)
}

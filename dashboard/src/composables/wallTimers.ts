/**
 * The wall socket's small timed helpers, each with one job (useWallSocket.ts composes them):
 * a one-shot timer, the resync request with its retry, and the HTTP fallback while the socket is down.
 */
import { TOPICS } from '../../../domain/realtime/topics.ts'
import type { WallSnapshot } from '../../../domain/realtime/wall.ts'
import type { WallSocketLike } from './useWallSocket.ts'

export interface Timer {
  readonly armed: boolean
  /** Runs `fn` once after `ms` (replacing a timer already armed). */
  start(fn: () => void, ms: number): void
  clear(): void
}

export function createTimer(): Timer {
  let handle: ReturnType<typeof setTimeout> | undefined
  return {
    get armed() {
      return handle !== undefined
    },
    start(fn, ms) {
      if (handle !== undefined) clearTimeout(handle)
      handle = setTimeout(() => {
        handle = undefined
        fn()
      }, ms)
    },
    clear() {
      if (handle !== undefined) clearTimeout(handle)
      handle = undefined
    },
  }
}

export interface WallResync {
  /** A request is in flight (deltas are ignored meanwhile). */
  readonly pending: boolean
  /** Ask for a snapshot unless one is already asked for; if none arrives within the timeout (and still connected), ask again. */
  request(): void
  /** Ask now, even if a request is in flight. */
  force(): void
  /** The snapshot arrived (or the socket went down): stop waiting. */
  clear(): void
}

export function createWallResync(options: { socket: WallSocketLike; ackTimeoutMs: number; onRequest: () => void; onSnapshot: (answer: unknown) => void }): WallResync {
  const { socket, ackTimeoutMs } = options
  const timer = createTimer()
  let pending = false
  const self: WallResync = {
    get pending() {
      return pending
    },
    request() {
      if (pending || !socket.connected) return // not connected: the next connect joins, which brings a snapshot
      pending = true
      options.onRequest()
      // the answer is checked by the reducer: a refusal (`{ ok: false }`) is not a snapshot
      socket.emit(TOPICS.wallResync, {}, (answer) => options.onSnapshot(answer))
      timer.start(() => {
        pending = false
        self.request()
      }, ackTimeoutMs)
    },
    force() {
      self.clear()
      self.request()
    },
    clear() {
      pending = false
      timer.clear()
    },
  }
  return self
}

export interface WallFallback {
  start(): void
  stop(): void
}

/** Reads the snapshot over HTTP every `intervalMs` while `active()` (the socket is down). */
export function createWallFallback(options: {
  fetchSnapshot: ((signal: AbortSignal) => Promise<WallSnapshot>) | null
  intervalMs: number
  active: () => boolean
  onSnapshot: (s: WallSnapshot) => void
  onError: (err: unknown) => void
}): WallFallback {
  const { fetchSnapshot } = options
  const timer = createTimer()
  let abort: AbortController | undefined
  const self: WallFallback = {
    start() {
      if (fetchSnapshot === null || timer.armed || !options.active()) return
      timer.start(async () => {
        if (!options.active()) return
        abort = new AbortController()
        try {
          const s = await fetchSnapshot(abort.signal)
          if (options.active()) options.onSnapshot(s)
        } catch (err) {
          options.onError(err)
        } finally {
          abort = undefined
        }
        self.start()
      }, options.intervalMs)
    },
    stop() {
      timer.clear()
      abort?.abort()
      abort = undefined
    },
  }
  return self
}

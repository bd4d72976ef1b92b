import { readonly, shallowRef, toValue, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'

/** What `usePolling` calls: it gets a signal that aborts when polling is paused or disposed. */
export type PollingFn = (signal: AbortSignal) => unknown

export interface UsePollingOptions {
  /**
   * Milliseconds from the end of one call to the start of the next (calls never overlap).
   * A ref or getter is read again before each wait, so changes apply from the next wait on.
   * A value that is not a finite number ≥ 0 counts as the default.
   * @default 10_000
   */
  intervalMs?: MaybeRefOrGetter<number>
  /**
   * Start polling at once. When false, nothing happens until `resume()`.
   * @default true
   */
  immediate?: boolean
  /**
   * On start and on every `resume()`, call `fn` at once instead of after the first interval.
   * @default true
   */
  immediateCallback?: boolean
  /** Called with what `fn` threw or rejected with (not for aborts caused by pause/dispose). */
  onError?: (error: unknown) => void
}

export interface UsePollingReturn {
  /** Whether polling is running (not paused). */
  isActive: Readonly<ShallowRef<boolean>>
  /** Whether a call of `fn` is in flight. */
  isPending: Readonly<ShallowRef<boolean>>
  /** What the last call threw, or `undefined` after a call that succeeded. */
  error: Readonly<ShallowRef<unknown>>
  /** Stop polling; aborts the call in flight (its signal fires) and the pending wait. */
  pause: () => void
  /** Start polling again (calls `fn` at once unless `immediateCallback` is false). */
  resume: () => void
  /**
   * Call `fn` now and restart the wait after it. Joins the call in flight instead of starting a
   * second one. Works while paused too (one call, no schedule).
   */
  trigger: () => Promise<void>
}

const DEFAULT_INTERVAL_MS = 10_000

/**
 * Call `fn` repeatedly, waiting `intervalMs` after each call settles.
 *
 * Unlike `setInterval` (and VueUse's `useIntervalFn`), a slow call never overlaps the next one, and
 * unlike `useTimeoutPoll`, an error does not stop the loop, and pausing aborts the call in flight,
 * so a late answer can never land after `pause()`. Everything stops when the calling effect
 * scope (component) is disposed.
 *
 * @example
 * const { pause, resume, isActive } = usePolling((signal) => fetch('/readyz', { signal }), { intervalMs: 10_000 })
 */
export function usePolling(fn: PollingFn, options: UsePollingOptions = {}): UsePollingReturn {
  const { intervalMs = DEFAULT_INTERVAL_MS, immediate = true, immediateCallback = true, onError } = options

  const isActive = shallowRef(false)
  const isPending = shallowRef(false)
  const error = shallowRef<unknown>(undefined)

  let timer: ReturnType<typeof setTimeout> | undefined
  let controller: AbortController | undefined
  let inFlight: Promise<void> | undefined
  // Bumped on every pause: a call that started under an older generation must not touch state.
  let generation = 0

  function clearTimer() {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
  }

  function schedule() {
    clearTimer()
    const requested = toValue(intervalMs)
    const wait = Number.isFinite(requested) && requested >= 0 ? requested : DEFAULT_INTERVAL_MS
    timer = setTimeout(() => {
      timer = undefined
      void run()
    }, wait)
  }

  function run(): Promise<void> {
    if (inFlight) return inFlight
    clearTimer()
    const gen = generation
    const ctrl = new AbortController()
    controller = ctrl
    isPending.value = true
    const call = (async () => {
      try {
        await fn(ctrl.signal)
        if (gen === generation) error.value = undefined
      } catch (e) {
        if (gen === generation && !ctrl.signal.aborted) {
          error.value = e
          onError?.(e)
        }
      } finally {
        if (gen === generation) {
          controller = undefined
          inFlight = undefined
          isPending.value = false
          if (isActive.value) schedule()
        }
      }
    })()
    // `fn` may throw synchronously, in which case `call` has already settled (and scheduled the
    // next wait) by now: only remember it while it is still the current call.
    if (controller === ctrl) inFlight = call
    return call
  }

  function pause() {
    generation++
    isActive.value = false
    clearTimer()
    controller?.abort()
    controller = undefined
    inFlight = undefined
    isPending.value = false
  }

  function resume() {
    if (isActive.value) return
    isActive.value = true
    if (immediateCallback) void run()
    else schedule()
  }

  function trigger(): Promise<void> {
    return run()
  }

  if (immediate) resume()
  tryOnScopeDispose(pause)

  return {
    isActive: readonly(isActive),
    isPending: readonly(isPending),
    error: readonly(error),
    pause,
    resume,
    trigger,
  }
}

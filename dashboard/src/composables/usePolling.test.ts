import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { usePolling, type UsePollingOptions, type PollingFn } from './usePolling.ts'

function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Run usePolling inside an effect scope, as a component would. */
function setup(fn: PollingFn, options?: UsePollingOptions) {
  const scope = effectScope()
  const polling = scope.run(() => usePolling(fn, options))!
  return { scope, ...polling }
}

describe('usePolling', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('calls at once, then every intervalMs after each call settles', async () => {
    const fn = vi.fn()
    const { isActive, scope } = setup(fn, { intervalMs: 1000 })
    expect(isActive.value).toBe(true)
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(999)
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(3000)
    expect(fn).toHaveBeenCalledTimes(5)
    scope.stop()
  })

  it('defaults to a 10 s interval', async () => {
    const fn = vi.fn()
    const { scope } = setup(fn)
    await vi.advanceTimersByTimeAsync(9_999)
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('never overlaps a slow call: the wait starts when the call settles', async () => {
    const slow = deferred()
    const fn = vi.fn().mockReturnValueOnce(slow.promise)
    const { isPending, scope } = setup(fn, { intervalMs: 1000 })
    expect(isPending.value).toBe(true)
    await vi.advanceTimersByTimeAsync(5000)
    expect(fn).toHaveBeenCalledTimes(1)
    slow.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(isPending.value).toBe(false)
    await vi.advanceTimersByTimeAsync(999)
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('with immediate: false does nothing until resume()', async () => {
    const fn = vi.fn()
    const { isActive, resume, scope } = setup(fn, { intervalMs: 1000, immediate: false })
    await vi.advanceTimersByTimeAsync(5000)
    expect(fn).not.toHaveBeenCalled()
    expect(isActive.value).toBe(false)
    resume()
    expect(isActive.value).toBe(true)
    expect(fn).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('with immediateCallback: false waits one interval before the first call', async () => {
    const fn = vi.fn()
    const { scope } = setup(fn, { intervalMs: 1000, immediateCallback: false })
    expect(fn).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1000)
    expect(fn).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('pause() stops the loop and aborts the call in flight; resume() calls again at once', async () => {
    const signals: AbortSignal[] = []
    const fn = vi.fn((signal: AbortSignal) => {
      signals.push(signal)
      return new Promise<void>(() => {}) // never settles by itself
    })
    const { isActive, isPending, pause, resume, scope } = setup(fn, { intervalMs: 1000 })
    expect(signals[0]?.aborted).toBe(false)
    pause()
    expect(isActive.value).toBe(false)
    expect(isPending.value).toBe(false)
    expect(signals[0]?.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fn).toHaveBeenCalledTimes(1)
    resume()
    expect(fn).toHaveBeenCalledTimes(2)
    expect(signals[1]?.aborted).toBe(false)
    scope.stop()
  })

  it('resume() while active does not start a second loop', async () => {
    const fn = vi.fn()
    const { resume, scope } = setup(fn, { intervalMs: 1000 })
    resume()
    resume()
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fn).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('a call that settles after pause() changes nothing and schedules nothing', async () => {
    const late = deferred()
    const fn = vi.fn().mockReturnValueOnce(late.promise)
    const onError = vi.fn()
    const { error, isPending, pause, scope } = setup(fn, { intervalMs: 1000, onError })
    pause()
    late.reject(new Error('late'))
    await vi.advanceTimersByTimeAsync(5000)
    expect(error.value).toBeUndefined()
    expect(onError).not.toHaveBeenCalled()
    expect(isPending.value).toBe(false)
    expect(fn).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('keeps polling after an error, exposes it, and clears it after a success', async () => {
    const boom = new Error('boom')
    const fn = vi
      .fn()
      .mockRejectedValueOnce(boom)
      .mockImplementationOnce(() => {
        throw boom // synchronous throws count too
      })
      .mockResolvedValue(undefined)
    const onError = vi.fn()
    const { error, scope } = setup(fn, { intervalMs: 1000, onError })
    await vi.advanceTimersByTimeAsync(0)
    expect(error.value).toBe(boom)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fn).toHaveBeenCalledTimes(2)
    expect(onError).toHaveBeenCalledTimes(2)
    expect(error.value).toBe(boom)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fn).toHaveBeenCalledTimes(3)
    expect(error.value).toBeUndefined()
    scope.stop()
  })

  it('stops and aborts when its effect scope is disposed', async () => {
    let signal: AbortSignal | undefined
    const fn = vi.fn((s: AbortSignal) => {
      signal = s
      return new Promise<void>(() => {})
    })
    const { isActive, scope } = setup(fn, { intervalMs: 1000 })
    scope.stop()
    expect(isActive.value).toBe(false)
    expect(signal?.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('reads a reactive interval before each wait', async () => {
    const fn = vi.fn()
    const interval = shallowRef(1000)
    const { scope } = setup(fn, { intervalMs: interval })
    await vi.advanceTimersByTimeAsync(0)
    interval.value = 5000 // the wait already scheduled keeps its 1000 ms
    await vi.advanceTimersByTimeAsync(1000)
    expect(fn).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(4999)
    expect(fn).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(3)
    scope.stop()
  })

  it('accepts a getter for the interval and treats a bad value as the 10 s default', async () => {
    const fn = vi.fn()
    const bad = shallowRef(Number.NaN)
    const { scope } = setup(fn, { intervalMs: () => bad.value })
    await vi.advanceTimersByTimeAsync(9_999)
    expect(fn).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(2)
    bad.value = -5
    await vi.advanceTimersByTimeAsync(9_999)
    expect(fn).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(3)
    scope.stop()
  })

  it('trigger() calls now and restarts the wait', async () => {
    const fn = vi.fn()
    const { trigger, scope } = setup(fn, { intervalMs: 1000 })
    await vi.advanceTimersByTimeAsync(600)
    await trigger()
    expect(fn).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(999)
    expect(fn).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fn).toHaveBeenCalledTimes(3)
    scope.stop()
  })

  it('trigger() joins the call in flight instead of starting another', async () => {
    const slow = deferred()
    const fn = vi.fn().mockReturnValueOnce(slow.promise)
    const { trigger, scope } = setup(fn, { intervalMs: 1000 })
    const joined = trigger()
    expect(fn).toHaveBeenCalledTimes(1)
    slow.resolve()
    await joined
    expect(fn).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('trigger() while paused calls once and does not restart polling', async () => {
    const fn = vi.fn()
    const { trigger, isActive, scope } = setup(fn, { intervalMs: 1000, immediate: false })
    await trigger()
    expect(fn).toHaveBeenCalledTimes(1)
    expect(isActive.value).toBe(false)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fn).toHaveBeenCalledTimes(1)
    scope.stop()
  })
})

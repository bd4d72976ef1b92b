import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useHealth, type UseHealthOptions } from './useHealth.ts'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const READY = { status: 'ready', postgres: 'up', redis: 'up' }
const REDIS_DOWN = { status: 'not-ready', postgres: 'up', redis: 'down' }

/** A fetch stub that answers from a queue of responders; each gets the request's signal. */
function stubFetch(...responders: Array<(signal: AbortSignal) => Promise<Response>>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = []
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init })
    const next = responders.length > 1 ? responders.shift()! : responders[0]!
    return next(init!.signal!)
  }) as unknown as typeof globalThis.fetch
  return { fetch, calls }
}

/** Never answers; rejects with an AbortError when its signal aborts, like fetch. */
const hang = (signal: AbortSignal) =>
  new Promise<Response>((_, reject) => {
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
  })

function setup(options: UseHealthOptions) {
  const scope = effectScope()
  const health = scope.run(() => useHealth({ now: () => Date.now(), ...options }))!
  return { scope, ...health }
}

describe('useHealth', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-25T02:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('starts unknown, then reports ready from GET /readyz', async () => {
    const { fetch, calls } = stubFetch(async () => json(200, READY))
    const { state, readiness, problem, checkedAt, scope } = setup({ fetch })
    expect(state.value).toBe('unknown')
    expect(checkedAt.value).toBeNull()
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('ready')
    expect(readiness.value).toEqual(READY)
    expect(problem.value).toBeNull()
    expect(checkedAt.value).toBe(Date.parse('2026-11-25T02:00:00Z'))
    expect(calls[0]?.url).toBe('/readyz')
    expect(calls[0]?.init?.cache).toBe('no-store')
    scope.stop()
  })

  it('polls every 10 s by default', async () => {
    const { fetch } = stubFetch(async () => json(200, READY))
    const { scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(fetch).toHaveBeenCalledTimes(4)
    scope.stop()
  })

  it('reads a 503 readiness body as degraded, with the part that is down', async () => {
    const { fetch } = stubFetch(async () => json(503, REDIS_DOWN))
    const { state, readiness, problem, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('degraded')
    expect(readiness.value?.redis).toBe('down')
    expect(readiness.value?.postgres).toBe('up')
    expect(problem.value).toBeNull()
    scope.stop()
  })

  it('reads other HTTP errors (e.g. a proxy with no server behind it) as unreachable', async () => {
    const { fetch } = stubFetch(async () => new Response('Bad Gateway', { status: 502 }))
    const { state, problem, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('unreachable')
    expect(problem.value).toEqual({ kind: 'http', status: 502 })
    scope.stop()
  })

  it('reads a 200 without a readiness body (e.g. the SPA fallback page) as unreachable', async () => {
    const { fetch } = stubFetch(async () => new Response('<!doctype html>', { status: 200 }))
    const { state, problem, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('unreachable')
    expect(problem.value).toEqual({ kind: 'body' })
    scope.stop()
  })

  it('reads a network error as unreachable', async () => {
    const { fetch } = stubFetch(async () => {
      throw new TypeError('Failed to fetch')
    })
    const { state, problem, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('unreachable')
    expect(problem.value).toEqual({ kind: 'network', message: 'Failed to fetch' })
    scope.stop()
  })

  it('gives up on a check after timeoutMs and keeps polling', async () => {
    const { fetch } = stubFetch(hang, async () => json(200, READY))
    const { state, problem, scope } = setup({ fetch, timeoutMs: 3000, intervalMs: 10_000 })
    await vi.advanceTimersByTimeAsync(2999)
    expect(state.value).toBe('unknown')
    await vi.advanceTimersByTimeAsync(1)
    expect(state.value).toBe('unreachable')
    expect(problem.value).toEqual({ kind: 'timeout', afterMs: 3000 })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(state.value).toBe('ready')
    expect(problem.value).toBeNull()
    scope.stop()
  })

  it('keeps the last readiness body when the server becomes unreachable', async () => {
    const { fetch } = stubFetch(
      async () => json(200, READY),
      async () => {
        throw new TypeError('Failed to fetch')
      },
    )
    const { state, readiness, checkedAt, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    const first = checkedAt.value
    await vi.advanceTimersByTimeAsync(10_000)
    expect(state.value).toBe('unreachable')
    expect(readiness.value).toEqual(READY)
    expect(checkedAt.value).toBe(first! + 10_000)
    scope.stop()
  })

  it('refresh() checks at once', async () => {
    const { fetch } = stubFetch(async () => json(503, REDIS_DOWN), async () => json(200, READY))
    const { state, refresh, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('degraded')
    await refresh()
    expect(state.value).toBe('ready')
    expect(fetch).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('with immediate: false waits for resume()', async () => {
    const { fetch } = stubFetch(async () => json(200, READY))
    const { state, resume, isActive, scope } = setup({ fetch, immediate: false })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(fetch).not.toHaveBeenCalled()
    expect(isActive.value).toBe(false)
    resume()
    await vi.advanceTimersByTimeAsync(0)
    expect(state.value).toBe('ready')
    scope.stop()
  })

  it('on dispose aborts the check in flight, leaves the state alone and leaves no timers', async () => {
    const signals: AbortSignal[] = []
    const { fetch } = stubFetch((signal) => {
      signals.push(signal)
      return hang(signal)
    })
    const { state, problem, checkedAt, scope } = setup({ fetch })
    await vi.advanceTimersByTimeAsync(100)
    scope.stop()
    await vi.advanceTimersByTimeAsync(0)
    expect(signals[0]?.aborted).toBe(true)
    expect(state.value).toBe('unknown')
    expect(problem.value).toBeNull()
    expect(checkedAt.value).toBeNull()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { useMobileResource } from './useMobileResource.ts'
import { useMobileLive } from './useMobileLive.ts'

/** fetch answered by the test, one call at a time. */
function heldFetch() {
  const pending: ((r: Response) => void)[] = []
  const fn = vi.fn(() => new Promise<Response>((resolve) => pending.push(resolve)))
  const answer = async (body: unknown) => {
    pending.shift()!(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', etag: `W/"${btoa(JSON.stringify(body))}"` } }))
    for (let i = 0; i < 10; i++) await nextTick()
  }
  return { fn, answer, pending }
}

describe('useMobileResource: re-reads on the live side’s asks', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads one at a time: asks during a read make one more read after it, with the data it answers', async () => {
    const f = heldFetch()
    vi.stubGlobal('fetch', f.fn)
    const live = useMobileLive()
    const scope = effectScope()
    const r = scope.run(() => useMobileResource<{ n: number }>('/api/v1/mobile/overview'))!
    await nextTick()
    expect(f.fn).toHaveBeenCalledTimes(1)

    // a red card: its notification and a mobile/refresh, and one more ask, while the first read runs
    for (let i = 0; i < 3; i++) {
      live.tick.value++
      await nextTick()
    }
    expect(f.fn).toHaveBeenCalledTimes(1)
    await f.answer({ n: 1 })
    expect(r.data.value).toEqual({ n: 1 })
    expect(f.fn).toHaveBeenCalledTimes(2)
    await f.answer({ n: 2 })
    expect(r.data.value).toEqual({ n: 2 })
    expect(f.fn).toHaveBeenCalledTimes(2)

    // nothing running: an ask reads at once
    live.tick.value++
    await nextTick()
    expect(f.fn).toHaveBeenCalledTimes(3)
    await f.answer({ n: 3 })
    expect(r.data.value).toEqual({ n: 3 })
    scope.stop()
  })
})

describe('useMobileResource: the answer the server pre-rendered into /m', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  it('is shown at once on the first read, dated by its own time (not now), while the read still goes out; only once', async () => {
    vi.resetModules()
    const seed = { url: '/api/v1/mobile/overview', at: 1_796_000_000_000, body: { n: 0 } }
    // the page's JSON block, as server/mobile/prerender.ts writes it (node has no DOM: the query it makes)
    vi.stubGlobal('document', {
      querySelectorAll: (sel: string) => (sel === 'script[type="application/json"][data-prerendered-data]' ? [{ textContent: JSON.stringify(seed) }] : []),
    })
    const f = heldFetch()
    vi.stubGlobal('fetch', f.fn)
    const resource = await import('./useMobileResource.ts')
    const { useMobileLive: live } = await import('./useMobileLive.ts')
    const scope = effectScope()
    const r = scope.run(() => resource.useMobileResource<{ n: number }>('/api/v1/mobile/overview'))!
    expect(r.data.value).toEqual({ n: 0 })
    expect(live().dataAt.value).toBe(seed.at)
    await nextTick()
    expect(f.fn).toHaveBeenCalledTimes(1)
    await f.answer({ n: 5 })
    expect(r.data.value).toEqual({ n: 5 })
    // another screen of the same URL later: the seed is not shown again
    const again = scope.run(() => resource.useMobileResource<{ n: number }>('/api/v1/mobile/overview'))!
    expect(again.data.value).toBeNull()
    scope.stop()
  })
})

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

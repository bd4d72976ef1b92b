/**
 * Data a page reads before it is drawn: the route's guard starts the read and waits for it (at
 * most PREFETCH_WAIT_MS), the page's setup takes the answer — so the page's first render has its
 * content. Over the server's pre-rendered page, nothing then appears late and moves what is below
 * it (layout shift), and the layout's footer never stands alone on screen while the content is
 * missing (it was the guide item's largest paint). The server's shell preloads the answers.
 */
export const PREFETCH_WAIT_MS = 3000

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }
interface Entry<T> {
  promise: Promise<T>
  settled: Settled<T> | null
}
const entries = new Map<string, Entry<unknown>>()

function start<T>(load: () => Promise<T>): Entry<T> {
  const entry: Entry<T> = { promise: load(), settled: null }
  entry.promise.then(
    (value) => (entry.settled = { ok: true, value }),
    (error: unknown) => (entry.settled = { ok: false, error }),
  )
  return entry
}

/** The route's guard: reads `key`, waiting for it at most PREFETCH_WAIT_MS. Always lets the navigation through. */
export async function prefetchGuard<T>(key: string, load: () => Promise<T>): Promise<true> {
  const entry = start(load)
  entries.set(key, entry as Entry<unknown>)
  await Promise.race([entry.promise.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, PREFETCH_WAIT_MS))])
  return true
}

/** What the guard read for `key` (taken once): settled now, or the read under way; without a guard, a new read. */
export function takePrefetched<T>(key: string, load: () => Promise<T>): { now: Settled<T> | null; later: Promise<T> } {
  const entry = (entries.get(key) as Entry<T> | undefined) ?? start(load)
  entries.delete(key)
  return { now: entry.settled, later: entry.promise }
}

/**
 * The wall publisher's reader: reads the panels (sql/wall.ts) and diffs them against the stored
 * snapshot (domain/realtime/diffWallPanels.ts). Each read takes the hot panels (tiles,
 * departments, cards); trends and rankings — the costly reads — are refreshed in the background
 * at most every `slowPanelsMs` per deployment and go into the next read, the stored snapshot's
 * being carried over until then. A snapshot of another jurisdiction or none at all: everything is
 * read (and everything is a change).
 */
import type pg from 'pg'
import type { WallPanels } from '../../domain/realtime/wall.ts'
import { diffWallPanels } from '../../domain/realtime/diffWallPanels.ts'
import { emptyWallPanels, readWallHotPanels, readWallPanels, readWallSlowPanels, resolveWallJurisdiction, type WallReadOptions, type WallSlowPanels } from '../../sql/wall.ts'
import type { WallStore } from './store.ts'

export interface WallRead {
  jurisdictionCode: string | null
  /** When the panels were read. */
  at: Date
  panels: WallPanels
  /** The panels that differ from the stored snapshot's (empty: nothing to publish). */
  changed: Partial<WallPanels>
  /** The stored version this read is based on (the new one is +1). */
  expected: number | null
  /** Read time of the slow panels in `panels`. */
  slowAt: number
}

export interface WallReaderOptions {
  pool: pg.Pool
  store: WallStore
  jurisdictionCode?: string | null
  read?: WallReadOptions
  slowPanelsMs: number
  recheckMs: number
  /** A hot read that takes longer is logged. */
  slowReadLogMs: number
  now: () => number
  log: (msg: string) => void
  /** Something new is ready (the slow panels): publish again soon, at `at` if given. */
  wake: (at?: number) => void
}

export interface WallReader {
  read(): Promise<WallRead>
  /** EWMA of the hot reads' time (ms): how early a read starts before its publication. */
  readonly estimateMs: number
  close(): Promise<void>
}

export function createWallReader(opts: WallReaderOptions): WallReader {
  const { pool, store, now, log } = opts
  let estimateMs = 20
  let slow: { at: number; jurisdictionCode: string; panels: WallSlowPanels } | null = null
  let slowRunning: Promise<void> | null = null
  let slowWanted = false
  let closed = false

  /** Trends and rankings in the background, once per `slowPanelsMs` for the whole deployment. */
  const refreshSlow = (jurisdictionCode: string) => {
    if (slowRunning || closed) return
    slowRunning = (async () => {
      if (!(await store.lockSlow(opts.slowPanelsMs))) return opts.wake(now() + 250) // another process is reading them
      slowWanted = false
      const at = now()
      slow = { at, jurisdictionCode, panels: await readWallSlowPanels(pool, jurisdictionCode, new Date(at), opts.read) }
      opts.wake()
    })()
      .catch((err: unknown) => log(`wall slow panels failed: ${(err as Error).message}`))
      .finally(() => {
        slowRunning = null
      })
  }

  /** Trends follow the hot panels; with nothing happening they still move on (a new hour) at the recheck. */
  const planSlow = (jurisdictionCode: string | null, changed: Partial<WallPanels>, slowAt: number, comparable: boolean) => {
    if (changed.tiles || changed.departments || changed.cards || now() - slowAt >= opts.recheckMs) slowWanted = true
    if (!slowWanted || !jurisdictionCode || !comparable) return
    const dueAt = Math.max(slowAt, slow?.at ?? 0) + opts.slowPanelsMs
    if (now() >= dueAt) refreshSlow(jurisdictionCode)
    else opts.wake(dueAt + 10)
  }

  return {
    get estimateMs() {
      return estimateMs
    },
    async read() {
      const t0 = performance.now()
      const jurisdictionCode = await resolveWallJurisdiction(pool, opts.jurisdictionCode)
      const stored = await store.read()
      const comparable = stored.snapshot !== null && stored.snapshot.jurisdictionCode === (jurisdictionCode ?? '') ? stored.snapshot.panels : null
      const at = new Date(now())
      let panels: WallPanels
      let slowAt = stored.slowAt
      if (!jurisdictionCode) panels = emptyWallPanels()
      else if (comparable === null) {
        panels = await readWallPanels(pool, jurisdictionCode, at, opts.read)
        slowAt = at.getTime()
      } else {
        const hot = await readWallHotPanels(pool, jurisdictionCode, at, opts.read)
        const fresh = slow && slow.jurisdictionCode === jurisdictionCode && slow.at > stored.slowAt ? slow : null
        panels = { ...hot, ...(fresh ? fresh.panels : { trends: comparable.trends, rankings: comparable.rankings }) }
        if (fresh) slowAt = fresh.at
      }
      const readMs = performance.now() - t0
      estimateMs = 0.8 * estimateMs + 0.2 * readMs
      if (readMs > opts.slowReadLogMs) log(`wall read took ${Math.round(readMs)} ms`)
      const changed = diffWallPanels(comparable, panels)
      planSlow(jurisdictionCode, changed, slowAt, comparable !== null)
      return { jurisdictionCode, at, panels, changed, expected: stored.version, slowAt }
    },
    async close() {
      closed = true
      await slowRunning
    },
  }
}

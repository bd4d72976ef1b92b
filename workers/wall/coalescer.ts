/**
 * The wall publisher's coalescer: however many change notices arrive, at most one publication per
 * `minIntervalMs` across ALL worker processes (domain/realtime/planWallPublish.ts decides when).
 * A notice marks the wall dirty; a cycle waits for its time, takes the deployment's publish lock
 * (store.ts), looks again under it (another process may have published meanwhile) and runs
 * `cycle(emitAt)`. The read starts early by the expected read time (`leadMs`) and the cycle waits
 * for `emitAt` before it emits, so pushes keep their spacing and the data is as fresh as possible.
 * With nothing changing it still checks every `recheckMs` (day rollover, missed notices).
 */
import { randomBytes } from 'node:crypto'
import { planWallPublish } from '../../domain/realtime/planWallPublish.ts'
import type { WallStore } from './store.ts'

export interface WallCoalescerOptions {
  store: Pick<WallStore, 'lock' | 'unlock' | 'lastPublishedAt'>
  minIntervalMs: number
  recheckMs: number
  lockMs: number
  /** How early a cycle starts before its publication time (the reader's estimate). */
  leadMs: () => number
  /** Reads and publishes, not before `emitAt`; false: nothing was published for a reason that needs another try. */
  cycle: (emitAt: number) => Promise<boolean>
  now: () => number
  log: (msg: string) => void
}

export interface WallCoalescer {
  /** Something changed: publish soon (coalesced). */
  kick(): void
  /** Run a cycle at `at` even if nothing else changes by then (the slow panels). */
  wakeAt(at: number): void
  close(): Promise<void>
}

export function createWallCoalescer(opts: WallCoalescerOptions): WallCoalescer {
  const { store, minIntervalMs, recheckMs, now } = opts
  let closed = false
  let dirty = true // publish (or at least check) at start
  let lastCheckedAt: number | null = null
  let timer: NodeJS.Timeout | null = null
  let wakeTimer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let rerun = false

  const arm = (at: number) => {
    if (closed) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      tick()
    }, Math.max(0, at - now()))
  }

  const plan = (lastPublishedAt: number | null) => planWallPublish({ dirty, lastPublishedAt, lastCheckedAt, now: now(), minIntervalMs, recheckMs, leadMs: opts.leadMs() })

  const step = async (): Promise<void> => {
    const first = plan(await store.lastPublishedAt())
    if (first.action === 'wait') return arm(first.at)
    const token = randomBytes(8).toString('hex')
    if (!(await store.lock(token, opts.lockMs))) return arm(now() + Math.ceil(minIntervalMs / 5)) // another process is at it
    try {
      // under the lock: another process may have published since the first look
      const published = await store.lastPublishedAt()
      const again = plan(published)
      if (again.action === 'wait') return arm(again.at)
      dirty = false
      lastCheckedAt = now()
      if (!(await opts.cycle(published === null ? 0 : published + minIntervalMs))) dirty = true
    } finally {
      await store.unlock(token)
    }
    rerun = true // plan the next one (a change may have come in meanwhile)
  }

  function tick(): void {
    if (closed) return
    if (running) {
      rerun = true
      return
    }
    rerun = false
    running = step()
      .catch((err: unknown) => {
        dirty = true
        opts.log(`wall publish failed: ${(err as Error).message}`)
        arm(now() + 1000)
      })
      .finally(() => {
        running = null
        if (rerun) tick()
      })
  }

  function kick(): void {
    const was = dirty
    dirty = true
    if (!was || !timer) tick()
  }

  return {
    kick,
    wakeAt(at) {
      if (wakeTimer || closed) return
      wakeTimer = setTimeout(() => {
        wakeTimer = null
        kick()
      }, Math.max(0, at - now()))
    },
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      if (wakeTimer) clearTimeout(wakeTimer)
      await running
    },
  }
}

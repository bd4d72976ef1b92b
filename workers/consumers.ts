/**
 * A BullMQ consumer that can be replaced while the process runs, and the guard that replaces the
 * consumers of the scheduled queues on a Redis Cluster when they stop fetching.
 *
 * Why: the fault test on the local cluster (`npm run cluster:chaos`) found, after the kill of the
 * Redis master holding the queues, the maintenance consumer of one worker process idle for good:
 * its delayed runs (recovery, sweep) past due and never promoted, nothing active, no error — so
 * events whose projection job could not be queued during the failover were never recovered. A
 * fresh Worker (with a fresh blocking connection) fetches again; `guardConsumers` makes one when a
 * queue has had a due run waiting for longer than `stuckMs` with nothing active.
 */
import type { Queue, Worker } from 'bullmq'

export interface Consumer {
  isRunning(): boolean
  close(): Promise<void>
  /** Replaces the Worker by a new one; the old one is force-closed in the background. */
  replace(): void
  /** Runs `fn` on the current Worker and on every replacement (e.g. metrics listeners). */
  each(fn: (worker: Worker) => void): void
}

export function replaceableConsumer(create: () => Worker): Consumer {
  let current = create()
  const hooks: ((worker: Worker) => void)[] = []
  return {
    isRunning: () => current.isRunning(),
    close: () => current.close(),
    replace() {
      const old = current
      current = create()
      for (const fn of hooks) fn(current)
      void old.close(true).catch(() => {})
    },
    each(fn) {
      hooks.push(fn)
      fn(current)
    },
  }
}

/** How long the earliest delayed job of `queue` has been due (ms; 0 when none is due). */
export async function overdueMs(queue: Queue, now: number): Promise<number> {
  const [first] = await queue.getJobs(['delayed'], 0, 0, true)
  if (!first) return 0
  return Math.max(0, now - (first.timestamp + (first.delay ?? 0)))
}

/** Every `everyMs`: a queue with a run due for longer than `stuckMs` and nothing active gets a new consumer. */
export function guardConsumers(pairs: readonly { name: string; queue: Queue; consumer: Consumer }[], opts: { everyMs?: number; stuckMs?: number; log: (m: string) => void }): NodeJS.Timeout {
  const stuckMs = opts.stuckMs ?? 20_000
  let checking = false
  const timer = setInterval(() => {
    if (checking) return
    checking = true
    void (async () => {
      for (const { name, queue, consumer } of pairs) {
        const late = await overdueMs(queue, Date.now())
        if (late > stuckMs && (await queue.getActiveCount()) === 0) {
          opts.log(`${name} consumer idle with a run due ${Math.round(late / 1000)} s ago: replacing it`)
          consumer.replace()
        }
      }
    })()
      .catch(() => {}) // Redis unreachable: the next check
      .finally(() => (checking = false))
  }, opts.everyMs ?? 10_000)
  timer.unref()
  return timer
}

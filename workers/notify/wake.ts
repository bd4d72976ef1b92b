/**
 * Delivery on arrival: the outbox's insert trigger (migration 380) notifies `notification_due` at
 * commit; every worker process LISTENs and queues a delivery job at once instead of leaving the
 * rows to the next scheduled round (NOTIFY_EVERY_MS, 1 s — a red card's notification waited half
 * a second on average, up to a whole one). The jobs are deduplicated across processes: at most one
 * delivery runs and one waits (`keepLastIfActive`), so a burst of notices costs one more round,
 * and rows committed while a round runs are taken by the next. The scheduled round stays for
 * retries, held rows and notices missed while disconnected.
 */
import type { Queue } from 'bullmq'
import { listenChannel, type WallListener } from '../wall/listener.ts'

/** The deduplication id of the wake-up's delivery jobs. */
export const DELIVER_WAKE_ID = 'deliver-wake'

export type NotifyWake = WallListener

export function wakeDeliveryOnInsert(databaseUrl: string, queue: Pick<Queue, 'add'>, log: (msg: string) => void): Promise<NotifyWake> {
  const queueDelivery = () => {
    queue
      .add('deliver', {}, { deduplication: { id: DELIVER_WAKE_ID, keepLastIfActive: true }, removeOnComplete: 100, removeOnFail: 100 })
      .catch((err: unknown) => log(`queueing a delivery failed (the scheduled round delivers): ${(err as Error).message}`))
  }
  return listenChannel(databaseUrl, 'notification_due', queueDelivery, log)
}

/** Batching generated events for posting (the demo's backfill, the load driver). */
import { type RawEvent } from '../events/fixtures.ts'

/**
 * Packs events into batches of at most `size`, never splitting one case's or petition's events
 * across batches (unless it alone has more than `size`), subjects in order of their first event.
 * Posting a backfill this way lets each case be projected whole, so no card is issued on a partial
 * history only to be revoked a batch later.
 */
export function batchBySubject(events: readonly RawEvent[], size: number): RawEvent[][] {
  const groups = new Map<string, RawEvent[]>()
  for (const e of events) {
    const k = e.caseNo !== undefined ? `c:${e.caseNo}` : `p:${e.petitionNo}`
    let g = groups.get(k)
    if (!g) groups.set(k, (g = []))
    g.push(e)
  }
  const out: RawEvent[][] = []
  let cur: RawEvent[] = []
  for (const g of groups.values()) {
    if (cur.length && cur.length + g.length > size) {
      out.push(cur)
      cur = []
    }
    for (const e of g) {
      if (cur.length >= size) {
        out.push(cur)
        cur = []
      }
      cur.push(e)
    }
  }
  if (cur.length) out.push(cur)
  return out
}

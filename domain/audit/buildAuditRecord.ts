import { toJsonValue } from './canonicalJson.ts'
import { hashAuditContent } from './hashAuditContent.ts'
import type { AuditEntry, AuditRecord } from './types.ts'

/**
 * The next row of the chain for an entry: numbered after the head, linked to its hash, stamped
 * with `at` (given by the caller: the database clock, truncated to milliseconds), hashed.
 * `before`/`after` are normalised to what jsonb stores (see `toJsonValue`).
 *
 * @param head - the current chain head: `{ seq: 0, hash: GENESIS_HASH }` for an empty log
 */
export function buildAuditRecord(entry: AuditEntry, head: { seq: number; hash: string }, at: Date): AuditRecord {
  const content = {
    seq: head.seq + 1,
    at: at.toISOString(),
    actor: { kind: entry.actor.kind, id: entry.actor.id, name: entry.actor.name },
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: toJsonValue(entry.before),
    after: toJsonValue(entry.after),
    requestId: entry.requestId,
    prevHash: head.hash,
  }
  return { ...content, hash: hashAuditContent(content) }
}

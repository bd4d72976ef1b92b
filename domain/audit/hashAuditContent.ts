import { createHash } from 'node:crypto'
import { canonicalJson } from './canonicalJson.ts'
import type { AuditContent } from './types.ts'

/**
 * SHA-256 (hex) of the canonical JSON of an audit row's content, which includes the previous
 * row's hash: changing any field of any row changes its hash, and so breaks the link from the
 * next row.
 *
 * Deterministic (node:crypto only hashes; no I/O, no clock).
 */
export function hashAuditContent(content: AuditContent): string {
  const { seq, at, actor, action, entity, entityId, before, after, requestId, prevHash } = content
  const canonical = canonicalJson({
    v: 1,
    seq,
    at,
    actor: { kind: actor.kind, id: actor.id, name: actor.name },
    action,
    entity,
    entityId,
    before,
    after,
    requestId,
    prevHash,
  })
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

/**
 * The audit log, server side: append a row inside the caller's transaction, verify the chain.
 * The hashing is pure and lives in domain/audit/ (workers use it too, with the same SQL files).
 *
 *   await withTransaction(app.pg, async (client) => {
 *     const after = (await client.query(sql('user_update'), […])).rows[0]
 *     await appendAudit(client, { actor: actorOf(req), action: 'user.update', entity: 'user', entityId: id, before, after, requestId: req.id })
 *   })
 *
 * Call `appendAudit` as the LAST statement before COMMIT: it locks the chain head until the end
 * of the transaction, so every writer takes that lock after its own row locks (no deadlock) and
 * holds it briefly.
 */
import type { FastifyRequest } from 'fastify'
import type pg from 'pg'
import { buildAuditRecord } from '../domain/audit/buildAuditRecord.ts'
import { createChainVerifier, type ChainBreak } from '../domain/audit/createChainVerifier.ts'
import type { AuditActor, AuditAnchor, AuditEntry, AuditRecord, Json } from '../domain/audit/types.ts'
import { sql } from '../sql/queries.ts'

export type { AuditActor, AuditEntry } from '../domain/audit/types.ts'

const jsonParam = (v: Json | null): string | null => (v === null ? null : JSON.stringify(v))

/**
 * Appends one row to the audit chain. Must run inside a transaction (BEGIN … COMMIT) on `client`:
 * the row, the head and the caller's change commit or roll back together.
 *
 * @returns the new row's seq and hash
 */
export async function appendAudit(client: pg.ClientBase, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  if (client.getTransactionStatus() !== 'T') throw new Error('appendAudit must run inside an open transaction (BEGIN … COMMIT)')
  const { rows } = await client.query<{ seq: string; hash: string; at: Date }>(sql('audit_head_lock'))
  const head = rows[0]
  if (!head) throw new Error('audit chain head is missing (migration 031 not applied?)')
  const r = buildAuditRecord(entry, { seq: Number(head.seq), hash: head.hash }, head.at)
  await client.query(sql('audit_append'), [
    r.seq, r.at, JSON.stringify(r.actor), r.action, r.entity, r.entityId, jsonParam(r.before), jsonParam(r.after), r.requestId, r.prevHash, r.hash,
  ])
  await client.query(sql('audit_head_advance'), [r.seq, r.hash])
  return { seq: r.seq, hash: r.hash }
}

export { withTransaction } from '../sql/transaction.ts'

/** The actor of a request: the logged-in user, the source system, or anonymous. */
export function actorOf(req: FastifyRequest): AuditActor {
  if (req.user) return { kind: 'user', id: req.user.userId, name: req.user.login }
  if (req.source) return { kind: 'source', id: req.source.keyId, name: req.source.source }
  return { kind: 'anonymous', id: null, name: req.ip }
}

/** A system actor (a CLI, the first-start bootstrap, a worker). */
export const systemActor = (name: string): AuditActor => ({ kind: 'system', id: null, name })

export interface AuditRow {
  seq: string
  at: Date
  actor: AuditActor
  action: string
  entity: string
  entity_id: string | null
  before: Json | null
  after: Json | null
  request_id: string | null
  prev_hash: string
  hash: string
}

/** A stored row as the domain types it. */
export function toAuditRecord(r: AuditRow): AuditRecord {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}

export interface AuditVerification {
  ok: boolean
  /** Rows checked. */
  checked: number
  /** The chain head: publish it (seq:hash) somewhere else to anchor the chain. */
  head: { seq: number; hash: string }
  /** The first broken row, when not ok. */
  firstBroken: ChainBreak | null
  /** The anchor recorded outside the database that the chain was compared with (none: null). */
  anchor: AuditAnchor | null
}

/**
 * Verifies the whole chain on one consistent snapshot (a read-only REPEATABLE READ transaction),
 * a page at a time.
 *
 * @param anchors - seq → hash recorded earlier outside the database (given by hand)
 * @param latest - resolves the latest anchor recorded for this database (server/audit-anchor.ts);
 *   the chain must still hold that row with that hash, or it was rewritten or truncated
 */
export async function verifyAuditChain(
  pool: pg.Pool,
  opts: { anchors?: ReadonlyMap<number, string>; latest?: (database: string) => Promise<AuditAnchor | null>; pageSize?: number } = {},
): Promise<AuditVerification> {
  const pageSize = opts.pageSize ?? 1000
  const client = await pool.connect()
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const { rows: headRows } = await client.query<{ seq: string; hash: string }>(sql('audit_head'))
    const head = { seq: Number(headRows[0]?.seq ?? 0), hash: headRows[0]?.hash ?? '' }
    const { rows: dbRows } = await client.query<{ database: string }>(sql('current_database'))
    const anchor = opts.latest ? await opts.latest(dbRows[0]!.database) : null
    const anchors = new Map(opts.anchors ?? [])
    if (anchor && anchor.seq > 0) {
      const given = anchors.get(anchor.seq)
      // a hand-given anchor for the same row that disagrees wins: it is then reported as a mismatch
      if (given === undefined) anchors.set(anchor.seq, anchor.hash)
    }
    const v = createChainVerifier(anchors)
    let after = 0
    for (;;) {
      const { rows } = await client.query<AuditRow>(sql('audit_page'), [after, pageSize])
      for (const row of rows) if (v.push(toAuditRecord(row))) break
      if (v.broken || rows.length < pageSize) break
      after = Number(rows[rows.length - 1]!.seq)
    }
    const firstBroken = v.finish(head)
    await client.query('COMMIT')
    return { ok: firstBroken === null, checked: v.checked, head, firstBroken, anchor }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

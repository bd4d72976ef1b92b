import { hashAuditContent } from './hashAuditContent.ts'
import { GENESIS_HASH, type AuditRecord } from './types.ts'

export type ChainBreakReason =
  /** The row's content does not hash to its stored hash: the row was altered. */
  | 'hash_mismatch'
  /** The row does not point at the previous row's hash: a row was inserted, removed or reordered. */
  | 'prev_hash_mismatch'
  /** Sequence numbers jump: rows are missing before this one. */
  | 'seq_gap'
  /** The chain head names a later row than the last one stored: rows are missing at the end. */
  | 'missing_tail'
  /** Rows exist beyond the chain head: appended without going through the head. */
  | 'beyond_head'
  /** The head's hash differs from the last row's. */
  | 'head_mismatch'
  /** An externally recorded anchor (seq → hash) no longer matches. */
  | 'anchor_mismatch'
  /** An externally recorded anchor names a row beyond the stored chain: rows were cut off the end (and the head moved back). */
  | 'truncated'

export interface ChainBreak {
  /** The first broken row (for `missing_tail` and `truncated`, the first missing one). */
  seq: number
  reason: ChainBreakReason
}

export interface ChainVerifier {
  /** Feeds the next stored row (in seq order); returns the break found, if any. Stops at the first. */
  push(row: AuditRecord): ChainBreak | null
  /** Checks the end of the chain against the head row; returns the first break overall, if any. */
  finish(head: { seq: number; hash: string }): ChainBreak | null
  /** Rows checked so far. */
  readonly checked: number
  /** The first break found, if any. */
  readonly broken: ChainBreak | null
}

/**
 * A streaming verifier of the audit chain: feed rows in seq order (a page at a time), then the
 * head. Reports the first row where the chain breaks.
 *
 * @param anchors - seq → hash pairs recorded elsewhere earlier (e.g. printed by `audit:verify` and
 *   kept by the supervision office); a row that no longer has its anchored hash is a break even if
 *   someone recomputed the whole chain after rewriting it.
 */
export function createChainVerifier(anchors: ReadonlyMap<number, string> = new Map()): ChainVerifier {
  let prev = { seq: 0, hash: GENESIS_HASH }
  let checked = 0
  let broken: ChainBreak | null = null
  const fail = (b: ChainBreak) => (broken = b)
  return {
    push(row) {
      if (broken) return broken
      checked += 1
      if (row.seq !== prev.seq + 1) return fail({ seq: prev.seq + 1, reason: 'seq_gap' })
      if (hashAuditContent(row) !== row.hash) return fail({ seq: row.seq, reason: 'hash_mismatch' })
      if (row.prevHash !== prev.hash) return fail({ seq: row.seq, reason: 'prev_hash_mismatch' })
      const anchored = anchors.get(row.seq)
      if (anchored !== undefined && anchored !== row.hash) return fail({ seq: row.seq, reason: 'anchor_mismatch' })
      prev = { seq: row.seq, hash: row.hash }
      return null
    },
    finish(head) {
      if (broken) return broken
      if (head.seq > prev.seq) return fail({ seq: prev.seq + 1, reason: 'missing_tail' })
      if (head.seq < prev.seq) return fail({ seq: head.seq + 1, reason: 'beyond_head' })
      if (head.hash !== prev.hash) return fail({ seq: head.seq, reason: 'head_mismatch' })
      for (const [seq] of anchors) if (seq > prev.seq) return fail({ seq: prev.seq + 1, reason: 'truncated' })
      return null
    },
    get checked() {
      return checked
    },
    get broken() {
      return broken
    },
  }
}

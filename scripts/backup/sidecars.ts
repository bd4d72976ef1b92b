/**
 * What a backup records beside the dump, read in the dump's own snapshot, and checked after a
 * restore. Each sidecar is one entry of `SIDECARS`: to record something more (another anchor of
 * the audit chain kept outside the database, say), add an entry; its value lands in
 * `manifest.json` under `sidecars.<name>`, and `verify` runs after every restore.
 */
import type pg from 'pg'
import { verifyAuditChain } from '../../server/audit.ts'
import { sql } from '../../sql/queries.ts'

export interface SidecarCheck {
  ok: boolean
  /** one line for the console */
  detail: string
}

export interface Sidecar<T> {
  name: string
  /** Reads the value inside the exported snapshot the dump is taken from. */
  read(client: pg.ClientBase): Promise<T>
  /** After a restore: does the restored database agree with the recorded value? */
  verify(pool: pg.Pool, recorded: T): Promise<SidecarCheck>
}

export interface AuditAnchor {
  /** the chain head: the last row's seq and hash */
  head: { seq: number; hash: string }
  /** rows in audit_log */
  chainLength: number
  /** the head row's time (null on an empty chain) */
  at: string | null
}

/**
 * The audit chain's head at the instant of the dump. After a restore the chain is verified from
 * its first row with the head as an anchor: a restored chain that ends earlier (tail truncated),
 * later, or with another head hash fails.
 */
export const auditAnchor: Sidecar<AuditAnchor> = {
  name: 'audit',
  async read(client) {
    const { rows } = await client.query<{ seq: string; hash: string; rows: string; at: Date | null }>(sql('backup_audit_summary'))
    const r = rows[0]
    if (!r) throw new Error('audit chain head is missing (migration 031 not applied?)')
    return { head: { seq: Number(r.seq), hash: r.hash }, chainLength: Number(r.rows), at: r.at ? r.at.toISOString() : null }
  },
  async verify(pool, recorded) {
    const anchors = new Map(recorded.head.seq > 0 ? [[recorded.head.seq, recorded.head.hash] as const] : [])
    const v = await verifyAuditChain(pool, { anchors })
    const sameHead = v.head.seq === recorded.head.seq && v.head.hash === recorded.head.hash
    const sameLength = v.checked === recorded.chainLength
    const ok = v.ok && sameHead && sameLength
    const detail = ok
      ? `audit chain intact: ${v.checked} rows, head ${v.head.seq}:${v.head.hash.slice(0, 16)}… as recorded in the backup`
      : `audit chain NOT as backed up: ${v.firstBroken ? `broken at row ${v.firstBroken.seq} (${v.firstBroken.reason}); ` : ''}` +
        `restored head ${v.head.seq}:${v.head.hash.slice(0, 16)}…, ${v.checked} rows; recorded head ${recorded.head.seq}:${recorded.head.hash.slice(0, 16)}…, ${recorded.chainLength} rows`
    return { ok, detail }
  },
}

export interface Counts {
  events: number
  cases: number
  petitions: number
  migration: number | null
  timescaledb: boolean
}

/** Row counts and the last migration: the restored database must hold the same. */
export const counts: Sidecar<Counts> = {
  name: 'counts',
  async read(client) {
    const { rows } = await client.query<{ events: string; cases: string; petitions: string; migration: number | null; timescaledb: boolean }>(sql('backup_counts'))
    const r = rows[0]!
    return { events: Number(r.events), cases: Number(r.cases), petitions: Number(r.petitions), migration: r.migration, timescaledb: r.timescaledb }
  },
  async verify(pool, recorded) {
    const c = await pool.connect()
    try {
      const now = await counts.read(c)
      const ok = now.events === recorded.events && now.cases === recorded.cases && now.petitions === recorded.petitions && now.migration === recorded.migration
      return { ok, detail: `${now.events} events, ${now.cases} cases, ${now.petitions} petitions, migration ${now.migration}${ok ? ' as recorded' : ` — recorded ${JSON.stringify(recorded)}`}` }
    } finally {
      c.release()
    }
  },
}

/** Every sidecar, in manifest order (each entry is typed where it is defined). */
export const SIDECARS: readonly Sidecar<unknown>[] = [auditAnchor, counts]

/**
 * Reads from a PostgreSQL streaming replica (`DATABASE_READ_URL`) with a lag guard: the replica is
 * used while its last check says it replays what it receives, streams from the primary and is at
 * most `maxLagMs` behind; otherwise — behind, not streaming, unreachable, or the check is stale —
 * the primary serves the read. Writes never go here. Only read-mostly heavy paths use it (the
 * wall snapshot, statistics, exports), where a read a second old is as good as a fresh one.
 *
 *   const reads = createReadPools(primary, { url: process.env.DATABASE_READ_URL, maxLagMs: 2000 })
 *   await reads.pick().query('SELECT ...')
 */
import pg from 'pg'

/** One look at the replica. */
export interface ReplicaSample {
  /** when the sample was taken (ms) */
  at: number
  /** pg_is_in_recovery(): it is a standby */
  standby: boolean
  /** its WAL receiver is streaming from the primary */
  streaming: boolean
  /** 0 when it has replayed all it received, else the age of the last replayed transaction (ms) */
  lagMs: number
}

/** Whether a read may go to the replica now. Pure. */
export function replicaUsable(sample: ReplicaSample | null, opts: { maxLagMs: number; maxSampleAgeMs: number; now: number }): boolean {
  if (sample === null) return false
  if (opts.now - sample.at > opts.maxSampleAgeMs) return false
  return sample.standby && sample.streaming && sample.lagMs <= opts.maxLagMs
}

export const REPLICA_SAMPLE_SQL = `SELECT pg_is_in_recovery() AS standby,
  EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming,
  (CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
        ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000, 1e12) END)::float8 AS lag_ms`

export interface ReadPools {
  /** The pool a read-only query should use now: the replica when usable, else the primary. */
  pick(): pg.Pool
  /** The last sample (null before the first, or without a replica). */
  last(): ReplicaSample | null
  /** Samples the replica now (also done every `checkEveryMs`). */
  check(): Promise<ReplicaSample | null>
  close(): Promise<void>
}

export function createReadPools(primary: pg.Pool, opts: { url?: string | null; maxLagMs?: number; checkEveryMs?: number; max?: number; onError?: (message: string) => void }): ReadPools {
  if (!opts.url) {
    return { pick: () => primary, last: () => null, check: async () => null, close: async () => {} }
  }
  const replica = new pg.Pool({ connectionString: opts.url, max: opts.max ?? 10, connectionTimeoutMillis: 2_000 })
  replica.on('error', () => {})
  replica.on('connect', (client) => client.on('error', () => {}))
  const every = opts.checkEveryMs ?? 1000
  const maxLagMs = opts.maxLagMs ?? 2000
  let sample: ReplicaSample | null = null
  let reported = false
  const check = async (): Promise<ReplicaSample | null> => {
    try {
      const { rows } = await replica.query<{ standby: boolean; streaming: boolean; lag_ms: number }>({ text: REPLICA_SAMPLE_SQL, query_timeout: 1000 } as pg.QueryConfig)
      const r = rows[0]!
      sample = { at: Date.now(), standby: r.standby, streaming: r.streaming, lagMs: Number(r.lag_ms) }
      reported = false
    } catch (e) {
      sample = null
      if (!reported) opts.onError?.(`read replica unavailable, reading the primary: ${(e as Error).message}`)
      reported = true
    }
    return sample
  }
  const timer = setInterval(() => void check(), every)
  timer.unref()
  void check()
  return {
    pick: () => (replicaUsable(sample, { maxLagMs, maxSampleAgeMs: every * 3, now: Date.now() }) ? replica : primary),
    last: () => sample,
    check,
    async close() {
      clearInterval(timer)
      await replica.end()
    },
  }
}

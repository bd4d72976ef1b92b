/**
 * Migration 150 on TimescaleDB (PGlite + TimescaleDB, test/pglite.ts): page views are a hypertable
 * with a daily continuous aggregate (Asia/Shanghai days) read through the same
 * `stat_page_view_counts` name as the plain-PostgreSQL counter table; the case and petition rollups
 * (and migration 310's by item and handler) are the same trigger-kept tables on both paths and stay
 * equal to a recount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPgliteTimescale, type PgliteTimescale } from '../../test/pglite.ts'
import { compactStatCounts, keptCaseCounts, keptDimCounts, keptPetitionCounts, recountCaseCounts, recountDimCounts, recountPetitionCounts } from '../../test/statCounts.ts'
import { sql } from '../queries.ts'

let ts: PgliteTimescale
beforeAll(async () => {
  ts = await startPgliteTimescale({ migrate: true })
}, 120_000)
afterAll(async () => {
  await ts?.close()
})

describe('statistics on TimescaleDB', () => {
  it('counts page views through a continuous aggregate by local day', async () => {
    const kind = (await ts.pool.query(`SELECT count(*)::int AS n FROM timescaledb_information.continuous_aggregates WHERE view_name = 'stat_page_views_daily'`)).rows[0].n
    expect(kind).toBe(1)
    // 23:30 UTC on 1 Dec is 07:30 on 2 Dec in Shanghai
    for (const [at, page] of [['2026-12-01T23:30:00Z', '/public'], ['2026-12-02T03:00:00Z', '/public'], ['2026-12-01T10:00:00Z', '/public'], ['2026-12-02T03:00:00Z', '/m']] as const) {
      await ts.pool.query(sql('statistics_visit'), [new Date(at), page === '/m' ? 'm' : 'public', page])
    }
    await ts.pool.query(`CALL refresh_continuous_aggregate('stat_page_views_daily', NULL, NULL)`)
    const { rows } = await ts.pool.query(sql('statistics_visits'), ['2026-12-02', '2026-12-02'])
    expect(rows).toEqual([{ surface: 'm', page: '/m', views: 1 }, { surface: 'public', page: '/public', views: 2 }])
    const dec1 = await ts.pool.query(sql('statistics_visits'), ['2026-12-01', '2026-12-01'])
    expect(dec1.rows).toEqual([{ surface: 'public', page: '/public', views: 1 }])
  })

  it('keeps the case and petition rollups equal to a recount through the same triggers', async () => {
    await ts.pool.query(`INSERT INTO jurisdictions (code, name, level) VALUES ('440204', '浈江区', 'county') ON CONFLICT DO NOTHING`)
    await ts.pool.query(
      `INSERT INTO cases (case_no, department_code, case_type, status, accepted_at, state, event_count, last_occurred_at)
       SELECT 'TS-' || i, 'D' || (i % 3), 'promised', 'accepted', now() - i * interval '1 day', '{}', 1, now() FROM generate_series(1, 9) i`,
    )
    await ts.pool.query(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) SELECT case_no, department_code, 'yellow', current_date FROM cases WHERE case_no IN ('TS-1', 'TS-2')`)
    await ts.pool.query(`UPDATE case_clocks SET level = 'red' WHERE case_no = 'TS-1'`)
    await ts.pool.query(`UPDATE cases SET concluded_at = now(), status = 'concluded', fee_charged = 20 WHERE case_no IN ('TS-2', 'TS-3')`)
    await ts.pool.query(`INSERT INTO petitions (petition_no, department_code, petition_kind, channel, status, received_at, state, event_count, last_occurred_at) VALUES ('TP-1', 'D1', 'complaint', '12345', 'received', now(), '{}', 1, now())`)
    await ts.pool.query(`UPDATE petitions SET rating = 4, replied_at = now() WHERE petition_no = 'TP-1'`)
    const want = await recountCaseCounts(ts.pool)
    expect(Object.keys(want)).toHaveLength(9)
    expect(await keptCaseCounts(ts.pool)).toEqual(want)
    expect(await keptPetitionCounts(ts.pool)).toEqual(await recountPetitionCounts(ts.pool))
    // migration 310: by item and by handler (day, week, month), through reassignments and a return
    await ts.pool.query(`UPDATE cases SET item_code = 'I-' || (substr(case_no, 4)::int % 2), handler = CASE WHEN substr(case_no, 4)::int % 3 = 0 THEN '李四' ELSE '王五' END`)
    await ts.pool.query(`UPDATE cases SET handler = '赵六' WHERE case_no IN ('TS-2', 'TS-5')`)
    await ts.pool.query(`UPDATE cases SET returned_at = now(), status = 'returned' WHERE case_no = 'TS-4'`)
    const dims = await recountDimCounts(ts.pool)
    expect(Object.keys(dims).filter((k) => k.includes('/h/d/赵六/'))).toHaveLength(2) // TS-2 (concluded) and TS-5, by day
    expect(await keptDimCounts(ts.pool)).toEqual(dims)
    expect(await compactStatCounts(ts.pool)).toBeGreaterThan(0)
    expect(await keptCaseCounts(ts.pool)).toEqual(await recountCaseCounts(ts.pool))
    expect(await keptDimCounts(ts.pool)).toEqual(dims)
  })
})

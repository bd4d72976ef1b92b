/**
 * The wall's set-based reads (sql/wall.ts, sql/queries/wall_*.sql) on a database filled by hand:
 * local-day and local-month boundaries of the jurisdiction's zone (the tests run in New York),
 * levels, departments by risk, the masked ticker, trends from the rollup plus live events,
 * case types, petitions, rankings, and which jurisdiction a wall watches.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { seedReference, JURISDICTION, DEPTS } from '../../test/harness.ts'
import { readWallPanels, resolveWallJurisdiction } from '../wall.ts'
import { sql } from '../queries.ts'
import type { WallPanels } from '../../domain/realtime/wall.ts'

let db: TestDatabase
let p: WallPanels
// 2026-12-15 12:00 in Asia/Shanghai; the local day began at 2026-12-14T16:00Z
const NOW = new Date('2026-12-15T04:00:00Z')
const TOWN = '440204-SHZ'

const kase = (no: string, dept: string, f: { submitted?: string; accepted?: string; concluded?: string; returned?: string; level?: string; deadline?: string; type?: string }) =>
  db.pool.query(
    `WITH c AS (
       INSERT INTO cases (case_no, department_code, item_code, case_type, status, submitted_at, accepted_at, concluded_at, returned_at, state, event_count, last_occurred_at)
       VALUES ($1, $2, 'WALL-ITEM', $3, 'x', $4, $5, $6, $7, '{}', 1, now()) RETURNING case_no, department_code)
     INSERT INTO case_clocks (case_no, department_code, item_code, level, deadline_date)
     SELECT case_no, department_code, 'WALL-ITEM', $8, $9::date FROM c`,
    [no, dept, f.type ?? 'promised', f.submitted ?? null, f.accepted ?? null, f.concluded ?? null, f.returned ?? null, f.level ?? 'normal', f.deadline ?? null],
  )
const event = (n: number, kind: string, at: string, dept = DEPTS[0]) =>
  db.pool.query(`INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body) VALUES ('t', $1, $2, $3, $4, $5, '{}')`, [`E${n}`, at, `EV-${n}`, dept, kind])

beforeAll(async () => {
  db = await createTestDatabase('wall')
  await seedReference(db.pool)
  await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name, kind) VALUES ($1, $2, '十里亭镇', 'town'), ('440204-OLD', $2, '已撤销', 'agency')`, [TOWN, JURISDICTION])
  await db.pool.query(`UPDATE departments SET active = false WHERE code = '440204-OLD'`)
  await db.pool.query(`INSERT INTO jurisdictions (code, name, level) VALUES ('440203', '武江区', 'county')`) // a second top jurisdiction with no departments
  await db.pool.query(`INSERT INTO items (code, department_code, name, case_type) VALUES ('WALL-ITEM', $1, '食品经营许可', 'promised')`, [DEPTS[0]])

  // received today (local): from 2026-12-14T16:00Z
  await kase('T-1', DEPTS[0], { submitted: '2026-12-14T16:00:00Z', accepted: '2026-12-14T17:00:00Z', level: 'red' })
  await kase('T-2', DEPTS[0], { submitted: '2026-12-15T01:00:00Z', level: 'yellow', type: 'immediate' })
  await kase('T-3', DEPTS[1], { accepted: '2026-12-15T02:00:00Z', level: 'warning' }) // no submitted: accepted counts as received
  await kase('Y-1', DEPTS[1], { submitted: '2026-12-14T15:59:59Z', accepted: '2026-12-14T15:59:59Z', level: 'red' }) // yesterday, still open
  // concluded this month: on time, late, today, without deadline; one returned
  await kase('C-1', DEPTS[0], { submitted: '2026-12-02T02:00:00Z', accepted: '2026-12-02T02:00:00Z', concluded: '2026-12-14T17:00:00Z', deadline: '2026-12-15' })
  await kase('C-2', DEPTS[1], { submitted: '2026-12-02T02:00:00Z', accepted: '2026-12-02T02:00:00Z', concluded: '2026-12-10T03:00:00Z', deadline: '2026-12-09', level: 'yellow' })
  await kase('C-3', DEPTS[1], { submitted: '2026-12-03T02:00:00Z', accepted: '2026-12-03T02:00:00Z', concluded: '2026-12-09T15:59:00Z', deadline: '2026-12-09' }) // 23:59 local on the deadline day
  await kase('C-4', TOWN, { submitted: '2026-11-20T02:00:00Z', accepted: '2026-11-20T02:00:00Z', concluded: '2026-11-30T15:00:00Z', deadline: '2026-11-30' }) // last month (23:00 local 30 Nov)
  await kase('R-1', TOWN, { submitted: '2026-12-14T20:00:00Z', returned: '2026-12-14T21:00:00Z', level: 'warning', type: 'returned' })
  await db.pool.query(
    `INSERT INTO petitions (petition_no, department_code, petition_kind, status, received_at, closed_at, level, state, event_count, last_occurred_at) VALUES
       ('P-1', $1, 'complaint', 'received', '2026-12-10T00:00Z', NULL, 'red', '{}', 1, now()),
       ('P-2', $1, 'complaint', 'received', '2026-12-10T00:00Z', NULL, 'normal', '{}', 1, now()),
       ('P-3', $2, 'consultation', 'closed', '2026-12-10T00:00Z', '2026-12-11T00:00Z', 'yellow', '{}', 1, now())`,
    [TOWN, DEPTS[2]],
  )
  for (let i = 1; i <= 3; i++) {
    await db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_at) VALUES ('case', $1, $2, $3, 'overdue', $4, $5)`, [
      i === 3 ? 'T-1' : `440204-2026-00012${i}`, DEPTS[0], i === 2 ? 'red' : 'yellow', `原因${i}`, `2026-12-1${i}T00:00:00Z`,
    ])
  }
  // events: before the rollup refresh (01:xx and 03:xx local), then more in the edge hour and later
  await event(1, 'submitted', '2026-12-14T17:10:00Z') // 01:10 local
  await event(2, 'concluded', '2026-12-14T17:20:00Z')
  await event(3, 'submitted', '2026-12-14T19:05:00Z') // 03:05 local
  await event(4, 'submitted', '2026-12-03T05:00:00Z') // 13:00 local on 3 Dec
  await event(5, 'submitted', '2026-11-30T17:00:00Z') // 01:00 local on 1 Dec
  await event(6, 'submitted', '2026-11-30T15:00:00Z') // 23:00 local on 30 Nov: last month
  await event(7, 'accepted', '2026-12-14T17:30:00Z') // not a trend kind
  await db.pool.query('CALL refresh_event_counts()')
  await event(8, 'submitted', '2026-12-14T19:40:00Z') // edge hour, after the refresh
  await event(9, 'concluded', '2026-12-15T03:30:00Z') // 11:30 local
  p = await readWallPanels(db.pool, JURISDICTION, NOW, { rankingMinConcluded: 1, rankingSize: 2 })
})
afterAll(async () => {
  await db?.drop()
})

describe('readWallPanels', () => {
  it('counts today in the jurisdiction’s local day and this month’s on-time rate', () => {
    expect(p.tiles).toEqual({
      receivedToday: 4, // T-1, T-2, T-3, R-1 (Y-1 was 1 s before local midnight)
      acceptedToday: 2, // T-1, T-3
      concludedToday: 1, // C-1 at 01:00 local
      inProgress: 4, // T-1, T-2, T-3, Y-1
      warning: 1,
      yellow: 1,
      red: 2,
      onTimeRateMonth: 2 / 3, // C-1 and C-3 on time, C-2 late; C-4 was last month
    })
  })

  it('lists every active department by risk with open cases and petitions by level', () => {
    expect(p.departments).toEqual([
      { code: DEPTS[0], name: '市场监管局', kind: 'department', open: 2, normal: 0, warning: 0, yellow: 1, red: 1, worst: 'red' },
      { code: DEPTS[1], name: '住建局', kind: 'department', open: 2, normal: 0, warning: 1, yellow: 0, red: 1, worst: 'red' },
      { code: TOWN, name: '十里亭镇', kind: 'town', open: 2, normal: 1, warning: 0, yellow: 0, red: 1, worst: 'red' },
      { code: DEPTS[2], name: '公安分局', kind: 'department', open: 0, normal: 0, warning: 0, yellow: 0, red: 0, worst: 'normal' },
    ])
  })

  it('shows the newest cards first with masked numbers and the catalogue’s item name', () => {
    expect(p.cards.map((c) => [c.reason, c.color, c.subjectNoMasked, c.itemName])).toEqual([
      ['原因3', 'yellow', 'T-*', '食品经营许可'],
      ['原因2', 'red', '440204-2026-****22', null],
      ['原因1', 'yellow', '440204-2026-****21', null],
    ])
    expect(p.cards[0]).toMatchObject({ issuedAt: '2026-12-13T00:00:00.000Z', departmentName: '市场监管局', subject: 'case', rule: 'overdue' })
  })

  it('counts trends by local hour and day from the rollup before its edge and live events after it', () => {
    expect(p.trends.hourlyToday).toHaveLength(13) // 00:00 … 12:00
    const h = Object.fromEntries(p.trends.hourlyToday.map((x) => [x.label, [x.received, x.concluded]]))
    expect(h['01:00']).toEqual([1, 1])
    expect(h['03:00']).toEqual([2, 0]) // one from before the refresh, one after: the edge hour is counted live
    expect(h['11:00']).toEqual([0, 1])
    expect(p.trends.hourlyToday.reduce((n, x) => n + x.received, 0)).toBe(3)
    expect(p.trends.dailyMonth.map((x) => x.label)).toEqual(Array.from({ length: 15 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`))
    const d = Object.fromEntries(p.trends.dailyMonth.map((x) => [x.label, [x.received, x.concluded]]))
    expect(d['2026-12-01']).toEqual([1, 0])
    expect(d['2026-12-03']).toEqual([1, 0])
    expect(d['2026-12-15']).toEqual([3, 2])
  })

  it('counts case types received this month and open petitions by kind and level', () => {
    expect(p.trends.caseTypes).toEqual([
      { type: 'immediate', count: 1 },
      { type: 'promised', count: 6 }, // T-1, T-3, Y-1, C-1, C-2, C-3
      { type: 'joint', count: 0 },
      { type: 'escalated', count: 0 },
      { type: 'returned', count: 1 },
      { type: 'supplemented', count: 0 },
    ])
    expect(p.trends.petitions.find((x) => x.kind === 'complaint')).toEqual({ kind: 'complaint', normal: 1, warning: 0, yellow: 0, red: 1 })
    expect(p.trends.petitions.find((x) => x.kind === 'consultation')).toEqual({ kind: 'consultation', normal: 0, warning: 0, yellow: 0, red: 0 })
  })

  it('ranks departments by on-time rate this month, best and worst first', () => {
    expect(p.rankings.best).toEqual([
      { code: DEPTS[0], name: '市场监管局', onTimeRate: 1, concluded: 1 },
      { code: DEPTS[1], name: '住建局', onTimeRate: 0.5, concluded: 2 },
    ])
    expect(p.rankings.worst[0]).toEqual({ code: DEPTS[1], name: '住建局', onTimeRate: 0.5, concluded: 2 })
  })

  it('leaves departments with too few concluded cases unranked', async () => {
    const q = await readWallPanels(db.pool, JURISDICTION, NOW, { rankingMinConcluded: 2 })
    expect(q.rankings.best.map((r) => r.code)).toEqual([DEPTS[1]])
  })

  it('gives the same day and month figures from the cases themselves in a zone other than Asia/Shanghai (the kept counts are Shanghai days)', async () => {
    // Asia/Chongqing keeps Shanghai's offset, so the raw counts must equal the kept ones (migrations 255, 282, 370)
    await db.pool.query(`UPDATE jurisdictions SET time_zone = 'Asia/Chongqing' WHERE code = $1`, [JURISDICTION])
    try {
      const raw = await readWallPanels(db.pool, JURISDICTION, NOW, { rankingMinConcluded: 1, rankingSize: 2 })
      expect(raw.tiles).toEqual(p.tiles)
      expect(raw.rankings).toEqual(p.rankings)
    } finally {
      await db.pool.query(`UPDATE jurisdictions SET time_zone = 'Asia/Shanghai' WHERE code = $1`, [JURISDICTION])
    }
  })
})

describe('statements', () => {
  it('are prepared once per connection: a second read on it parses none again and gives the same panels', async () => {
    const one = new pg.Pool({ connectionString: db.url, max: 1 }) // one connection: every read on it
    try {
      const first = await readWallPanels(one, JURISDICTION, NOW, { rankingMinConcluded: 1, rankingSize: 2 })
      expect(await readWallPanels(one, JURISDICTION, NOW, { rankingMinConcluded: 1, rankingSize: 2 })).toEqual(first)
      expect(first).toEqual(p)
      const { rows } = await one.query<{ name: string; runs: number }>('SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY name')
      expect(rows).toEqual(
        ['wall_card_tiles', 'wall_cards', 'wall_case_types', 'wall_open_by_department', 'wall_petitions', 'wall_rankings',
          'wall_rollup_edge', 'wall_rollup_populated', 'wall_tiles', 'wall_trend_live', 'wall_trend_rollup'].map((name) => ({ name, runs: 2 })),
      )
    } finally {
      await one.end()
    }
  })
})

describe('resolveWallJurisdiction', () => {
  it('takes the configured jurisdiction, else the top one with the most departments', async () => {
    expect(await resolveWallJurisdiction(db.pool, '440203')).toBe('440203')
    expect(await resolveWallJurisdiction(db.pool, null)).toBe(JURISDICTION)
    expect(await resolveWallJurisdiction(db.pool, '999999')).toBe(JURISDICTION)
  })
})

describe('trend counts (wall_trend_live.sql, wall_trend_rollup.sql: counted by bin or bucket first, labelled after)', () => {
  // the plain statements: every event (rollup row) labelled in local time, then grouped
  const plainLive = `
    SELECT to_char(e.occurred_at AT TIME ZONE j.time_zone, 'YYYY-MM-DD') AS local_date, extract(hour FROM e.occurred_at AT TIME ZONE j.time_zone)::int AS local_hour,
           count(*) FILTER (WHERE e.kind = 'submitted')::int AS received, count(*) FILTER (WHERE e.kind = 'concluded')::int AS concluded
    FROM events e JOIN departments d ON d.code = e.department_code JOIN jurisdictions j ON j.code = d.jurisdiction_code
    WHERE j.code = $1 AND e.occurred_at >= $2 AND e.kind IN ('submitted', 'concluded') GROUP BY 1, 2`
  const plainRollup = `
    SELECT to_char(r.bucket AT TIME ZONE j.time_zone, 'YYYY-MM-DD') AS local_date, extract(hour FROM r.bucket AT TIME ZONE j.time_zone)::int AS local_hour,
           coalesce(sum(r.events) FILTER (WHERE r.kind = 'submitted'), 0)::int AS received, coalesce(sum(r.events) FILTER (WHERE r.kind = 'concluded'), 0)::int AS concluded
    FROM event_counts_hourly r JOIN departments d ON d.code = r.department_code JOIN jurisdictions j ON j.code = d.jurisdiction_code
    WHERE j.code = $1 AND r.bucket >= $2 AND r.bucket < $3 AND r.kind IN ('submitted', 'concluded') GROUP BY 1, 2`
  const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.local_date} ${r.local_hour} ${r.received} ${r.concluded}`).sort()

  it.each([['990001', 'Asia/Shanghai'], ['990002', 'Asia/Kathmandu'], ['990003', 'Asia/Kolkata'], ['990004', 'America/St_Johns'], ['990005', 'Europe/London']])('equal the per-event count (jurisdiction %s in %s: offsets of whole, half and quarter hours)', async (jur, zone) => {
    await db.pool.query(`INSERT INTO jurisdictions (code, name, level, time_zone) VALUES ($1, $1, 'county', $2)`, [jur, zone])
    await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) VALUES ($1 || '-A', $1, 'A'), ($1 || '-B', $1, 'B')`, [jur])
    // events every 7 minutes over two days (a minute either side of each quarter hour included), both departments, three kinds
    const start = Date.parse('2026-12-20T00:00:00Z')
    for (let i = 0; i < 2 * 24 * 60; i += 7) {
      await db.pool.query(`INSERT INTO events (source, event_id, occurred_at, case_no, department_code, kind, body) VALUES ('tz', $1, $2, $3, $4, $5, '{}')`, [
        `${jur}-${i}`, new Date(start + i * 60_000), `${jur}-C${i}`, `${jur}-${i % 2 ? 'A' : 'B'}`, ['submitted', 'concluded', 'accepted'][i % 3],
      ])
    }
    await db.pool.query('CALL refresh_event_counts()')
    const from = new Date(start + 3 * 3600_000 + 20 * 60_000)
    const live = (await db.pool.query(sql('wall_trend_live'), [jur, from])).rows
    expect(live.length).toBeGreaterThan(30)
    expect(sorted(live)).toEqual(sorted((await db.pool.query(plainLive, [jur, from])).rows))
    const to = new Date(start + 40 * 3600_000)
    const rolled = (await db.pool.query(sql('wall_trend_rollup'), [jur, from, to])).rows
    expect(rolled.length).toBeGreaterThan(30)
    expect(sorted(rolled)).toEqual(sorted((await db.pool.query(plainRollup, [jur, from, to])).rows))
  }, 60_000)
})

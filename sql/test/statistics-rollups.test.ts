/**
 * Migration 150: the statistics rollups (case facts, case counts, petition counts) kept by
 * statement triggers, always equal to a recount from the raw tables — after random writes of
 * every kind the projection, the sweep and the recompute make (new cases with and without clocks,
 * late events that move the received day back, duplicates that change nothing, conclusions,
 * returns, reopenings, department and item moves, supplements, fees, level moves one by one and
 * set-based as after a calendar change, clock deletes, cards issued and revoked, case deletes;
 * petitions received, replied, rated, closed, reopened), with compactions in between, after a
 * rollback, and with concurrent writers. Migration 220's rollups (by type without the item, and the
 * histogram of working days used) likewise, through calendar changes too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { rng } from '../../domain/events/fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { createUser, DEPTS, JURISDICTION, seedReference } from '../../test/harness.ts'
import { cnWorkCalendar } from '../../domain/calendar/cnWorkCalendar.ts'
import { DEFAULT_PERIOD_RULES } from '../../domain/statistics/periods.ts'
import { dayLabels } from '../../domain/statistics/resolvePeriod.ts'
import { dimSegments, rollupSegments } from '../../domain/statistics/segments.ts'
import { sql } from '../queries.ts'
import { loadCalendar, loadWorkCalendar } from '../calendar.ts'
import {
  compactStatCounts, dailyCountsByMonth, keptCaseCounts, keptDaysCounts, keptDimCounts, keptMonthCounts, keptPetitionCounts, keptTypeCounts,
  recountCaseCounts, recountDaysCounts, recountDimCounts, recountPetitionCounts, recountTypeCounts,
} from '../../test/statCounts.ts'

const LEVELS = ['normal', 'warning', 'yellow', 'red'] as const
const TYPES = ['immediate', 'promised', 'joint', 'escalated', null] as const
const ITEMS = ['I-1', 'I-2', null] as const
const HANDLERS = ['李四', '王五', null] as const

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase('sql_statcounts')
  await seedReference(db.pool)
  await loadCalendar(db.pool, JURISDICTION, await loadWorkCalendar(db.pool, JURISDICTION)) // working days used (migration 220)
})
afterAll(async () => {
  await db?.drop()
})

type Q = Pick<pg.Pool, 'query'>
const expectExact = async (q: Q, label: string) => {
  expect(await keptCaseCounts(q), label).toEqual(await recountCaseCounts(q))
  expect(await keptPetitionCounts(q), label).toEqual(await recountPetitionCounts(q))
  expect(await keptMonthCounts(q), `${label} (months)`).toEqual(await dailyCountsByMonth(q))
  // migration 220: by type without the item, and the working-days histogram, daily and monthly
  expect(await keptTypeCounts(q), `${label} (types)`).toEqual(await recountTypeCounts(q))
  expect(await keptTypeCounts(q, true), `${label} (types by month)`).toEqual(await recountTypeCounts(q, true))
  expect(await keptDaysCounts(q), `${label} (days used)`).toEqual(await recountDaysCounts(q))
  expect(await keptDaysCounts(q, true), `${label} (days used by month)`).toEqual(await recountDaysCounts(q, true))
  // migration 310 as kept since 390: by item and by handler, by month, Monday week and day, with the histogram as arrays
  expect(await keptDimCounts(q), `${label} (by item and handler)`).toEqual(await recountDimCounts(q))
}

describe('statistics rollups (migration 150)', () => {
  it('equal a recount from the raw tables through 700 random writes, with compactions in between', { timeout: 900_000 }, async () => {
    const r = rng(150)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
    const day = () => new Date(Date.UTC(2026, 11, 1) + Math.floor(r() * 60) * 86_400_000 + Math.floor(r() * 86_400_000)) // 1 Dec 2026 … Jan 2027
    const nos: string[] = []
    const cards: number[] = []
    let next = 0
    const kinds: Record<string, number> = {}
    for (let step = 0; step < 700; step++) {
      const x = r()
      const no = nos.length > 0 ? pick(nos) : null
      let kind: string
      if (x < 0.2 || no === null) {
        kind = 'new case'
        const c = `SC-${next++}`
        nos.push(c)
        const at = day()
        const withClock = r() < 0.8
        await db.pool.query(
          `WITH c AS (
             INSERT INTO cases (case_no, department_code, item_code, case_type, status, submitted_at, accepted_at, fee_charged, supplement_count, handler, state, event_count, last_occurred_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 0, $8, '{}', 1, $6) RETURNING case_no, department_code)
           INSERT INTO case_clocks (case_no, department_code, level, deadline_date) SELECT case_no, department_code, $9, $10::date FROM c WHERE $11`,
          [c, pick(DEPTS), pick(ITEMS), pick(TYPES), r() < 0.2 ? 'submitted' : 'accepted', at, r() < 0.3 ? 12.5 : null, pick(HANDLERS), pick(LEVELS), new Date(at.getTime() + 7 * 86_400_000), withClock],
        )
      } else if (x < 0.27) {
        kind = 'batch of cases, clocks in a second statement' // the projection's way
        const batch = Array.from({ length: 1 + Math.floor(r() * 8) }, () => ({ no: `SC-${next++}`, dept: pick(DEPTS), level: pick(LEVELS), at: day().toISOString(), type: pick(TYPES) }))
        nos.push(...batch.map((b) => b.no))
        await db.pool.query(
          `INSERT INTO cases (case_no, department_code, case_type, status, accepted_at, state, event_count, last_occurred_at)
           SELECT no, dept, type, 'accepted', at, '{}', 1, at FROM json_to_recordset($1::json) AS b(no text, dept text, type text, at timestamptz)`,
          [JSON.stringify(batch)],
        )
        await db.pool.query(
          `INSERT INTO case_clocks (case_no, department_code, level, deadline_date)
           SELECT no, dept, level, (at + interval '5 days')::date FROM json_to_recordset($1::json) AS b(no text, dept text, level text, at timestamptz)`,
          [JSON.stringify(batch)],
        )
      } else if (x < 0.35) {
        kind = 'level'
        await db.pool.query(`UPDATE case_clocks SET level = $2 WHERE case_no = $1`, [no, pick(LEVELS)])
      } else if (x < 0.39) {
        kind = 'recompute (calendar change)' // set-based: deadlines move a day, levels fall back
        const dept = pick(DEPTS)
        await db.pool.query(
          `UPDATE case_clocks SET deadline_date = deadline_date + 1, level = CASE level WHEN 'red' THEN 'yellow' WHEN 'yellow' THEN 'warning' ELSE level END
           WHERE department_code = $1 AND deadline_date IS NOT NULL`,
          [dept],
        )
      } else if (x < 0.42) {
        kind = 'clock added or removed'
        const has = (await db.pool.query('SELECT 1 FROM case_clocks WHERE case_no = $1', [no])).rowCount === 1
        if (has) await db.pool.query('DELETE FROM case_clocks WHERE case_no = $1', [no])
        else await db.pool.query(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) SELECT case_no, department_code, $2, DATE '2026-12-20' FROM cases WHERE case_no = $1`, [no, pick(LEVELS)])
      } else if (x < 0.5) {
        kind = 'concluded'
        await db.pool.query(`UPDATE cases SET concluded_at = coalesce(accepted_at, submitted_at, last_occurred_at) + $2 * interval '1 day', status = 'concluded', fee_charged = $3 WHERE case_no = $1`, [no, r() < 0.15 ? 95 + Math.floor(r() * 40) : Math.floor(r() * 12), r() < 0.5 ? 30 : null]) // some beyond the 64 days of migration 390's arrays
      } else if (x < 0.53) {
        kind = 'returned'
        await db.pool.query(`UPDATE cases SET returned_at = last_occurred_at, status = 'returned' WHERE case_no = $1`, [no])
      } else if (x < 0.57) {
        kind = 'reopened'
        await db.pool.query(`UPDATE cases SET concluded_at = NULL, returned_at = NULL, status = 'undertaken' WHERE case_no = $1`, [no])
      } else if (x < 0.61) {
        kind = 'late event (received earlier)'
        await db.pool.query(`UPDATE cases SET submitted_at = coalesce(submitted_at, accepted_at, last_occurred_at) - interval '3 days' WHERE case_no = $1`, [no])
      } else if (x < 0.65) {
        kind = 'duplicate (nothing changes)'
        await db.pool.query(`UPDATE cases SET event_count = event_count WHERE case_no = $1`, [no])
        await db.pool.query(`UPDATE case_clocks SET level = level WHERE case_no = $1`, [no])
      } else if (x < 0.69) {
        kind = 'moved department or item'
        await db.pool.query(`UPDATE cases SET department_code = $2, item_code = $3 WHERE case_no = $1`, [no, pick(DEPTS), pick(ITEMS)])
      } else if (x < 0.71) {
        kind = 'reassigned (handler)'
        await db.pool.query(`UPDATE cases SET handler = $2 WHERE case_no = $1`, [no, pick(HANDLERS)])
      } else if (x < 0.73) {
        kind = 'supplement'
        await db.pool.query(`UPDATE cases SET supplement_count = supplement_count + 1 WHERE case_no = $1`, [no])
      } else if (x < 0.78) {
        kind = 'card issued'
        const { rows } = await db.pool.query<{ id: string }>(
          `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason) SELECT 'case', case_no, department_code, $2, 'overdue', 'x' FROM cases WHERE case_no = $1 RETURNING id`,
          [no, pick(['yellow', 'red'])],
        )
        cards.push(...rows.map((row) => Number(row.id)))
      } else if (x < 0.8 && cards.length > 0) {
        kind = 'card revoked'
        const id = cards.splice(Math.floor(r() * cards.length), 1)[0]!
        await db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, rule, reason, revokes, issued_by) SELECT subject, subject_no, department_code, 'manual', '撤销', id, 'sup' FROM cards WHERE id = $1`, [id])
      } else if (x < 0.81) {
        kind = 'calendar change' // working days used move: ordinals shift from a day on, by an UPDATE or a whole reload
        const from = day().toISOString().slice(0, 10)
        if (r() < 0.5) await db.pool.query(`UPDATE calendar_days SET ordinal = ordinal + 100000 WHERE jurisdiction_code = $1 AND day >= $2::date`, [JURISDICTION, from])
        else
          await db.pool.query(
            `SELECT calendar_load($1, array_agg(day ORDER BY day), array_agg(is_workday ORDER BY day), array_agg(kind ORDER BY day), array_agg(source ORDER BY day),
                                  array_agg(name ORDER BY day), array_agg(CASE WHEN day >= $2::date AND ordinal >= 100000 THEN ordinal - 100000 + 1 ELSE ordinal END ORDER BY day))
             FROM calendar_days WHERE jurisdiction_code = $1`,
            [JURISDICTION, from],
          )
      } else if (x < 0.82) {
        kind = 'case deleted'
        await db.pool.query('DELETE FROM cases WHERE case_no = $1', [no])
        nos.splice(nos.indexOf(no), 1)
      } else if (x < 0.95) {
        kind = 'petition'
        const pno = `SP-${Math.floor(r() * 40)}`
        const y = r()
        if ((await db.pool.query('SELECT 1 FROM petitions WHERE petition_no = $1', [pno])).rowCount === 0)
          await db.pool.query(
            `INSERT INTO petitions (petition_no, department_code, petition_kind, channel, status, received_at, deadline_date, level, state, event_count, last_occurred_at)
             VALUES ($1, $2, $3, $4, 'received', $5, ($5::timestamptz + interval '10 days')::date, $6, '{}', 1, $5)`,
            [pno, pick(DEPTS), pick(['consultation', 'complaint', 'mailbox']), pick(['12345', 'web', 'letter']), day(), pick(LEVELS)],
          )
        else if (y < 0.25) await db.pool.query(`UPDATE petitions SET level = $2 WHERE petition_no = $1`, [pno, pick(LEVELS)])
        else if (y < 0.45) await db.pool.query(`UPDATE petitions SET replied_at = received_at + $2 * interval '1 day', status = 'replied' WHERE petition_no = $1`, [pno, Math.floor(r() * 20)])
        else if (y < 0.6) await db.pool.query(`UPDATE petitions SET closed_at = coalesce(replied_at, received_at), status = 'closed' WHERE petition_no = $1`, [pno])
        else if (y < 0.72) await db.pool.query(`UPDATE petitions SET rating = $2 WHERE petition_no = $1`, [pno, 1 + Math.floor(r() * 5)])
        else if (y < 0.82) await db.pool.query(`UPDATE petitions SET closed_at = NULL, replied_at = NULL, status = 'received' WHERE petition_no = $1`, [pno])
        else if (y < 0.92) await db.pool.query(`UPDATE petitions SET department_code = $2 WHERE petition_no = $1`, [pno, pick(DEPTS)])
        else await db.pool.query('DELETE FROM petitions WHERE petition_no = $1', [pno])
      } else {
        kind = 'compacted'
        await compactStatCounts(db.pool)
        expect(Number((await db.pool.query('SELECT count(*) AS n FROM stat_case_count_deltas')).rows[0].n)).toBe(0)
      }
      kinds[kind] = (kinds[kind] ?? 0) + 1
      await expectExact(db.pool, `step ${step}: ${kind} ${no ?? ''}`)
    }
    expect(Object.keys(kinds).length).toBe(19) // every kind of write happened
    // the working-days histogram is not trivial: several distinct day counts
    expect(new Set(Object.keys(await recountDaysCounts(db.pool)).map((k) => k.split('/')[4])).size).toBeGreaterThan(3)
    // concluded cases inside migration 390's arrays (0 … 63 working days) and outside them
    const dimDays = Object.keys(await recountDimCounts(db.pool)).filter((k) => k.startsWith('h/')).map((k) => Number(k.split('/').at(-1)))
    expect(dimDays.filter((d) => d >= 0 && d < 64).length).toBeGreaterThan(50)
    expect(dimDays.filter((d) => d >= 64).length).toBeGreaterThan(5)
    const recount = await recountCaseCounts(db.pool)
    expect(Object.keys(recount).length).toBeGreaterThan(40)
    const statuses = new Set(Object.keys(recount).map((k) => k.split('/')[4]))
    expect(statuses).toEqual(new Set(['pending', 'inProgress', 'concluded', 'returned']))
    // cards and fees made it into the counts
    const totals = Object.values(recount).map((v) => v.split(' ').map(Number)).reduce((a, b) => a.map((x, i) => x + b[i]!))
    expect(totals[3]).toBeGreaterThan(0) // fees
    expect(totals[6]).toBeGreaterThan(0) // cards
    expect(totals[1]).toBeGreaterThan(0) // on time
    expect(totals[2]).toBeGreaterThan(totals[1]!) // some concluded late
    expect(await compactStatCounts(db.pool)).toBeGreaterThan(0)
    await expectExact(db.pool, 'after the last compaction')
  })

  it('re-keys the rows by item and handler when a department is added, moved to another jurisdiction or deleted', async () => {
    await db.pool.query(`INSERT INTO jurisdictions (code, name, level) VALUES ('440205', '武江区', 'county') ON CONFLICT DO NOTHING`)
    await db.pool.query(
      `INSERT INTO cases (case_no, department_code, item_code, case_type, status, submitted_at, accepted_at, concluded_at, handler, state, event_count, last_occurred_at)
       VALUES ('RK-1', '440204-NEW', 'I-1', 'promised', 'concluded', '2026-12-03T02:00:00Z', '2026-12-03T02:00:00Z', '2026-12-08T02:00:00Z', '李四', '{}', 1, '2026-12-08T02:00:00Z')`,
    )
    const jurisdictionsOf = async (handler: string) =>
      (await db.pool.query(`SELECT jurisdiction_code AS j, sum(n)::int AS n FROM stat_case_dim_hists_live WHERE dim = 'h' AND grain = 'm' AND key = $1 GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`, [handler])).rows
    const before = await jurisdictionsOf('李四')
    expect(before.find((r) => r.j === '')).toEqual({ j: '', n: 1 }) // a department not in `departments` yet
    await expectExact(db.pool, 'case of an unknown department')
    await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) VALUES ('440204-NEW', $1, '新部门')`, [JURISDICTION])
    expect((await jurisdictionsOf('李四')).find((r) => r.j === '')).toBeUndefined()
    await expectExact(db.pool, 'department added')
    const moved = Number((await db.pool.query(`SELECT count(*) AS n FROM stat_case_facts WHERE department_code = $1`, [DEPTS[2]])).rows[0].n)
    expect(moved).toBeGreaterThan(0)
    await db.pool.query(`UPDATE departments SET jurisdiction_code = '440205' WHERE code = $1`, [DEPTS[2]])
    await expectExact(db.pool, 'department moved')
    await db.pool.query(`UPDATE departments SET name = name || '' WHERE code = $1`, [DEPTS[1]]) // no move: nothing re-keyed
    await db.pool.query(`UPDATE departments SET jurisdiction_code = $2 WHERE code = $1`, [DEPTS[2], JURISDICTION])
    await expectExact(db.pool, 'department moved back')
    await db.pool.query(`DELETE FROM departments WHERE code = '440204-NEW'`)
    await expectExact(db.pool, 'department deleted')
    await db.pool.query(`DELETE FROM cases WHERE case_no = 'RK-1'`)
    await expectExact(db.pool, 'its case deleted')
  })

  it('a custom report from the rollups of migration 220 (and from the facts) equals the same report from the raw tables, row for row', { timeout: 240_000 }, async () => {
    const user = await createUser(db.pool, { login: 'stat.custom', roles: ['admin'], jurisdictionCode: JURISDICTION })
    const cal = cnWorkCalendar()
    const monthly = { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day' as const, day: 25 } }
    const dimsList = [[], ['department'], ['department', 'period'], ['caseType', 'period'], ['jurisdiction', 'department', 'caseType'], ['period']] as const
    const filters = [{}, { status: 'concluded' }, { level: 'normal' }, { caseType: 'promised' }, { department: DEPTS[0] }, { status: 'inProgress' }] as const
    const ranges = [['2026-11-20', '2027-02-10'], ['2026-12-01', '2026-12-31'], ['2026-12-14', '2026-12-14']] as const
    let compared = 0
    let withP90 = 0
    for (const [from, to] of ranges) {
      for (const dims of dimsList) {
        for (const grain of dims.includes('period' as never) ? (['week', 'month', 'quarter'] as const) : ([null] as const)) {
          for (const rules of grain === 'month' ? [DEFAULT_PERIOD_RULES, monthly] : [DEFAULT_PERIOD_RULES]) {
            const labels = grain ? dayLabels(from, to, grain, rules, cal) : null
            const seg = rollupSegments(from, to, labels?.labels ?? null)
            for (const f of filters) {
              const fl: { department?: string; caseType?: string; status?: string; level?: string } = f
              const p90 = compared % 3 !== 2
              const factsParams = [user.id, from, to, dims, labels?.days ?? null, labels?.labels ?? null, fl.department ?? null, null, fl.caseType ?? null, fl.status ?? null, fl.level ?? null, null, p90]
              const facts = await db.pool.query(sql('statistics_custom_raw'), factsParams) // cases ⋈ clocks ⋈ cards ⋈ calendar, at read time
              expect((await db.pool.query(sql('statistics_custom'), factsParams)).rows).toEqual(facts.rows)
              const kept = await db.pool.query(sql('statistics_custom_rollup'), [
                user.id, dims, seg.months, seg.monthLabels, seg.days, seg.dayLabels, fl.department ?? null, fl.caseType ?? null, fl.status ?? null, fl.level ?? null, p90,
              ])
              expect(kept.rows, `${from}..${to} ${dims.join()} ${grain} ${JSON.stringify(f)}`).toEqual(facts.rows)
              compared++
              if (facts.rows.some((row: { days_p90: number | null }) => row.days_p90 !== null && !Number.isInteger(row.days_p90))) withP90++
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100)
    expect(withP90).toBeGreaterThan(5) // p90s between two ranks (interpolated) were compared too
  })

  it('a custom report by item or handler from the rollup of migration 390 (months, Monday weeks, days; histograms as arrays) equals the same report from the raw tables, row for row', { timeout: 240_000 }, async () => {
    const admin = await createUser(db.pool, { login: 'stat.dim', roles: ['admin'], jurisdictionCode: JURISDICTION })
    const head = await createUser(db.pool, { login: 'stat.dim.head', roles: ['department_head'], departmentCode: DEPTS[1] })
    const scope = async (id: unknown) => (await db.pool.query(sql('statistics_custom_scope'), [id])).rows[0].whole
    expect(await scope(admin.id)).toBe(true) // every department of the jurisdiction: the handler rows serve
    expect(await scope(head.id)).toBe(false) // one department: the handler rows (by jurisdiction) would show more
    const cal = cnWorkCalendar()
    const monthly = { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day' as const, day: 25 } }
    const sunday = { ...DEFAULT_PERIOD_RULES, weekStart: 7 }
    const byKind = {
      i: {
        dims: [['item'], ['department', 'item', 'period'], ['item', 'caseType'], ['jurisdiction', 'item', 'period'], ['period'], []],
        filters: [{ item: 'I-1' }, {}, { status: 'concluded' }, { level: 'normal' }, { caseType: 'promised', item: '' }, { department: DEPTS[0] }, { status: 'returned' }],
        users: [admin.id, head.id],
      },
      h: {
        dims: [['handler'], ['handler', 'period'], ['jurisdiction', 'handler'], ['period']],
        filters: [{ handler: '李四' }, {}, { status: 'concluded' }, { level: 'yellow' }, { handler: '' }],
        users: [admin.id],
      },
    } as const
    const ranges = [['2026-11-20', '2027-02-10'], ['2026-12-01', '2026-12-31'], ['2026-12-14', '2026-12-20'], ['2026-12-09', '2027-01-06']] as const
    let compared = 0
    let withP90 = 0
    let weeks = 0
    let days = 0
    for (const [kind, { dims: dimsList, filters, users }] of Object.entries(byKind)) {
      for (const [from, to] of ranges) {
        for (const dims of dimsList) {
          const withPeriod = (dims as readonly string[]).includes('period')
          for (const grain of withPeriod ? (['week', 'month', 'quarter'] as const) : ([null] as const)) {
            for (const rules of grain === 'month' ? [DEFAULT_PERIOD_RULES, monthly] : grain === 'week' ? [DEFAULT_PERIOD_RULES, sunday] : [DEFAULT_PERIOD_RULES]) {
              const labels = grain ? dayLabels(from, to, grain, rules, cal) : null
              const seg = dimSegments(from, to, labels?.labels ?? null)
              weeks += seg.weeks.length
              days += seg.days.length
              for (const f of filters) {
                const fl: { department?: string; item?: string; caseType?: string; status?: string; level?: string; handler?: string } = f
                if (dims.length === 0 && fl.item === undefined && fl.handler === undefined) continue // neither item nor handler: not this path
                for (const user of users) {
                  const p90 = compared % 3 !== 2
                  const facts = await db.pool.query(sql('statistics_custom_raw'), [
                    user, from, to, dims, labels?.days ?? null, labels?.labels ?? null, fl.department ?? null, fl.item ?? null, fl.caseType ?? null, fl.status ?? null, fl.level ?? null, fl.handler ?? null, p90,
                  ])
                  const kept = await db.pool.query(sql('statistics_custom_dim'), [
                    user, dims, kind, seg.months, seg.monthLabels, seg.weeks, seg.weekLabels, seg.days, seg.dayLabels,
                    fl.department ?? null, fl.item ?? null, fl.caseType ?? null, fl.status ?? null, fl.level ?? null, fl.handler ?? null, p90,
                  ])
                  expect(kept.rows, `${kind} ${from}..${to} ${dims.join()} ${grain} ${JSON.stringify(rules)} ${JSON.stringify(f)} user ${user}`).toEqual(facts.rows)
                  compared++
                  if (facts.rows.some((row: { days_p90: number | null }) => row.days_p90 !== null && !Number.isInteger(row.days_p90))) withP90++
                }
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300)
    expect(withP90).toBeGreaterThan(5) // p90s between two ranks (interpolated) were compared too
    expect(weeks).toBeGreaterThan(20) // weeks read from grain 'w' …
    expect(days).toBeGreaterThan(50) // … and the other days from grain 'd'
  })

  it('a report by handler and week with more groups than the 5,000 it returns keeps the same first 5,000 as the raw report (the groups are cut before their histograms)', { timeout: 120_000 }, async () => {
    const admin = await createUser(db.pool, { login: 'stat.dim.5k', roles: ['admin'], jurisdictionCode: JURISDICTION })
    // 620 handlers × 9 Monday weeks (30 Nov 2026 … 31 Jan 2027), a concluded case each: 5,580 groups
    await db.pool.query(
      `WITH c AS (
         INSERT INTO cases (case_no, department_code, case_type, status, submitted_at, accepted_at, concluded_at, handler, state, event_count, last_occurred_at)
         SELECT 'SC5K-' || h || '-' || w, ($1::text[])[1 + (h + w) % 3], 'promised', 'concluded', at, at, at + ((h * 7 + w * 3) % 23) * interval '1 day',
                'H' || lpad(h::text, 4, '0'), '{}', 1, at
         FROM generate_series(1, 620) h, generate_series(0, 8) w, LATERAL (SELECT timestamptz '2026-11-30 02:00+00' + (w * 7 + h % 5) * interval '1 day' AS at) a
         RETURNING case_no, department_code, accepted_at)
       INSERT INTO case_clocks (case_no, department_code, level, deadline_date) SELECT case_no, department_code, 'normal', (accepted_at + interval '10 days')::date FROM c`,
      [DEPTS],
    )
    try {
      const [from, to] = ['2026-11-30', '2027-01-31']
      const labels = dayLabels(from, to, 'week', DEFAULT_PERIOD_RULES, cnWorkCalendar())
      const seg = dimSegments(from, to, labels.labels)
      expect(seg.weeks.length).toBe(9)
      const dims = ['handler', 'period']
      const facts = await db.pool.query(sql('statistics_custom_raw'), [admin.id, from, to, dims, labels.days, labels.labels, null, null, null, null, null, null, true])
      const kept = await db.pool.query(sql('statistics_custom_dim'), [admin.id, dims, 'h', seg.months, seg.monthLabels, seg.weeks, seg.weekLabels, seg.days, seg.dayLabels, null, null, null, null, null, null, true])
      expect(facts.rows).toHaveLength(5000)
      expect(kept.rows).toEqual(facts.rows)
      expect(new Set(kept.rows.map((r: { period: string }) => r.period)).size).toBeGreaterThan(1) // cut inside the order, not one period
    } finally {
      await db.pool.query(`DELETE FROM cases WHERE case_no LIKE 'SC5K-%'`)
      await compactStatCounts(db.pool) // the tests after this one start with the deltas folded, as before it
    }
  })

  it('stat_hist_numeric (migration 430) is linear in the histogram, so summed rows give the element-wise sum twelve digits per day used', async () => {
    const r = rng(430)
    for (let t = 0; t < 40; t++) {
      const arrays = Array.from({ length: 1 + Math.floor(r() * 5) }, () =>
        Array.from({ length: 1 + Math.floor(r() * 64) }, () => (r() < 0.6 ? 0 : Math.floor(r() * 2_000_000) - (r() < 0.2 ? 1_000_000 : 0))),
      )
      const { rows } = await db.pool.query<{ summed: string; plus: string; s: number[] }>(
        `SELECT sum(stat_hist_numeric(a))::text AS summed, stat_hist_numeric(stat_hist_sum(a))::text AS plus, stat_hist_sum(a) AS s
         FROM (SELECT translate(x, '[]', '{}')::int[] AS a FROM unnest($1::text[]) AS x) v`,
        [arrays.map((a) => JSON.stringify(a))],
      )
      expect(rows[0]!.summed).toBe(rows[0]!.plus)
      if (rows[0]!.s.every((e) => e >= 0)) {
        // a total of counts: its decimal text read back twelve digits at a time gives the element-wise sum
        const text = rows[0]!.summed
        const back = Array.from({ length: rows[0]!.s.length }, (_, k) => Number(text.slice(Math.max(text.length - 12 * k - 12, 0), Math.max(text.length - 12 * k, 0)) || '0'))
        expect(back).toEqual(rows[0]!.s)
      }
    }
    expect((await db.pool.query(`SELECT stat_hist_numeric(NULL) AS n, stat_hist_numeric(array_fill(0, ARRAY[63]) || 7)::text AS top`)).rows[0]).toEqual({ n: null, top: `7${'0'.repeat(12 * 63)}` })
  })

  it('stat_case_counts_between() sums whole months from the monthly counts and edge days from the daily ones, as the days alone do', async () => {
    const sum = async (text: string, from: string | null, to: string | null) =>
      (await db.pool.query(`SELECT coalesce(sum(n), 0)::int AS n, coalesce(sum(fee), 0)::text AS fee FROM ${text}`, [from, to])).rows[0]
    const ranges: [string | null, string | null][] = [['2026-12-01', '2026-12-31'], ['2026-12-03', '2027-01-20'], ['2026-11-15', '2027-02-28'], ['2026-12-10', '2026-12-10'], [null, null], [null, '2026-12-31'], ['2027-01-01', null]]
    for (const [from, to] of ranges) {
      const between = await sum('stat_case_counts_between($1, $2)', from, to)
      const days = await sum(`stat_case_counts_live WHERE ($1::date IS NULL OR day >= $1::date) AND ($2::date IS NULL OR day <= $2::date)`, from, to)
      expect(between, `${from}..${to}`).toEqual(days)
    }
    expect((await sum('stat_case_counts_between($1, $2)', null, null)).n).toBeGreaterThan(100)
  })

  it('keeps nothing of a rolled-back write', async () => {
    const before = await keptCaseCounts(db.pool)
    const c = await db.pool.connect()
    try {
      await c.query('BEGIN')
      await c.query(`INSERT INTO cases (case_no, department_code, status, accepted_at, state, event_count, last_occurred_at) VALUES ('RB-1', $1, 'accepted', now(), '{}', 1, now())`, [DEPTS[0]])
      await c.query(`UPDATE case_clocks SET level = 'red' WHERE case_no IN (SELECT case_no FROM case_clocks LIMIT 5)`)
      await expectExact(c, 'inside the transaction')
      expect(await keptCaseCounts(c)).not.toEqual(before)
      await c.query('ROLLBACK')
    } finally {
      c.release()
    }
    expect(await keptCaseCounts(db.pool)).toEqual(before)
  })

  it('stay exact with three concurrent writers and a compactor running all the while', async () => {
    let writing = true
    let compactions = 0
    const compactor = (async () => {
      while (writing) {
        await compactStatCounts(db.pool)
        compactions++
      }
    })()
    await Promise.all(
      [0, 1, 2].map(async (w) => {
        for (let i = 0; i < 25; i++) {
          const c = await db.pool.connect()
          try {
            await c.query('BEGIN')
            const nos = [0, 1, 2].map((j) => `CW-${w}-${i}-${j}`)
            await c.query(
              `INSERT INTO cases (case_no, department_code, status, accepted_at, state, event_count, last_occurred_at)
               SELECT unnest($1::text[]), $2, 'accepted', now(), '{}', 1, now()`,
              [nos, DEPTS[w]],
            )
            await c.query(`INSERT INTO case_clocks (case_no, department_code, level, deadline_date) SELECT unnest($1::text[]), $2, 'warning', current_date`, [nos, DEPTS[w]])
            await c.query(`UPDATE cases SET concluded_at = now(), status = 'concluded' WHERE case_no = $1`, [nos[0]])
            await c.query(i % 5 === 4 ? 'ROLLBACK' : 'COMMIT')
          } finally {
            c.release()
          }
        }
      }),
    )
    writing = false
    await compactor
    expect(compactions).toBeGreaterThan(2)
    await expectExact(db.pool, 'after concurrent writers')
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM cases WHERE case_no LIKE 'CW-%'`)
    expect(rows[0].n).toBe(3 * 20 * 3)
  })

  it('TRUNCATE of cases and petitions rebuilds the rollups', async () => {
    await db.pool.query('TRUNCATE cases CASCADE')
    await db.pool.query('TRUNCATE petitions')
    expect(await keptCaseCounts(db.pool)).toEqual({})
    expect(await keptPetitionCounts(db.pool)).toEqual({})
  })
})

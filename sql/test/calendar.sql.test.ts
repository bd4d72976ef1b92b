/**
 * The SQL twin of the calendar (migration 010.calendar.sql) against the TypeScript engine, on the
 * server at DATABASE_URL, in a throwaway schema `t_cal_<random>` dropped afterwards. Migration 010
 * alone is executed there (it depends on no other migration).
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../../domain/calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../../domain/calendar/fromEpochDay.ts'
import { toEpochDay } from '../../domain/calendar/toEpochDay.ts'
import { workingDaysBetween } from '../../domain/calendar/workingDaysBetween.ts'
import { addWorkingDays } from '../../domain/calendar/addWorkingDays.ts'
import { computeDeadline } from '../../domain/clock/computeDeadline.ts'
import { loadCalendar, loadWorkCalendar } from '../calendar.ts'

const J = '440204'
const schema = `t_cal_${randomBytes(4).toString('hex')}`
const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' })
const cal = cnWorkCalendar()

beforeAll(async () => {
  await client.connect()
  await client.query(`CREATE SCHEMA ${schema}`)
  await client.query(`SET search_path TO ${schema}`)
  await client.query(await readFile(new URL('../migrations/010.calendar.sql', import.meta.url), 'utf8'))
  await client.query('BEGIN')
  await loadCalendar(client, J, cal)
  await client.query('COMMIT')
}, 60_000)

afterAll(async () => {
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
})

describe('calendar in SQL', () => {
  it('stores every day of the calendar with kind, source, name and ordinal', async () => {
    const { rows } = await client.query<{ date: string; is_workday: boolean; kind: string; source: string; name: string | null; ordinal: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, is_workday, kind, source, name, ordinal FROM calendar_days WHERE jurisdiction_code = $1 ORDER BY day`,
      [J],
    )
    expect(rows).toHaveLength(cal.lastDay - cal.firstDay + 1)
    rows.forEach((r, i) => {
      const e = cal.entry(cal.firstDay + i)!
      expect({ date: r.date, isWorkday: r.is_workday, kind: r.kind, source: r.source, name: r.name, ordinal: r.ordinal }).toEqual(e)
    })
  })

  it('agrees with TypeScript on every date of 2015–2026 for limits 0–60 in both units', async () => {
    const { rows } = await client.query<{ day: string; wd: (string | null)[]; cd: (string | null)[]; btw: (number | null)[] }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day,
              array_agg(to_char(wd_add($1, d, n), 'YYYY-MM-DD') ORDER BY n) AS wd,
              array_agg(to_char(cd_deadline($1, d, n), 'YYYY-MM-DD') ORDER BY n) AS cd,
              array_agg(wd_between($1, d, d + n) ORDER BY n) AS btw
       FROM generate_series(DATE '2015-01-01', DATE '2026-12-31', interval '1 day') AS g (t)
       CROSS JOIN LATERAL (SELECT g.t::date AS d) AS x
       CROSS JOIN generate_series(0, 60) AS n
       GROUP BY d ORDER BY d`,
      [J],
    )
    expect(rows).toHaveLength(toEpochDay('2026-12-31') - toEpochDay('2015-01-01') + 1)
    let compared = 0
    for (const r of rows) {
      for (let n = 0; n <= 60; n++) {
        const w = computeDeadline({ accepted: r.day, limit: n, unit: 'workday' }, cal)
        const c = computeDeadline({ accepted: r.day, limit: n, unit: 'day' }, cal)
        if (w.status !== 'running' || c.status !== 'running') throw new Error(`${r.day}+${n}: not running`)
        if (r.wd[n] !== w.deadlineDate || r.cd[n] !== c.deadlineDate || r.btw[n] !== workingDaysBetween(cal, toEpochDay(r.day), toEpochDay(r.day) + n)) {
          expect({ day: r.day, n, wd: r.wd[n], cd: r.cd[n], btw: r.btw[n] }).toEqual({
            day: r.day,
            n,
            wd: w.deadlineDate,
            cd: c.deadlineDate,
            btw: workingDaysBetween(cal, toEpochDay(r.day), toEpochDay(r.day) + n),
          })
        }
        compared += 3
      }
    }
    expect(compared).toBe(rows.length * 61 * 3)
  }, 120_000)

  it('agrees on negative n, and gives NULL outside the loaded range', async () => {
    const { rows } = await client.query<{ day: string; back: (string | null)[] }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, array_agg(to_char(wd_add($1, d, -k), 'YYYY-MM-DD') ORDER BY k) AS back
       FROM (SELECT g::date AS d FROM generate_series(DATE '2025-09-01', DATE '2026-03-31', interval '1 day') g) x
       CROSS JOIN generate_series(1, 20) k GROUP BY d ORDER BY d`,
      [J],
    )
    for (const r of rows) {
      r.back.forEach((b, i) => expect(b, `${r.day} - ${i + 1}`).toBe(fromEpochDay(addWorkingDays(cal, toEpochDay(r.day), -(i + 1)))))
    }
    const edge = await client.query(
      `SELECT wd_add($1, DATE '2014-12-31', 1) AS a, wd_add($1, DATE '2031-12-31', 1) AS b, cd_deadline($1, DATE '2031-12-01', 60) AS c,
              cd_deadline($1, DATE '2025-01-01', -1) AS d, wd_between($1, DATE '2014-12-31', DATE '2015-01-05') AS e, wd_add('999999', DATE '2025-01-01', 0) AS f`,
      [J],
    )
    expect(edge.rows[0]).toEqual({ a: null, b: null, c: null, d: null, e: null, f: null })
  })

  it('recomputes 200,000 deadlines in one set-based query, matching TypeScript', async () => {
    const { rows } = await client.query<{ n: string; sum: string }>(
      `SELECT count(*) AS n, sum(wd_add($1, d, (i % 61)::int) - DATE '1970-01-01') AS sum
       FROM generate_series(1, 200000) AS i
       CROSS JOIN LATERAL (SELECT DATE '2015-01-01' + (i % 4383) AS d) x`,
      [J],
    )
    let sum = 0
    const first = toEpochDay('2015-01-01')
    for (let i = 1; i <= 200_000; i++) sum += addWorkingDays(cal, first + (i % 4383), i % 61)
    expect(Number(rows[0]!.n)).toBe(200_000)
    expect(Number(rows[0]!.sum)).toBe(sum)
  }, 120_000)

  it('builds the calendar from overrides and entered notices, audited and append-only', async () => {
    await client.query(
      `INSERT INTO calendar_overrides (jurisdiction_code, day, is_workday, reason, created_by) VALUES
         ($1, '2025-06-03', false, '台风停工', 'admin1'),
         ($1, '2025-06-07', true, '集中办理日', 'admin1'),
         ($1, '2025-06-07', NULL, '撤销', 'admin2'),
         ('440203', '2025-06-04', false, '别的区', 'admin3')`,
      [J],
    )
    const notice2027 = {
      year: 2027,
      status: 'official',
      holidays: [{ date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" }],
      adjustedWorkdays: [{ date: '2027-01-02', name: '元旦', nameEn: "New Year's Day" }],
    }
    await client.query(`INSERT INTO calendar_notices (year, data, entered_by) VALUES (2027, $1, 'admin1'), (2028, '{"year": 2028, "status": "bogus"}', 'admin1')`, [
      JSON.stringify(notice2027),
    ])
    const local = await loadWorkCalendar(client, J)
    expect(local.isWorkday(toEpochDay('2025-06-03'))).toBe(false)
    expect(local.entry(toEpochDay('2025-06-03'))).toMatchObject({ kind: 'local_off', source: 'local', name: '台风停工' })
    expect(local.isWorkday(toEpochDay('2025-06-04'))).toBe(true) // another jurisdiction's override
    expect(local.kindOf(toEpochDay('2025-06-07'))).toBe('weekend') // withdrawn
    expect(local.isOfficialYear(2027)).toBe(true)
    expect(local.isOfficialYear(2028)).toBe(false) // invalid notice skipped
    expect(local.isWorkday(toEpochDay('2027-01-02'))).toBe(true)

    await client.query('BEGIN')
    const written = await loadCalendar(client, J, local)
    await client.query('COMMIT')
    expect(written).toBe(local.lastDay - local.firstDay + 1)
    const { rows } = await client.query(
      `SELECT to_char(wd_add($1, DATE '2025-06-02', 1), 'YYYY-MM-DD') AS a, to_char(wd_add($1, DATE '2026-12-31', 1), 'YYYY-MM-DD') AS b`,
      [J],
    )
    expect(rows[0]).toEqual({ a: '2025-06-04', b: '2027-01-02' })

    await expect(client.query(`UPDATE calendar_overrides SET reason = 'x'`)).rejects.toThrow(/append-only/)
    await expect(client.query(`DELETE FROM calendar_notices`)).rejects.toThrow(/append-only/)
    await expect(client.query(`INSERT INTO calendar_overrides (jurisdiction_code, day, is_workday, reason, created_by) VALUES ($1, '2025-06-03', false, ' ', 'a')`, [J])).rejects.toThrow(
      /check/i,
    )
  })
})

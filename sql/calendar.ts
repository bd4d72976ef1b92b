/**
 * The working-day calendar in PostgreSQL (migration 010.calendar.sql):
 * - `loadCalendar` writes a `WorkCalendar`'s days, with their ordinals, into `calendar_days` for a
 *   jurisdiction (so the SQL functions wd_add / wd_between / cd_deadline can recompute deadlines
 *   set-based);
 * - `loadWorkCalendar` builds the `WorkCalendar` of a jurisdiction: the shipped national notices,
 *   notices entered by administrators (`calendar_notices`, latest per year wins) and the
 *   jurisdiction's current local overrides (`calendar_overrides`).
 *
 * The SQL itself lives in the migration (the function `calendar_load`, the views
 * `calendar_overrides_current` and `calendar_notices_current`); the statements here only call them.
 */
import type pg from 'pg'
import { CN_CALENDAR_DATA } from '../domain/calendar/cnCalendarData.ts'
import { parseCalendarData } from '../domain/calendar/parseCalendarData.ts'
import type { CalendarData, LocalOverride, NoticeYear } from '../domain/calendar/types.ts'
import { WorkCalendar, type WorkCalendarOptions } from '../domain/calendar/WorkCalendar.ts'

type Db = pg.ClientBase | pg.Pool

// $1 jurisdiction, $2 days (text[] of YYYY-MM-DD), $3 is_workday[], $4 kind[], $5 source[], $6 name[], $7 ordinal[]
const LOAD = 'SELECT calendar_load($1, $2::date[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::int[]) AS n'
// $1 jurisdiction
const OVERRIDES = `SELECT to_char(day, 'YYYY-MM-DD') AS date, is_workday AS "isWorkday", reason
  FROM calendar_overrides_current WHERE jurisdiction_code = $1 ORDER BY day`
const NOTICES = 'SELECT data FROM calendar_notices_current ORDER BY year'

/**
 * (Re)writes every row of `calendar_days` for one jurisdiction from a calendar: its whole range,
 * with kind, source, name and the running ordinal. One round trip (a delete and a bulk insert from
 * arrays inside `calendar_load`). Run it inside the caller's transaction so readers never see the
 * jurisdiction half-written.
 *
 * @param client - a client (in a transaction) or pool
 * @param jurisdictionCode - e.g. `440204`
 * @param cal - the calendar to store (usually from `loadWorkCalendar`)
 * @returns the number of rows written
 *
 * @example
 * await client.query('BEGIN')
 * await loadCalendar(client, '440204', await loadWorkCalendar(client, '440204'))
 * await client.query('COMMIT')
 */
export async function loadCalendar(client: Db, jurisdictionCode: string, cal: WorkCalendar): Promise<number> {
  const n = cal.lastDay - cal.firstDay + 1
  const days: string[] = new Array(n)
  const workdays: boolean[] = new Array(n)
  const kinds: string[] = new Array(n)
  const sources: string[] = new Array(n)
  const names: (string | null)[] = new Array(n)
  const ordinals: number[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const e = cal.entry(cal.firstDay + i)!
    days[i] = e.date
    workdays[i] = e.isWorkday
    kinds[i] = e.kind
    sources[i] = e.source
    names[i] = e.name
    ordinals[i] = e.ordinal
  }
  const { rows } = await client.query<{ n: string }>(LOAD, [jurisdictionCode, days, workdays, kinds, sources, names, ordinals])
  return Number(rows[0]!.n)
}

/**
 * The national calendar data with the notices entered in the database merged in (a year in the
 * database replaces the shipped year). Notices that fail validation are skipped and reported.
 */
export async function loadCalendarData(client: Db): Promise<{ data: CalendarData; rejected: string[] }> {
  const { rows } = await client.query<{ data: unknown }>(NOTICES)
  const years = new Map<number, NoticeYear>(CN_CALENDAR_DATA.years.map((y) => [y.year, y]))
  const rejected: string[] = []
  for (const r of rows) {
    const parsed = parseCalendarData({ ...CN_CALENDAR_DATA, years: [r.data] })
    if (parsed.ok) {
      const y = parsed.data.years[0]!
      years.set(y.year, y)
    } else rejected.push(...parsed.errors)
  }
  const data: CalendarData = { ...CN_CALENDAR_DATA, years: [...years.values()].sort((a, b) => a.year - b.year) }
  return { data, rejected }
}

/**
 * Builds a jurisdiction's `WorkCalendar` from the shipped notices, the notices entered in the
 * database, and the jurisdiction's current local overrides.
 *
 * @param client - a client or pool
 * @param jurisdictionCode - e.g. `440204`
 * @param options - year range (overrides come from the database)
 * @returns the calendar
 */
export async function loadWorkCalendar(client: Db, jurisdictionCode: string, options: Omit<WorkCalendarOptions, 'overrides'> = {}): Promise<WorkCalendar> {
  // one after the other: `client` may be a transaction's client (one query at a time)
  const { data } = await loadCalendarData(client)
  const { rows } = await client.query<LocalOverride>(OVERRIDES, [jurisdictionCode])
  return WorkCalendar.fromData(data, { ...options, overrides: rows })
}

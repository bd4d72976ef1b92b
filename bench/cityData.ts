/**
 * A city's data generated in this process and loaded by COPY (not through the API), shared by
 * bench/statistics.bench.ts and bench/volume.bench.ts: `cases` cases received over the 400 days
 * (`days`) up to today (more recent than old; 85% concluded, 3% returned, 2% pending, the rest in progress;
 * levels mostly normal; fees, supplements, handlers; a folded state the clock engine can explain),
 * their clocks, `eventsPerCase` events per case (3 h apart from the receipt, none after now; in
 * monthly partitions as the maintenance job keeps them), `petitions`
 * petitions and automatic cards for the yellow and red cases.
 *
 * The COPY runs with triggers off (session_replication_role = replica); the wall's open counts and
 * the statistics rollups are then rebuilt once (timed), the calendar loaded, VACUUM ANALYZE run,
 * and 20,000 level moves written through the triggers and left uncompacted (a minute of churn in
 * steady state). Seeded: the same options give the same rows.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { rng } from '../domain/events/fixtures.ts'
import { loadCalendar, loadWorkCalendar } from '../sql/calendar.ts'
import { JURISDICTION } from '../test/harness.ts'

export interface CityDataOptions {
  cases: number
  eventsPerCase: number
  petitions: number
  /** the instant the data is generated around (default: now) */
  now?: number
  /** cases are received over this many days up to `now` (default 400) */
  days?: number
  log?: (m: string) => void
}

const DAY_MS = 86_400_000
const DAYS = 400
export const CITY_DEPTS = ['440204-SCJG', '440204-ZJJ', '440204-GA', ...Array.from({ length: 30 }, (_, i) => `440204-D${String(i + 1).padStart(2, '0')}`)]
const ITEMS = 400
const TYPES = ['promised', 'promised', 'promised', 'immediate', 'immediate', 'joint', 'escalated']
const HANDLERS = Array.from({ length: 300 }, (_, i) => `办理人${i + 1}`)
/** Event kinds by position in a case's history; the last event of a case is always `concluded`. */
const KINDS = ['submitted', 'accepted', 'stage', 'stage', 'stage', 'feeCharged', 'stage', 'supplementRequested', 'supplementSupplied', 'concluded']
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
const iso = (ms: number) => new Date(ms).toISOString()

/** The case number of the i-th generated case. */
export const cityCaseNo = (i: number) => `BS${String(i).padStart(8, '0')}`

/** COPY `statement` from the lines (2,000 to a chunk); returns the milliseconds it took. */
export async function copyLines(client: pg.PoolClient, statement: string, lines: () => Generator<string>): Promise<number> {
  const t = performance.now()
  const chunks = function* () {
    let buf: string[] = []
    for (const line of lines()) {
      buf.push(line)
      if (buf.length >= 2000) {
        yield buf.join('')
        buf = []
      }
    }
    if (buf.length) yield buf.join('')
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)))
  return performance.now() - t
}

export interface CityCase {
  no: string
  dept: string
  item: string
  type: string
  received: number
  concluded: number | null
  returned: number | null
  status: string
  level: string
  deadline: string
  limit: number
  fee: number | null
  supplements: number
  handler: string
}

/** u with P(U1·U2 ≤ u) = q for two independent uniforms (CDF u − u·ln u), by bisection. */
function productQuantile(q: number): number {
  let lo = 0
  let hi = 1
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2
    if (mid - mid * Math.log(mid) < q) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** The generated cases, oldest first (seeded). */
export function* cityCases(count: number, now: number, days = DAYS): Generator<CityCase> {
  const r = rng(17)
  for (let i = 0; i < count; i++) {
    // more recent cases than old ones (the product of two uniform draws), in receipt order: case i
    // takes the quantile (count - i - 0.5) / count, so receipt numbers grow with time as a store
    // filled by ingest has its rows (and its events) roughly in time order on disk
    const ago = Math.floor(productQuantile((count - i - 0.5) / count) * days)
    const received = now - ago * DAY_MS - Math.floor(r() * 8 * 3600_000) - 3600_000
    const itemN = Math.floor(r() * ITEMS)
    const x = r()
    const open = ago < 30 ? x < 0.45 : x < 0.02
    const returned = !open && r() < 0.035
    const pending = open && r() < 0.15
    const concluded = !open && !returned
    const used = Math.floor(r() * r() * 25)
    const limit = 10 + (itemN % 11)
    const y = r()
    const level = concluded ? (used <= limit ? (y < 0.05 ? 'warning' : 'normal') : y < 0.6 ? 'yellow' : 'red') : ago > limit + 7 ? (y < 0.5 ? 'red' : 'yellow') : ago >= limit ? 'warning' : 'normal'
    yield {
      no: cityCaseNo(i),
      dept: CITY_DEPTS[itemN % CITY_DEPTS.length]!,
      item: `ITEM-${String(itemN).padStart(3, '0')}`,
      type: TYPES[itemN % TYPES.length]!,
      received,
      concluded: concluded ? received + used * DAY_MS + 3600_000 : null,
      returned: returned ? received + DAY_MS : null,
      status: returned ? 'returned' : concluded ? 'concluded' : pending ? 'submitted' : 'undertaken',
      level,
      deadline: fromEpochDay(localDayOf(received, 'Asia/Shanghai') + Math.round(limit * 1.4)),
      limit,
      fee: itemN % 5 === 0 && concluded ? 20 + (itemN % 7) * 10 : null,
      supplements: r() < 0.08 ? 1 + Math.floor(r() * 2) : 0,
      handler: HANDLERS[Math.floor(r() * HANDLERS.length)]!,
    }
  }
}

export interface CityEvent { source: string; eventId: string; at: string; caseNo: string; dept: string; kind: string; body: string }

/** The generated events (stored as projected), case by case, `eventsPerCase` each 3 h apart from the receipt. */
export function* cityEvents(count: number, eventsPerCase: number, now: number, days = DAYS): Generator<CityEvent> {
  for (const c of cityCases(count, now, days)) {
    for (let k = 0; k < eventsPerCase; k++) {
      const kind = k === eventsPerCase - 1 ? 'concluded' : KINDS[Math.min(k, KINDS.length - 2)]!
      // 3 h apart, none in the future (a case received an hour ago has its events in that hour)
      const at = Math.min(c.received + k * 3 * 3600_000, now - (eventsPerCase - k) * 1000)
      yield { source: 'bench', eventId: `${c.no}-${k}`, at: iso(Math.max(c.received, at)), caseNo: c.no, dept: c.dept, kind, body: `{"handler":"${c.handler}","seq":${k}}` }
    }
  }
}

/** The folded state of a generated case: complete enough for the clock engine to explain it. */
function stateOf(c: CityCase, eventsPerCase: number): string {
  const submittedAt = iso(c.received)
  const acceptedAt = c.status === 'submitted' ? null : iso(c.received + 1800_000)
  const stage = (s: string, at: number, k: number) => ({ stage: s, at: iso(at), handler: c.handler, opinion: null, departmentCode: c.dept, eventId: `${c.no}-${k}` })
  const stages = [stage('submitted', c.received, 0), ...(acceptedAt ? [stage('accepted', c.received + 1800_000, 1)] : [])]
  const last = c.concluded ?? c.returned ?? c.received + 2 * 3600_000
  return JSON.stringify({
    caseNo: c.no, departmentCode: c.dept, itemCode: c.item, caseType: c.type, applicant: { name: '张三', phone: '13800005678' }, status: c.status,
    submittedAt, acceptedAt, concludedAt: c.concluded ? iso(c.concluded) : null, returnedAt: c.returned ? iso(c.returned) : null, returnReason: null,
    result: c.concluded ? 'approved' : null, certificateNo: null, decision: null, handler: c.handler,
    legalLimit: { value: c.limit + 5, unit: 'workday' }, promisedLimit: { value: c.limit, unit: 'workday' }, stageLimits: {},
    stages, supplements: [], suspensions: [], feeCharged: c.fee, feeChargedAt: c.fee ? iso(last) : null,
    jointDepartments: [], jointConcluded: [], anomalies: [], eventCount: eventsPerCase, lastOccurredAt: iso(last),
  })
}

/** Generates and loads the data into a migrated database (reference data seeded); returns the milliseconds of each step. */
export async function loadCityData(pool: pg.Pool, opts: CityDataOptions): Promise<Record<string, number>> {
  const { cases: CASES, eventsPerCase: EPC, petitions: PETITIONS } = opts
  const now = opts.now ?? Date.now()
  const days = opts.days ?? DAYS
  const log = opts.log ?? (() => {})
  const client = await pool.connect()
  const took: Record<string, number> = {}
  try {
    await client.query(`SET session_replication_role = replica`) // COPY without triggers; rollups rebuilt after
    await client.query(
      `INSERT INTO items (code, department_code, name, case_type) SELECT 'ITEM-' || lpad(i::text, 3, '0'), ($1::text[])[1 + i % cardinality($1::text[])], '事项' || i, 'promised' FROM generate_series(0, $2::int - 1) i`,
      [CITY_DEPTS, ITEMS],
    )
    took.cases = await copyLines(client, `COPY cases (case_no, department_code, item_code, case_type, status, applicant, submitted_at, accepted_at, concluded_at, returned_at, fee_charged, supplement_count, handler, state, event_count, last_occurred_at, jurisdiction_code) FROM STDIN`, function* () {
      for (const c of cityCases(CASES, now, days)) {
        const accepted = c.status === 'submitted' ? '\\N' : iso(c.received + 1800_000)
        const last = c.concluded ?? c.returned ?? c.received + 2 * 3600_000
        yield `${c.no}\t${c.dept}\t${c.item}\t${c.type}\t${c.status}\t{"name":"张三","phone":"13800005678"}\t${iso(c.received)}\t${accepted}\t${c.concluded ? iso(c.concluded) : '\\N'}\t${c.returned ? iso(c.returned) : '\\N'}\t${c.fee ?? '\\N'}\t${c.supplements}\t${c.handler}\t${esc(stateOf(c, EPC))}\t${EPC}\t${iso(last)}\t${JURISDICTION}\n`
      }
    })
    log(`  cases: ${CASES} in ${(took.cases / 1000).toFixed(1)} s`)
    took.clocks = await copyLines(client, `COPY case_clocks (case_no, jurisdiction_code, department_code, item_code, clock_status, level, deadline_date) FROM STDIN`, function* () {
      for (const c of cityCases(CASES, now, days)) yield `${c.no}\t${JURISDICTION}\t${c.dept}\t${c.item}\t${c.status === 'submitted' ? 'none' : c.concluded || c.returned ? 'closed' : 'running'}\t${c.level}\t${c.deadline}\n`
    })
    took.cards = await copyLines(client, `COPY cards (subject, subject_no, department_code, color, rule, reason, issued_at, rule_key, auto_key) FROM STDIN`, function* () {
      for (const c of cityCases(CASES, now, days)) {
        if (c.level === 'yellow' || c.level === 'red') yield `case\t${c.no}\t${c.dept}\tyellow\toverdue\t超期\t${iso(c.received + 12 * DAY_MS)}\tcase:${c.no}:overdue:yellow\tcase:${c.no}:overdue:yellow#1\n`
        if (c.level === 'red') yield `case\t${c.no}\t${c.dept}\tred\toverdue\t超期\t${iso(c.received + 18 * DAY_MS)}\tcase:${c.no}:overdue:red\tcase:${c.no}:overdue:red#1\n`
      }
    })
    // the monthly partitions a store filled over the period has (the maintenance job creates them ahead)
    await client.query(`SELECT events_ensure_partition(m::date) FROM generate_series(date_trunc('month', $1::timestamptz), $2::timestamptz, INTERVAL '1 month') m`, [iso(now - days * DAY_MS - DAY_MS), iso(now)])
    took.events = await copyLines(client, `COPY events (source, event_id, occurred_at, case_no, department_code, kind, body, projected_at) FROM STDIN`, function* () {
      for (const e of cityEvents(CASES, EPC, now, days)) yield `${e.source}\t${e.eventId}\t${e.at}\t${e.caseNo}\t${e.dept}\t${e.kind}\t${e.body}\t${e.at}\n`
    })
    log(`  events: ${CASES * EPC} in ${(took.events / 1000).toFixed(1)} s`)
    const r = rng(18)
    const PK = ['consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint']
    const CH = ['12345', 'web', 'letter', 'visit', 'wechat']
    took.petitions = await copyLines(client, `COPY petitions (petition_no, department_code, petition_kind, channel, status, received_at, replied_at, closed_at, rating, deadline_date, level, state, event_count, last_occurred_at) FROM STDIN`, function* () {
      for (let i = 0; i < PETITIONS; i++) {
        const ago = Math.floor(r() * r() * days)
        const at = now - ago * DAY_MS - 3600_000
        const closed = ago > 20 || r() < 0.5
        const replied = closed ? at + Math.floor(r() * 20) * DAY_MS : null
        yield `BP${String(i).padStart(7, '0')}\t${CITY_DEPTS[i % CITY_DEPTS.length]}\t${PK[i % 5]}\t${CH[Math.floor(r() * 5)]}\t${closed ? 'closed' : 'received'}\t${iso(at)}\t${replied ? iso(replied) : '\\N'}\t${replied ? iso(replied) : '\\N'}\t${closed && r() < 0.6 ? 1 + Math.floor(r() * 5) : '\\N'}\t${fromEpochDay(localDayOf(at, 'Asia/Shanghai') + 15)}\t${closed ? 'normal' : ago > 15 ? 'yellow' : 'normal'}\t{}\t3\t${iso(replied ?? at)}\n`
      }
    })
    await client.query(`SET session_replication_role = origin`)
    let t = performance.now()
    await client.query('SELECT wall_open_counts_rebuild()')
    took.wallRebuild = performance.now() - t
    t = performance.now()
    await client.query('SELECT stat_case_rollups_rebuild()')
    await client.query('SELECT stat_petition_rollups_rebuild()')
    took.statisticsRebuild = performance.now() - t
    t = performance.now()
    await client.query('SELECT case_list_keys_rebuild()') // the case list's narrow keys (migration 330)
    t = performance.now()
    await client.query('SELECT wall_day_counts_recount()') // the wall's counts of the day (migration 370)
    took.wallDayCountsRecount = performance.now() - t
    took.caseListKeysRebuild = performance.now() - t
    log(`  rollups rebuilt once in ${(took.statisticsRebuild / 1000).toFixed(1)} s`)
    await client.query('BEGIN')
    await loadCalendar(client, JURISDICTION, await loadWorkCalendar(client, JURISDICTION))
    await client.query('COMMIT')
    t = performance.now()
    await client.query('VACUUM ANALYZE')
    took.vacuumAnalyze = performance.now() - t
    // a minute of churn in steady state: level moves through the triggers, deltas left unfolded
    t = performance.now()
    await client.query(`UPDATE case_clocks SET level = CASE level WHEN 'normal' THEN 'warning' WHEN 'warning' THEN 'yellow' ELSE 'red' END
                        WHERE case_no IN (SELECT case_no FROM cases WHERE concluded_at IS NULL AND returned_at IS NULL LIMIT 20000)`)
    took.churn20kLevelMoves = performance.now() - t
    took.deltaRows = Number((await client.query('SELECT count(*) AS n FROM stat_case_count_deltas')).rows[0].n)
  } finally {
    client.release()
  }
  return took
}

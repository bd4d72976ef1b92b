/**
 * The seeded cases and petitions of recompute.test.ts, how to insert them, and the two sides it
 * compares: what the TypeScript engine computes (`expected`) and what case_clocks holds (`actual`).
 */
import type pg from 'pg'
import { expect } from 'vitest'
import { foldCase } from '../../domain/case/foldCase.ts'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { petitionLifecycle, rng, type RawEvent } from '../../domain/events/fixtures.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { cardDecisions } from '../../domain/rules/cardDecisions.ts'
import { createContextProvider } from '../../sql/clockContext.ts'
import { sql } from '../../sql/queries.ts'
import { DEPTS } from '../../test/harness.ts'
import { caseClockRow } from '../project.ts'

export const N = 1500
export const T0 = Date.parse('2026-12-10T10:00:00+08:00')
export const DAY = 86_400_000
export const ITEMS = [
  { code: 'ITEM-R', dept: DEPTS[0], mode: 'restart', legal: 20, legalUnit: 'workday', promised: 10 },
  { code: 'ITEM-P', dept: DEPTS[1], mode: 'pause', legal: 60, legalUnit: 'day', promised: null },
  { code: 'ITEM-Q', dept: DEPTS[2], mode: 'restart', legal: null, legalUnit: 'workday', promised: 5 },
] as const

export const events = new Map<string, RawEvent[]>()
export const petitions = new Map<string, RawEvent[]>()

/** Seeded random cases: 60% accepted in the 120 days before T0, 40% anywhere in 2015–2026. */
export function generate(): void {
  const r = rng(20261210)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const start2015 = Date.parse('2015-01-05T00:00:00Z')
  for (let i = 0; i < N; i++) {
    const caseNo = `RC-${String(i).padStart(5, '0')}`
    const item = pick(ITEMS)
    const dept = r() < 0.9 ? item.dept : pick(DEPTS)
    // acceptance: whole days back from T0, at an hour that is sometimes the next local day (23:xx UTC)
    const acceptedDay = r() < 0.6 ? T0 - (1 + Math.floor(r() * 120)) * DAY : start2015 + Math.floor(r() * ((T0 - 30 * DAY - start2015) / DAY)) * DAY
    const hour = r() < 0.15 ? 23 + r() * 0.9 : r() * 10
    let t = Math.floor(acceptedDay / DAY) * DAY + Math.floor(hour * 3600_000)
    if (t >= T0 - 3600_000) t = T0 - 2 * 3600_000
    let n = 0
    const list: RawEvent[] = []
    const ev = (kind: RawEvent['kind'], at: number, body: Record<string, unknown>) => {
      if (at < T0 - 3600_000) list.push({ eventId: `${caseNo}-${++n}`, kind, occurredAt: new Date(at).toISOString(), caseNo, departmentCode: dept, body })
    }
    const unit = r() < 0.7 ? 'workday' : 'day'
    const limit = r() < 0.1 ? 0 : Math.floor(r() * 61)
    const body: Record<string, unknown> = { itemCode: item.code, caseType: limit === 0 ? 'immediate' : 'promised', applicant: { name: '张三' } }
    if (r() < 0.85) body.promisedLimit = { value: limit, unit }
    if (r() < 0.5) body.legalLimit = { value: Math.min(60, limit + Math.floor(r() * 20)), unit: r() < 0.5 ? 'workday' : 'day' }
    ev('accepted', t, body)
    const later = (maxDays: number) => t + Math.floor(r() * maxDays * DAY) + Math.floor(r() * 8 * 3600_000)
    const supplements = r() < 0.3 ? 1 + Math.floor(r() * 2) : 0
    for (let k = 0; k < supplements; k++) {
      const req = later(limit + 5)
      ev('supplementRequested', req, { materials: ['补充材料'] })
      if (r() < 0.8) ev('supplementSupplied', req + Math.floor(r() * 12 * DAY) + 3600_000, {})
    }
    const suspensions = r() < 0.3 ? 1 + Math.floor(r() * 2) : 0
    let cursor = t
    for (let k = 0; k < suspensions; k++) {
      const from = Math.max(cursor, later(limit + 5)) + 3600_000
      ev('suspended', from, { procedure: 'expertReview', expectedDays: 1 + Math.floor(r() * 10), approver: '赵' })
      if (r() < 0.85) {
        cursor = from + Math.floor(r() * 15 * DAY) + 3600_000
        ev('resumed', cursor, {})
      } else break
    }
    if (r() < 0.1) ev('concluded', later(limit + 20) + DAY, { result: 'approved', certificateNo: `Z${i}` })
    events.set(caseNo, list.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0)))
  }
  // A clock that a day off stops: an open suspension from the old N-th counted day (ignored: the
  // limit was used up) lies before the new one. And one that a worked Saturday restarts.
  const fixed = (caseNo: string, accepted: string, suspended: string) =>
    events.set(caseNo, [
      { eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date(accepted).toISOString(), caseNo, departmentCode: DEPTS[0], body: { itemCode: 'ITEM-R', caseType: 'promised', applicant: { name: '李' }, promisedLimit: { value: 5, unit: 'workday' } } },
      { eventId: `${caseNo}-2`, kind: 'suspended', occurredAt: new Date(suspended).toISOString(), caseNo, departmentCode: DEPTS[0], body: { procedure: 'hearing', expectedDays: 5, approver: '赵' } },
    ])
  fixed('RC-FLIP', '2026-11-02T10:00:00+08:00', '2026-11-09T10:00:00+08:00') // counted 3, 4, 5, 6, 9 Nov; 4 Nov off → 10 Nov
  fixed('RC-UNFLIP', '2026-10-12T10:00:00+08:00', '2026-10-17T10:00:00+08:00') // counted 13–16, 19 Oct; Sat 17 Oct worked → 17 Oct
  for (let i = 0; i < 40; i++) {
    const no = `RP-${i}`
    const all = petitionLifecycle(no, DEPTS[i % DEPTS.length]!, T0 - (1 + Math.floor(r() * 70)) * DAY)
    petitions.set(no, all.slice(0, 1 + Math.floor(r() * 3)).filter((e) => Date.parse(e.occurredAt) < T0))
  }
}

export const stored = (list: RawEvent[], subject: 'case' | 'petition'): StoredEvent[] =>
  list.map((e, i) => ({ ...e, source: 'test-source', subject, subjectNo: (e.caseNo ?? e.petitionNo)!, seq: i, receivedAt: '' }) as unknown as StoredEvent)

export async function insertEvents(pool: pg.Pool, list: RawEvent[]): Promise<void> {
  for (let i = 0; i < list.length; i += 2000) {
    const rows = list.slice(i, i + 2000).map((e, ord) => ({
      ord, source: 'test-source', event_id: e.eventId, occurred_at: e.occurredAt, case_no: e.caseNo ?? null,
      petition_no: e.petitionNo ?? null, department_code: e.departmentCode, kind: e.kind, body: e.body,
    }))
    await pool.query(sql('insert_events'), [JSON.stringify(rows)])
  }
}

/** What the clock columns of a case row should be: caseRow of the TypeScript clock at T0. */
export interface ClockColumns {
  clock_status: string | null
  clock_start: string | null
  deadline_date: string | null
  legal_deadline_date: string | null
  warning_from: string | null
  yellow_from: string | null
  red_from: string | null
  level: string
  next_transition_at: string | null
  overdue_cards: boolean
  warning_offset: number | null
  warning_share: number | null
  yellow_offset: number | null
  red_offset: number | null
  limit_unit: string | null
  provisional: boolean
  stop: unknown
}

export interface Expected {
  rows: Map<string, ClockColumns>
  /** active overdue card keys of open cases */
  overdue: Set<string>
}

export async function expected(pool: pg.Pool): Promise<Expected> {
  const context = createContextProvider(pool)
  const rows = new Map<string, ClockColumns>()
  const overdue = new Set<string>()
  for (const [caseNo, list] of events) {
    const state = foldCase(stored(list, 'case'))!
    const ctx = await context.forCase(state.departmentCode, state.itemCode, state.acceptedAt)
    const clock = caseClock(state, { ...ctx, nowMs: T0 })
    const row = caseClockRow(state, clock, ctx)
    rows.set(caseNo, {
      clock_status: row.clock_status, clock_start: row.clock_start, deadline_date: row.deadline_date,
      legal_deadline_date: row.legal_deadline_date, warning_from: row.warning_from, yellow_from: row.yellow_from,
      red_from: row.red_from, level: row.level, next_transition_at: row.next_transition_at, overdue_cards: row.overdue_cards,
      warning_offset: row.warning_offset, warning_share: row.warning_share, yellow_offset: row.yellow_offset,
      red_offset: row.red_offset, limit_unit: row.limit_unit, provisional: row.provisional, stop: JSON.parse(JSON.stringify(row.stop)),
    })
    if (clock.status !== 'closed') {
      for (const d of cardDecisions(state, clock, { feeStandard: ctx.feeStandard }, ctx.cardRules)) if (d.rule === 'overdue') overdue.add(d.key)
    }
  }
  return { rows, overdue }
}

export interface Actual extends Expected {
  versions: Map<string, number>
}

export async function actual(pool: pg.Pool): Promise<Actual> {
  const d = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`
  const { rows } = await pool.query<ClockColumns & { case_no: string; version: string; next: Date | null; share: string | null }>(
    `SELECT case_no, clock_status, ${d('clock_start')}, ${d('deadline_date')}, ${d('legal_deadline_date')}, ${d('warning_from')},
            ${d('yellow_from')}, ${d('red_from')}, level, next_transition_at AS next, overdue_cards, warning_offset,
            warning_share::text AS share, yellow_offset, red_offset, limit_unit, provisional, stop, version
     FROM case_clocks WHERE case_no LIKE 'RC-%'`,
  )
  const out = new Map<string, ClockColumns>()
  const versions = new Map<string, number>()
  for (const r of rows) {
    const { case_no, version, next, share, ...rest } = r
    out.set(case_no, { ...rest, next_transition_at: next === null ? null : next.toISOString(), warning_share: share === null ? null : Number(share) })
    versions.set(case_no, Number(version))
  }
  const { rows: cards } = await pool.query<{ rule_key: string }>(
    `SELECT c.rule_key FROM cards c JOIN case_clocks k ON k.case_no = c.subject_no
     WHERE c.rule = 'overdue' AND c.subject = 'case' AND c.color IS NOT NULL AND k.clock_status <> 'closed'
       AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id)`,
  )
  return { rows: out, overdue: new Set(cards.map((c) => c.rule_key)), versions }
}

/** JSON with object keys sorted at every depth (jsonb from the database orders keys its own way). */
export function canon(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x !== null && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x
  return JSON.stringify(sort(v))
}

/** Open cases whose clock runs before and after: the ones the statement itself recomputes. */
export function sqlMoved(before: Expected, after: Expected): string[] {
  const out: string[] = []
  for (const [no, b] of before.rows) {
    const a = after.rows.get(no)!
    if (b.clock_status !== 'running' || a.clock_status !== 'running') continue
    const key = (x: ClockColumns) => [x.deadline_date, x.legal_deadline_date, x.warning_from, x.yellow_from, x.red_from].join()
    if (key(a) !== key(b)) out.push(no)
  }
  return out.sort()
}

/** The rows of closed cases never change; open ones are exactly what TypeScript computes now. */
export function expectAgreement(got: Actual, want: Expected, closedBefore: Map<string, ClockColumns>): void {
  const mismatches: unknown[] = []
  for (const [no, w] of want.rows) {
    const g = got.rows.get(no)
    const ref = closedBefore.get(no) ?? w
    if (canon(g) !== canon(ref)) mismatches.push({ no, got: g, want: ref })
  }
  expect(mismatches.slice(0, 3)).toEqual([])
  expect(got.overdue).toEqual(want.overdue)
}

export async function recordedChanges(pool: pg.Pool, id: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ subject_no: string; to_level: string }>(
    `SELECT subject_no, to_level FROM level_changes WHERE source = 'recompute' AND (explanation ->> 'recomputeId')::bigint = $1`,
    [id],
  )
  return new Map(rows.map((r) => [r.subject_no, r.to_level]))
}

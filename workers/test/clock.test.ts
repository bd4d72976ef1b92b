/**
 * The clock end to end: events for 1,000 cases through ingest and projection at an injected time,
 * then sweeps at later injected times → every case's level, and the automatic cards, are exactly
 * what the domain computes from the same events at the same instants (stage limits included: some
 * cases are in time as a whole but at warning because a stage ran past its own limit).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'
import { foldCase } from '../../domain/case/foldCase.ts'
import { caseClock } from '../../domain/clock/caseClock.ts'
import { cardDecisions } from '../../domain/rules/cardDecisions.ts'
import { rng, type RawEvent } from '../../domain/events/fixtures.ts'
import type { StoredEvent } from '../../domain/events/schema.ts'
import { createHarness, DEPTS, type Harness } from '../../test/harness.ts'
import { createContextProvider, type ContextProvider } from '../../sql/clockContext.ts'
import { projectCases, projectPetitions } from '../project.ts'
import { sweepLevels } from '../sweep.ts'

let h: Harness
let context: ContextProvider
const N = 1000
const cases = new Map<string, RawEvent[]>()

/** 1,000 cases accepted in Sep–Oct 2025 (across National Day), with limits, suspensions and supplements; every event before T0. */
function generate(): void {
  const r = rng(42)
  const day0 = Date.UTC(2025, 8, 1, 1, 0) // 1 Sep 2025 09:00 Shanghai
  for (let i = 0; i < N; i++) {
    const caseNo = `CLK-${i}`
    const dept = DEPTS[i % DEPTS.length]!
    let t = day0 + Math.floor(r() * 61) * 86_400_000 + Math.floor(r() * 10 * 3600_000)
    let n = 0
    const at = (plusHours: number) => new Date((t += plusHours * 3600_000)).toISOString()
    const ev = (kind: RawEvent['kind'], body: Record<string, unknown>, plusHours: number): RawEvent => ({ eventId: `${caseNo}-${++n}`, kind, occurredAt: at(plusHours), caseNo, departmentCode: dept, body })
    const unit = r() < 0.8 ? 'workday' : 'day'
    const limit = r() < 0.2 ? 60 + Math.floor(r() * 60) : Math.floor(r() * 21)
    const list: RawEvent[] = [
      ev('accepted', { itemCode: 'ITEM-X', caseType: limit === 0 ? 'immediate' : 'promised', applicant: { name: '张三' }, promisedLimit: { value: limit, unit } }, 0),
    ]
    if (r() < 0.15) list.push(ev('supplementRequested', { materials: ['补充材料'] }, 20), ev('supplementSupplied', {}, 24 * (1 + Math.floor(r() * 5))))
    if (r() < 0.05) list.push(ev('supplementRequested', { materials: ['再次补正'] }, 30))
    if (r() < 0.15) {
      list.push(ev('suspended', { procedure: 'inspection', expectedDays: 3 + Math.floor(r() * 5), approver: '赵' }, 26))
      if (r() < 0.8) list.push(ev('resumed', {}, 24 * (1 + Math.floor(r() * 5))))
    }
    // a quarter of the stages carry their own limit (1–3 working days): late stages raise warnings
    if (r() < 0.5) list.push(ev('stage', { stage: 'undertaken', handler: '王', ...(i % 4 === 0 ? { stageLimit: { value: 1 + (i % 3), unit: 'workday' } } : {}) }, 30))
    if (r() < 0.4) list.push(ev('concluded', { result: 'approved', certificateNo: `Z${i}` }, 24 * Math.floor(r() * 10)))
    cases.set(caseNo, list)
  }
}

const stored = (list: RawEvent[]): StoredEvent[] =>
  list.map((e, i) => ({ ...e, source: 'test-source', subject: 'case', subjectNo: e.caseNo!, seq: i, receivedAt: '', occurredAt: new Date(e.occurredAt).toISOString() }) as unknown as StoredEvent)

async function expected(nowMs: number) {
  const levels = new Map<string, string>()
  const cards = new Set<string>()
  const stageWarned = new Set<string>()
  for (const [caseNo, list] of cases) {
    const state = foldCase(stored(list))!
    const ctx = await context.forCase(state.departmentCode, state.itemCode, state.acceptedAt)
    const clock = caseClock(state, { ...ctx, nowMs })
    levels.set(caseNo, clock.level)
    if (clock.stageWarning !== null) stageWarned.add(caseNo)
    for (const d of cardDecisions(state, clock, { feeStandard: ctx.feeStandard }, ctx.cardRules)) cards.add(d.key)
  }
  return { levels, cards, stageWarned }
}

async function actual() {
  const { rows } = await h.db.pool.query<{ case_no: string; level: string }>(`SELECT case_no, level FROM case_clocks WHERE case_no LIKE 'CLK-%'`)
  const { rows: cardRows } = await h.db.pool.query<{ rule_key: string }>(
    `SELECT rule_key FROM cards c WHERE subject_no LIKE 'CLK-%' AND color IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id)`,
  )
  return { levels: new Map(rows.map((r) => [r.case_no, r.level])), cards: new Set(cardRows.map((c) => c.rule_key)) }
}

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  context = createContextProvider(h.db.pool)
  generate()
  const all = [...cases.values()].flat()
  for (let i = 0; i < all.length; i += 1000) {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: all.slice(i, i + 1000) })
    expect(res.json(), res.body.slice(0, 300)).toMatchObject({ rejected: 0 })
  }
}, 120_000)
// the wall's incremental open-case counts (migration 090) follow the projection, the sweep and the recompute
afterEach(async () => {
  expect(await keptOpenCounts(h.db.pool)).toEqual(await recountOpenCounts(h.db.pool))
})
afterAll(async () => {
  await h?.close()
})

describe('projection and sweep agree with the domain', () => {
  const T0 = Date.parse('2025-11-25T12:00:00+08:00')
  const T1 = Date.parse('2025-12-08T00:00:30+08:00')
  const T2 = Date.parse('2026-02-24T09:00:00+08:00') // after Spring Festival 2026

  it('projects 1,000 cases at an injected time with the domain levels and cards', async () => {
    const nos = [...cases.keys()]
    for (let i = 0; i < nos.length; i += 250) await projectCases(h.db.pool, nos.slice(i, i + 250), { context, nowMs: T0 })
    const want = await expected(T0)
    const got = await actual()
    expect(got.levels).toEqual(want.levels)
    expect(got.cards).toEqual(want.cards)
    // some in-time cases are at warning only because a stage ran past its own limit
    expect(want.stageWarned.size).toBeGreaterThan(3)
    for (const no of want.stageWarned) expect(got.levels.get(no)).toBe('warning')
    const lastEvent = Math.max(...[...cases.values()].flat().map((e) => Date.parse(e.occurredAt)))
    expect(lastEvent).toBeLessThan(T0)
    const levels = [...want.levels.values()]
    // the generated set really exercises the levels
    expect(levels.filter((l) => l === 'normal').length).toBeGreaterThan(50)
    expect(levels.filter((l) => l === 'red').length).toBeGreaterThan(50)
  })

  it.each([
    ['13 days later', T1],
    ['after Spring Festival 2026', T2],
  ])('sweeps %s to exactly the domain levels, with an explained change for each move and overdue cards', async (_label, t) => {
    const before = await actual()
    const lastChange = (await h.db.pool.query(`SELECT coalesce(max(id), 0) AS id FROM level_changes`)).rows[0].id
    const result = await sweepLevels(h.db.pool, t, { batchSize: 300 })
    const want = await expected(t)
    const got = await actual()
    expect(got.levels).toEqual(want.levels)
    expect(got.cards).toEqual(want.cards)
    const moved = [...want.levels].filter(([no, l]) => before.levels.get(no) !== l).length
    expect(result.changed).toBe(moved)
    expect(moved).toBeGreaterThan(0)
    // each change takes effect when its threshold was crossed: at or before the sweep's instant (card-times.test.ts)
    const { rows } = await h.db.pool.query(`SELECT count(*)::int AS n FROM level_changes WHERE id > $2 AND source = 'sweep' AND effective_at <= $1 AND explanation ? 'clock'`, [new Date(t), lastChange])
    expect(rows[0].n).toBe(moved)
    // nothing is left due at that instant
    expect((await sweepLevels(h.db.pool, t)).moved).toBe(0)
  })

  it('sweeps petitions with the same rules: a mailbox letter (5 working days) goes yellow, then red with both cards', async () => {
    const received = Date.parse('2025-12-01T10:00:00+08:00') // Monday
    const letter: RawEvent = { eventId: 'PET-SWEEP-1', kind: 'petition.received', occurredAt: new Date(received).toISOString(), petitionNo: 'PET-SWEEP', departmentCode: DEPTS[2], body: { petitionKind: 'mailbox', channel: '区长信箱' } }
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: letter })).statusCode).toBe(202)
    await projectPetitions(h.db.pool, ['PET-SWEEP'], { context, nowMs: received + 3600_000 })
    const at = async () => (await h.db.pool.query(`SELECT level, deadline_date::text AS d FROM petitions WHERE petition_no = 'PET-SWEEP'`)).rows[0]
    expect(await at()).toEqual({ level: 'normal', d: '2025-12-08' })
    await sweepLevels(h.db.pool, Date.parse('2025-12-09T08:00:00+08:00'))
    expect((await at()).level).toBe('yellow')
    await sweepLevels(h.db.pool, Date.parse('2025-12-15T08:00:00+08:00'))
    expect((await at()).level).toBe('red')
    const cards = await h.db.pool.query(`SELECT rule_key FROM cards WHERE subject = 'petition' AND subject_no = 'PET-SWEEP' ORDER BY id`)
    expect(cards.rows.map((r) => r.rule_key)).toEqual(['petition:PET-SWEEP:overdue:yellow', 'petition:PET-SWEEP:overdue:red'])
  })

  it('revokes an automatic card with a new record when a late event removes its cause', async () => {
    // A case at red whose acceptance turns out to have been 60 days later: the overdue cards go.
    const red = [...(await expected(T2)).levels].find(([no, l]) => l === 'red' && !cases.get(no)!.some((e) => e.kind === 'concluded' || e.kind === 'suspended'))![0]
    const list = cases.get(red)!
    const correction: RawEvent = { ...list[0]!, eventId: `${red}-late-suspension`, kind: 'suspended', occurredAt: list[0]!.occurredAt.replace(/Z$/, 'Z'), body: { procedure: 'hearing', expectedDays: 400, approver: '钱' } }
    correction.occurredAt = new Date(Date.parse(list[0]!.occurredAt) + 3600_000).toISOString()
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: correction })
    expect(res.statusCode).toBe(202)
    list.push(correction)
    await projectCases(h.db.pool, [red], { context, nowMs: T2 })
    const { rows } = await h.db.pool.query(
      `SELECT c.rule_key, r.reason, r.issued_by FROM cards c JOIN cards r ON r.revokes = c.id WHERE c.subject_no = $1 AND c.rule = 'overdue' ORDER BY c.rule_key`,
      [red],
    )
    expect(rows.map((x) => x.rule_key)).toEqual([`case:${red}:overdue:red`, `case:${red}:overdue:yellow`])
    expect(rows.every((x) => x.issued_by === 'system')).toBe(true)
    // the cards themselves are untouched and cannot be edited
    await expect(h.db.pool.query(`UPDATE cards SET reason = 'x' WHERE subject_no = $1`, [red])).rejects.toThrow(/immutable/)
    const level = (await h.db.pool.query(`SELECT level FROM case_clocks WHERE case_no = $1`, [red])).rows[0].level
    expect(level).toBe((await expected(T2)).levels.get(red))
  })
})

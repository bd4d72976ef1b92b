/**
 * A stage's own limit end to end (PRODUCT.md: "a late stage gets a warning even while the case as a
 * whole is in time"): events through ingest, the projection at an injected time, the sweep when
 * the stage runs late, GET /api/v1/cases/:caseNo/explain, and a calendar change that moves the
 * stage deadline (the recompute hands the case to the projection).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'
import { createContextProvider, type ContextProvider } from '../../sql/clockContext.ts'
import { sql } from '../../sql/queries.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness } from '../../test/harness.ts'
import { projectCases } from '../project.ts'
import { recomputeDeadlines } from '../recompute.ts'
import { sweepLevels } from '../sweep.ts'

let h: Harness
let context: ContextProvider
const at = (iso: string) => Date.parse(iso)

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  context = createContextProvider(h.db.pool)
  await createUser(h.db.pool, { login: 'stg-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
})
// the wall's incremental open-case counts (migration 090) follow the projection, the sweep and the recompute
afterEach(async () => {
  expect(await keptOpenCounts(h.db.pool)).toEqual(await recountOpenCounts(h.db.pool))
})
afterAll(async () => {
  await h?.close()
})

const clockRow = async (caseNo: string) =>
  (await h.db.pool.query(
    `SELECT level, deadline_date::text AS deadline, stage_warning_from::text AS stage_from, next_transition_at AS next, stage_watch FROM case_clocks WHERE case_no = $1`,
    [caseNo],
  )).rows[0]

describe('a stage with its own limit', () => {
  // Accepted Mon 2 Mar 2026 with 20 working days (deadline 30 Mar); undertaken Tue 3 Mar with a
  // stage limit of 2 working days: Wed 4, Thu 5 → late from 00:00 Fri 6 Mar. STG-ONTIME moves on to
  // review on Thu 5 Mar, in time.
  const events = (caseNo: string, reviewedAt: string | null) => [
    { eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: '2026-03-02T10:00:00+08:00', caseNo, departmentCode: DEPTS[0], body: { itemCode: 'I', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: 20, unit: 'workday' } } },
    { eventId: `${caseNo}-2`, kind: 'stage', occurredAt: '2026-03-03T09:00:00+08:00', caseNo, departmentCode: DEPTS[0], body: { stage: 'undertaken', handler: '王五', stageLimit: { value: 2, unit: 'workday' } } },
    ...(reviewedAt ? [{ eventId: `${caseNo}-3`, kind: 'stage', occurredAt: reviewedAt, caseNo, departmentCode: DEPTS[0], body: { stage: 'reviewed', handler: '赵六' } }] : []),
  ]

  it('watches the stage from the projection, raises the case to warning in the sweep, and explains why', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: [...events('STG-LATE', null), ...events('STG-ONTIME', '2026-03-05T16:00:00+08:00')] })
    expect(res.statusCode).toBe(202)
    await projectCases(h.db.pool, ['STG-LATE', 'STG-ONTIME'], { context, nowMs: at('2026-03-04T10:00:00+08:00') })

    const before = await clockRow('STG-LATE')
    expect(before).toMatchObject({ level: 'normal', deadline: '2026-03-30', stage_from: '2026-03-06' })
    // the stage's lateness is the next transition, not the case's own warning day (30 Mar)
    expect(before.next.toISOString()).toBe('2026-03-05T16:00:00.000Z')
    expect(before.stage_watch.watch).toMatchObject({ stage: 'undertaken', limit: { value: 2, unit: 'workday' }, deadlineDate: '2026-03-05', countedDays: ['2026-03-04', '2026-03-05'] })
    expect(await clockRow('STG-ONTIME')).toMatchObject({ level: 'normal', stage_from: null })

    const swept = await sweepLevels(h.db.pool, at('2026-03-06T00:00:30+08:00'))
    expect(swept.changed).toBe(1)
    const after = await clockRow('STG-LATE')
    expect(after).toMatchObject({ level: 'warning', deadline: '2026-03-30' })
    // next: the case's own warning day (the deadline day, 30 Mar)
    expect(after.next.toISOString()).toBe('2026-03-29T16:00:00.000Z')
    const { rows: changes } = await h.db.pool.query(`SELECT from_level, to_level, source, explanation FROM level_changes WHERE subject_no = 'STG-LATE' ORDER BY id`)
    expect(changes.map((c) => [c.from_level, c.to_level, c.source])).toEqual([['normal', 'warning', 'sweep']])
    expect(changes[0].explanation.stageWarning).toMatchObject({ stage: 'undertaken', limit: { value: 2, unit: 'workday' }, lateFrom: '2026-03-06', countedDays: ['2026-03-04', '2026-03-05'] })
    expect(changes[0].explanation.stageWarning.rule).toContain('undertaken')
    // no card: a late stage is a warning, not an overdue card
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM cards WHERE subject_no = 'STG-LATE'`)).rows[0].n).toBe(0)
    // the projection at the same instant agrees with the sweep (writes nothing new)
    expect((await projectCases(h.db.pool, ['STG-LATE'], { context, nowMs: at('2026-03-06T00:00:30+08:00') })).written).toEqual([])

  })

  it('explains the stage warning in GET /api/v1/cases/:caseNo/explain (evaluated now)', async () => {
    // the route evaluates at the real now: a case accepted 20 days ago with 60 working days, whose
    // stage (2 working days from 18 days ago: late even across a Spring Festival) is late
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()
    const caseNo = 'STG-NOW'
    const list = [
      { eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: ago(20), caseNo, departmentCode: DEPTS[0], body: { itemCode: 'I', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: 60, unit: 'workday' } } },
      { eventId: `${caseNo}-2`, kind: 'stage', occurredAt: ago(18), caseNo, departmentCode: DEPTS[0], body: { stage: 'undertaken', handler: '王五', stageLimit: { value: 2, unit: 'workday' } } },
    ]
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: list })).statusCode).toBe(202)
    await projectCases(h.db.pool, [caseNo], { context })
    const sup = await login(h.app, 'stg-sup')
    const x = await h.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNo}/explain`, headers: sup.headers })
    expect(x.statusCode).toBe(200)
    const body = x.json()
    expect(body.level).toBe('warning')
    expect(body.clock.clockLevel).toBe('normal')
    expect(body.explanation.stageWarning).toMatchObject({ stage: 'undertaken', limit: { value: 2, unit: 'workday' } })
    expect(body.explanation.stageWarning.countedDays).toHaveLength(2)
    expect(body.explanation.stages).toHaveLength(1)
    const { rows } = await h.db.pool.query(`SELECT to_level, explanation FROM level_changes WHERE subject_no = $1`, [caseNo])
    expect(rows.map((r) => r.to_level)).toEqual(['warning'])
    expect(rows[0].explanation.stageWarning.stage).toBe('undertaken')
    const detail = await h.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNo}`, headers: sup.headers })
    expect(detail.json()).toMatchObject({ level: 'warning', clock: { stageWarningFrom: body.explanation.stageWarning.lateFrom } })
  })

  it('moves the stage deadline when the calendar changes (a day off on Thu 5 Mar): the recompute hands the case to the projection', async () => {
    await h.db.pool.query(sql('calendar_override_insert'), [JURISDICTION, '2026-03-05', false, '停电 (test)', 'test'])
    const r = await recomputeDeadlines(h.db.pool, { jurisdictionCode: JURISDICTION, reason: 'day off 5 Mar', requestedBy: 'test', nowMs: at('2026-03-06T10:00:00+08:00'), context: createContextProvider(h.db.pool) })
    // counted now Wed 4, Fri 6 → late from Sat 7 Mar: back to normal on 6 Mar
    expect(r.reprojected.cases).toBeGreaterThanOrEqual(1)
    const row = await clockRow('STG-LATE')
    expect(row).toMatchObject({ level: 'normal', stage_from: '2026-03-07', deadline: '2026-03-31' })
    expect(row.stage_watch.watch.countedDays).toEqual(['2026-03-04', '2026-03-06'])
    const { rows } = await h.db.pool.query(`SELECT from_level, to_level FROM level_changes WHERE subject_no = 'STG-LATE' ORDER BY id`)
    expect(rows.at(-1)).toEqual({ from_level: 'warning', to_level: 'normal' })
  })
})

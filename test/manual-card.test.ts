/**
 * A supervisor's manual card is shown with the case everywhere: the console's list and detail
 * (the clock's level stays, the card is beside it), and the wall, which shows an open case at the
 * higher of its clock's level and its card (its 黄牌 tile moves); a revocation moves it back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RawEvent } from '../domain/events/fixtures.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, login, type Harness, type TestSession } from './harness.ts'
import { createContextProvider } from '../sql/clockContext.ts'
import { readWallHotPanels } from '../sql/wall.ts'
import { projectCases } from '../workers/project.ts'

let h: Harness
let sup: TestSession
// accepted Monday 3 Nov 2025 with 3 working days: deadline Thursday 6 Nov, the warning day
const NOW = Date.parse('2025-11-06T10:00:00+08:00')
const accepted = (caseNo: string): RawEvent => ({
  eventId: `${caseNo}-1`, kind: 'accepted', occurredAt: new Date('2025-11-03T10:00:00+08:00').toISOString(), caseNo, departmentCode: DEPTS[0],
  body: { itemCode: 'ITEM-X', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: 3, unit: 'workday' } },
})

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  await createUser(h.db.pool, { login: 'mc-sup', roles: ['supervisor'], jurisdictionCode: JURISDICTION })
  sup = await login(h.app, 'mc-sup')
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: [accepted('MC-1'), accepted('MC-2')] })
  expect(res.json()).toMatchObject({ rejected: 0 })
  await projectCases(h.db.pool, ['MC-1', 'MC-2'], { context: createContextProvider(h.db.pool), nowMs: NOW })
})
afterAll(async () => {
  await h?.close()
})

const get = async (url: string) => (await h.app.inject({ method: 'GET', url, headers: sup.headers })).json()
const tiles = async () => (await readWallHotPanels(h.db.pool, JURISDICTION, new Date(NOW))).tiles
const board = async () => (await readWallHotPanels(h.db.pool, JURISDICTION, new Date(NOW))).departments.find((d) => d.code === DEPTS[0])!

describe('a manual card on a case at 预警', () => {
  it('is shown beside the clock level in the console and counted by the wall, until it is revoked', async () => {
    expect(await tiles()).toMatchObject({ warning: 2, yellow: 0, red: 0 })
    expect((await get('/api/v1/cases/MC-1')).cardColor).toBeNull()

    const issued = await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: 'MC-1', color: 'yellow', reason: '窗口服务态度差，群众投诉属实' } })
    expect(issued.statusCode).toBe(201)

    // the console: the clock still says warning, the card is there beside it
    expect(await get('/api/v1/cases/MC-1')).toMatchObject({ level: 'warning', cardColor: 'yellow' })
    const list = (await get('/api/v1/cases?limit=10')).items as { caseNo: string; level: string; cardColor: string | null }[]
    expect(list.map((c) => [c.caseNo, c.level, c.cardColor]).sort()).toEqual([['MC-1', 'warning', 'yellow'], ['MC-2', 'warning', null]])
    // the wall: the 黄牌 tile and the department's board count it
    expect(await tiles()).toMatchObject({ inProgress: 2, warning: 1, yellow: 1, red: 0 })
    expect(await board()).toMatchObject({ warning: 1, yellow: 1, worst: 'yellow' })

    // a red card on top: red wins
    const red = await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: 'MC-1', color: 'red', reason: '多次催办仍不办理' } })
    expect(red.statusCode).toBe(201)
    expect(await tiles()).toMatchObject({ warning: 1, yellow: 0, red: 1 })

    // revoked: back to the clock's level
    for (const id of [issued.json().id, red.json().id]) {
      expect((await h.app.inject({ method: 'POST', url: `/api/v1/cards/${id}/revoke`, headers: sup.headers, payload: { reason: '经复核投诉不实' } })).statusCode).toBe(201)
    }
    expect((await get('/api/v1/cases/MC-1')).cardColor).toBeNull()
    expect(await tiles()).toMatchObject({ warning: 2, yellow: 0, red: 0 })
  })

  it('leaves the wall when the case is concluded', async () => {
    await h.app.inject({ method: 'POST', url: '/api/v1/cards', headers: sup.headers, payload: { subject: 'case', subjectNo: 'MC-2', color: 'yellow', reason: '材料积压未处理' } })
    expect(await tiles()).toMatchObject({ warning: 1, yellow: 1 })
    const done: RawEvent = { eventId: 'MC-2-2', kind: 'concluded', occurredAt: new Date('2025-11-06T09:00:00+08:00').toISOString(), caseNo: 'MC-2', departmentCode: DEPTS[0], body: { result: 'approved' } }
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: done })).json()).toMatchObject({ rejected: 0 })
    await projectCases(h.db.pool, ['MC-2'], { context: createContextProvider(h.db.pool), nowMs: NOW })
    expect(await tiles()).toMatchObject({ inProgress: 1, warning: 1, yellow: 0 })
    // closed, it still shows the card it holds
    expect((await get('/api/v1/cases/MC-2')).cardColor).toBe('yellow')
  })
})

import { describe, expect, it } from 'vitest'
import { stageClocks } from './stageClocks.ts'
import { caseClock } from './caseClock.ts'
import { foldCase } from '../case/foldCase.ts'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import type { StoredEvent } from '../events/schema.ts'

const cal = cnWorkCalendar()
const zone = 'Asia/Shanghai'
let seq = 0
const ev = (kind: StoredEvent['kind'], occurredAt: string, body: Record<string, unknown>): StoredEvent =>
  ({ seq: ++seq, eventId: `e${seq}`, source: 's', kind, occurredAt: new Date(occurredAt).toISOString(), subject: 'case', subjectNo: 'C', departmentCode: 'D', body, receivedAt: '' }) as StoredEvent
const accepted = (at: string, promised: number) =>
  ev('accepted', at, { itemCode: 'I', caseType: 'promised', applicant: { name: '张三' }, promisedLimit: { value: promised, unit: 'workday' } })
const stage = (at: string, name: string, limit?: { value: number; unit: 'workday' | 'day' }) =>
  ev('stage', at, { stage: name, handler: '王五', ...(limit ? { stageLimit: limit } : {}) })
const ms = (iso: string) => Date.parse(iso)
const wd = (value: number) => ({ value, unit: 'workday' as const })

// Mon 2 Mar 2026 accepted (20 working days: the case is in time all through March's first weeks);
// undertaken Tue 3 Mar with a stage limit of 2 working days: Wed 4, Thu 5 → late from Fri 6 Mar.
const base = [accepted('2026-03-02T10:00:00+08:00', 20), stage('2026-03-03T09:00:00+08:00', 'undertaken', wd(2))]

describe('stageClocks', () => {
  it('gives an open stage its own deadline and the day it becomes late', () => {
    const w = stageClocks(foldCase(base)!, { calendar: cal, zone, nowMs: ms('2026-03-05T23:00:00+08:00') })
    expect(w.stages).toEqual([{
      stage: 'undertaken', limit: wd(2), startDate: '2026-03-03', endDate: null, status: 'running', deadlineDate: '2026-03-05',
      lateFrom: '2026-03-06', late: false, countedDays: ['2026-03-04', '2026-03-05'], excludedDays: [],
    }])
    expect(w.warningFrom).toBe('2026-03-06')
    expect(stageClocks(foldCase(base)!, { calendar: cal, zone, nowMs: ms('2026-03-06T00:00:00+08:00') }).stages[0]!.late).toBe(true)
  })

  it('ignores a stage that ended in time, and keeps one that ended late', () => {
    const onTime = foldCase([...base, stage('2026-03-05T17:00:00+08:00', 'reviewed')])!
    const w = stageClocks(onTime, { calendar: cal, zone, nowMs: ms('2026-03-12T10:00:00+08:00') })
    expect(w.stages[0]).toMatchObject({ endDate: '2026-03-05', late: false })
    expect(w.warningFrom).toBeNull()
    const lateEnd = foldCase([...base, stage('2026-03-09T10:00:00+08:00', 'reviewed')])!
    const l = stageClocks(lateEnd, { calendar: cal, zone, nowMs: ms('2026-03-12T10:00:00+08:00') })
    expect(l.stages[0]).toMatchObject({ endDate: '2026-03-09', late: true, lateFrom: '2026-03-06' })
    expect(l.warningFrom).toBe('2026-03-06')
  })

  it('does not count the days of a suspension', () => {
    // suspended Wed 4 → resumed Fri 6: 5 and 6 Mar are not counted; counted 4 Mar, Mon 9 Mar
    const s = foldCase([
      ...base,
      ev('suspended', '2026-03-04T15:00:00+08:00', { procedure: 'expertReview', expectedDays: 3, approver: '赵' }),
      ev('resumed', '2026-03-06T11:00:00+08:00', { handler: '赵' }),
    ])!
    const st = stageClocks(s, { calendar: cal, zone, nowMs: ms('2026-03-09T12:00:00+08:00') }).stages[0]!
    expect(st).toMatchObject({ deadlineDate: '2026-03-09', lateFrom: '2026-03-10', late: false, countedDays: ['2026-03-04', '2026-03-09'], excludedDays: ['2026-03-05', '2026-03-06'] })
  })

  it('stops with an open suspension (no lateness while it runs)', () => {
    const s = foldCase([...base, ev('suspended', '2026-03-04T15:00:00+08:00', { procedure: 'hearing', expectedDays: 30, approver: '赵' })])!
    const w = stageClocks(s, { calendar: cal, zone, nowMs: ms('2026-03-20T12:00:00+08:00') })
    expect(w.stages[0]).toMatchObject({ status: 'stopped', deadlineDate: null, late: false })
    expect(w.warningFrom).toBeNull()
  })

  it('counts on the calendar: Spring Festival 2026 and its worked Saturday', () => {
    // undertaken Fri 13 Feb 2026, 2 working days: Sat 14 Feb (调休) and Tue 24 Feb (15–23 Feb off)
    const s = foldCase([accepted('2026-02-12T10:00:00+08:00', 20), stage('2026-02-13T16:00:00+08:00', 'undertaken', wd(2))])!
    expect(stageClocks(s, { calendar: cal, zone, nowMs: ms('2026-02-20T12:00:00+08:00') }).stages[0]).toMatchObject({
      countedDays: ['2026-02-14', '2026-02-24'], deadlineDate: '2026-02-24', lateFrom: '2026-02-25', late: false,
    })
  })

  it('takes calendar-day stage limits with the next-working-day rule', () => {
    // 5 日 from Tue 3 Mar: Sun 8 Mar → Mon 9 Mar
    const s = foldCase([accepted('2026-03-02T10:00:00+08:00', 20), stage('2026-03-03T09:00:00+08:00', 'undertaken', { value: 5, unit: 'day' })])!
    expect(stageClocks(s, { calendar: cal, zone, nowMs: ms('2026-03-04T12:00:00+08:00') }).stages[0]).toMatchObject({ deadlineDate: '2026-03-09', lateFrom: '2026-03-10' })
  })

  it('takes the earliest late stage among several', () => {
    const s = foldCase([...base, stage('2026-03-09T10:00:00+08:00', 'reviewed', wd(1))])!
    const w = stageClocks(s, { calendar: cal, zone, nowMs: ms('2026-03-12T10:00:00+08:00') })
    expect(w.stages.map((x) => [x.stage, x.lateFrom, x.late])).toEqual([['undertaken', '2026-03-06', true], ['reviewed', '2026-03-11', true]])
    expect(w.stage?.stage).toBe('undertaken')
  })
})

describe('caseClock with stage limits', () => {
  const at = (events: StoredEvent[], iso: string, explain = false) => caseClock(foldCase(events)!, { calendar: cal, zone, nowMs: ms(iso), explain })

  it('raises an in-time case to warning while a stage is late, and says which stage, its limit and its days', () => {
    const before = at(base, '2026-03-05T23:00:00+08:00')
    expect(before).toMatchObject({ level: 'normal', clockLevel: 'normal', stageWarningFrom: '2026-03-06', stageWarning: null })
    // the stage's lateness is the next transition (the case's own warning is weeks away)
    expect(before.nextTransitionAt).toBe('2026-03-05T16:00:00.000Z')
    const c = at(base, '2026-03-06T09:00:00+08:00', true)
    expect(c).toMatchObject({ level: 'warning', clockLevel: 'normal', deadlineDate: '2026-03-30' })
    expect(c.nextTransitionAt).toBe(new Date(Date.parse(`${c.warningFrom}T00:00:00+08:00`)).toISOString())
    expect(c.stageWarning).toMatchObject({ stage: 'undertaken', limit: wd(2), deadlineDate: '2026-03-05', lateFrom: '2026-03-06', countedDays: ['2026-03-04', '2026-03-05'] })
    expect(c.stageWarning!.rule).toContain('undertaken')
    expect(c.explanation?.stageWarning).toEqual(c.stageWarning)
    expect(c.explanation?.stages).toHaveLength(1)
  })

  it('keeps the warning after a late stage has ended, and the clock level when it is higher', () => {
    const ended = [...base, stage('2026-03-09T10:00:00+08:00', 'reviewed')]
    expect(at(ended, '2026-03-12T10:00:00+08:00').level).toBe('warning')
    // 1 April: the case itself is yellow (deadline 30 Mar): the stage warning does not lower it
    const y = at(ended, '2026-04-01T10:00:00+08:00')
    expect(y).toMatchObject({ level: 'yellow', clockLevel: 'yellow', stageWarning: null })
  })

  it('leaves a case concluded in time normal, and one without stage limits as before', () => {
    const done = [...base, stage('2026-03-09T10:00:00+08:00', 'reviewed'), ev('concluded', '2026-03-10T10:00:00+08:00', { result: 'approved', handler: '王五' })]
    expect(at(done, '2026-03-12T10:00:00+08:00')).toMatchObject({ status: 'closed', level: 'normal', nextTransitionAt: null, stageWarning: null })
    const plain = [accepted('2026-03-02T10:00:00+08:00', 20), stage('2026-03-03T09:00:00+08:00', 'undertaken')]
    expect(at(plain, '2026-03-12T10:00:00+08:00')).toMatchObject({ level: 'normal', stages: [], stageWarningFrom: null })
  })
})

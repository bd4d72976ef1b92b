import { describe, expect, it } from 'vitest'
import { caseClock } from './caseClock.ts'
import { foldCase } from '../case/foldCase.ts'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import type { StoredEvent } from '../events/schema.ts'

const cal = cnWorkCalendar()
const zone = 'Asia/Shanghai'
let seq = 0
const ev = (kind: StoredEvent['kind'], occurredAt: string, body: Record<string, unknown>): StoredEvent =>
  ({ seq: ++seq, eventId: `e${seq}`, source: 's', kind, occurredAt: new Date(occurredAt).toISOString(), subject: 'case', subjectNo: 'C', departmentCode: 'D', body, receivedAt: '' }) as StoredEvent
const accepted = (at: string, promised?: number) =>
  ev('accepted', at, { itemCode: 'I', caseType: 'promised', applicant: { name: '张三' }, ...(promised !== undefined ? { promisedLimit: { value: promised, unit: 'workday' } } : {}), legalLimit: { value: 20, unit: 'workday' } })
const ms = (iso: string) => Date.parse(iso)

describe('caseClock', () => {
  it('has no clock before acceptance', () => {
    const s = foldCase([ev('submitted', '2025-09-26T09:00:00+08:00', { itemCode: 'I' })])!
    expect(caseClock(s, { calendar: cal, zone, nowMs: ms('2025-10-20T00:00:00Z') })).toMatchObject({ status: 'none', level: 'normal', deadlineDate: null })
  })

  it('drives levels by the promised limit across National Day 2025 and shows the legal deadline beside it', () => {
    // Accepted Fri 26 Sep 2025; 3 working days: 28 Sep (Sun, adjusted workday), 29, 30 Sep → deadline 30 Sep.
    const s = foldCase([accepted('2025-09-26T10:00:00+08:00', 3)])!
    const at = (iso: string) => caseClock(s, { calendar: cal, zone, nowMs: ms(iso) })
    const c = at('2025-09-29T12:00:00+08:00')
    expect(c).toMatchObject({ status: 'running', deadlineDate: '2025-09-30', warningFrom: '2025-09-30', yellowFrom: '2025-10-09', level: 'normal' })
    expect(c.nextTransitionAt).toBe('2025-09-29T16:00:00.000Z')
    expect(c.legalDeadlineDate).not.toBeNull()
    expect(c.legalDeadlineDate! > c.deadlineDate!).toBe(true)
    expect(at('2025-10-05T12:00:00+08:00').level).toBe('warning')
    expect(at('2025-10-09T00:00:00+08:00').level).toBe('yellow')
  })

  it('falls back to the item limits when the acceptance does not state them', () => {
    const s = foldCase([ev('accepted', '2025-09-26T10:00:00+08:00', { itemCode: 'I', caseType: 'promised', applicant: { name: 'x' } })])!
    const c = caseClock(s, { calendar: cal, zone, nowMs: ms('2025-09-27T00:00:00Z'), itemPromisedLimit: { value: 3, unit: 'workday' } })
    expect(c.deadlineDate).toBe('2025-09-30')
    expect(caseClock(s, { calendar: cal, zone, nowMs: ms('2025-09-27T00:00:00Z') }).status).toBe('none')
  })

  it('freezes the level of a concluded case at its conclusion', () => {
    const s = foldCase([accepted('2025-09-26T10:00:00+08:00', 3), ev('concluded', '2025-10-09T10:00:00+08:00', { result: 'approved' })])!
    const c = caseClock(s, { calendar: cal, zone, nowMs: ms('2026-01-01T00:00:00Z') })
    expect(c).toMatchObject({ status: 'closed', level: 'yellow', nextTransitionAt: null })
  })

  it('counts a case concluded on its deadline day as on time (normal), not warning', () => {
    const s = foldCase([accepted('2025-09-26T10:00:00+08:00', 3), ev('concluded', '2025-09-30T16:00:00+08:00', { result: 'approved' })])!
    expect(caseClock(s, { calendar: cal, zone, nowMs: ms('2026-01-01T00:00:00Z') })).toMatchObject({ status: 'closed', level: 'normal', deadlineDate: '2025-09-30' })
    const open = foldCase([accepted('2025-09-26T10:00:00+08:00', 3)])!
    expect(caseClock(open, { calendar: cal, zone, nowMs: ms('2025-09-30T16:00:00+08:00') }).level).toBe('warning')
  })

  it('keeps a stopped clock and watches the suspension: warning once it overruns its expected length', () => {
    const s = foldCase([
      accepted('2025-11-03T10:00:00+08:00', 10),
      ev('suspended', '2025-11-04T10:00:00+08:00', { procedure: 'expertReview', expectedDays: 3, approver: '赵' }),
    ])!
    const early = caseClock(s, { calendar: cal, zone, nowMs: ms('2025-11-05T00:00:00Z') })
    expect(early).toMatchObject({ status: 'stopped', level: 'normal', deadlineDate: null })
    expect(early.nextTransitionAt).not.toBeNull()
    const late = caseClock(s, { calendar: cal, zone, nowMs: ms('2025-12-01T00:00:00Z') })
    expect(late).toMatchObject({ status: 'stopped', level: 'warning', nextTransitionAt: null })
    expect(late.stop?.overrun).toBe(true)
  })

  it('builds the day-by-day explanation only when asked', () => {
    const s = foldCase([accepted('2025-09-26T10:00:00+08:00', 3)])!
    expect(caseClock(s, { calendar: cal, zone, nowMs: ms('2025-10-01T00:00:00Z') }).explanation).toBeNull()
    const e = caseClock(s, { calendar: cal, zone, nowMs: ms('2025-10-01T00:00:00Z'), explain: true }).explanation!
    expect(e.countedDays.map((d) => d.date)).toEqual(['2025-09-28', '2025-09-29', '2025-09-30'])
    expect(e.calendarEntries.some((x) => x.date === '2025-10-01')).toBe(true)
  })
})

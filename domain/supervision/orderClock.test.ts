import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { orderClock } from './orderClock.ts'

const cal = cnWorkCalendar()

describe('orderClock', () => {
  it('counts working days after the day of issue across Spring Festival and an adjusted Saturday', () => {
    const c = orderClock(cal, Date.parse('2026-02-13T10:00:00+08:00'), 3, 'Asia/Shanghai')!
    expect(c).toMatchObject({ issuedOn: '2026-02-13', dueDate: '2026-02-25', warningFrom: '2026-02-25', yellowFrom: '2026-02-26' })
    expect(c.counted.map((d) => d.date)).toEqual(['2026-02-14', '2026-02-24', '2026-02-25'])
    expect(c.counted[0]!.kind).toBe('adjusted_workday')
    expect(c.skipped.map((d) => d.date)).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'])
    // red: 5th working day after 25 Feb: 26, 27, 28 (Sat, worked), 2 Mar, 3 Mar
    expect(c.redFrom).toBe('2026-03-03')
  })

  it('takes the local date of issue in the jurisdiction zone, not UTC', () => {
    // 17:30 UTC on Thursday = 01:30 Friday in Shanghai: day 0 is Friday, day 1 the next Monday
    const c = orderClock(cal, Date.parse('2026-03-05T17:30:00Z'), 1, 'Asia/Shanghai')!
    expect(c.issuedOn).toBe('2026-03-06')
    expect(c.dueDate).toBe('2026-03-09')
  })

  it('uses the scheme: a share-based warning and other offsets', () => {
    const c = orderClock(cal, Date.parse('2026-03-02T09:00:00+08:00'), 10, 'Asia/Shanghai', { warning: { share: 0.5 }, yellow: 2, red: 3 })!
    expect(c.dueDate).toBe('2026-03-16')
    expect(c.warningFrom).toBe('2026-03-09') // counted day 5
    expect(c.yellowFrom).toBe('2026-03-18')
    expect(c.redFrom).toBe('2026-03-19')
  })

  it('returns null for a bad N, an unknown zone or a date outside the calendar', () => {
    expect(orderClock(cal, Date.parse('2026-03-02T09:00:00+08:00'), 0, 'Asia/Shanghai')).toBeNull()
    expect(orderClock(cal, Date.parse('2026-03-02T09:00:00+08:00'), 1.5, 'Asia/Shanghai')).toBeNull()
    expect(orderClock(cal, Date.parse('2026-03-02T09:00:00+08:00'), 3, 'Mars/Olympus')).toBeNull()
    expect(orderClock(cal, Date.parse('2099-12-30T09:00:00+08:00'), 3, 'Asia/Shanghai')).toBeNull()
  })
})

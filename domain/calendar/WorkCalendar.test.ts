import { describe, expect, it } from 'vitest'
import { CN_CALENDAR_DATA } from './cnCalendarData.ts'
import { fromEpochDay } from './fromEpochDay.ts'
import { isoDayOfWeek } from './isoDayOfWeek.ts'
import { toEpochDay } from './toEpochDay.ts'
import { WorkCalendar } from './WorkCalendar.ts'

const D = toEpochDay
const cal = WorkCalendar.fromData(CN_CALENDAR_DATA)

describe('WorkCalendar', () => {
  it('covers 2015-01-01 to 2031-12-31 by default (last official year + 5)', () => {
    expect(fromEpochDay(cal.firstDay)).toBe('2015-01-01')
    expect(fromEpochDay(cal.lastDay)).toBe('2031-12-31')
    expect(cal.officialYears).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
  })

  it('honours fromYear / toYear', () => {
    const c = WorkCalendar.fromData(CN_CALENDAR_DATA, { fromYear: 2025, toYear: 2040 })
    expect(fromEpochDay(c.firstDay)).toBe('2025-01-01')
    expect(fromEpochDay(c.lastDay)).toBe('2040-12-31')
    expect(c.isWorkday(D('2026-02-14'))).toBe(true)
    expect(() => WorkCalendar.fromData(CN_CALENDAR_DATA, { fromYear: 2030, toYear: 2029 })).toThrow(RangeError)
  })

  it('keeps a running ordinal: working days in [firstDay, d]', () => {
    let count = 0
    for (let d = cal.firstDay; d <= cal.lastDay; d++) {
      if (cal.isWorkday(d)) {
        count++
        expect(cal.workdayAt(count)).toBe(d)
      }
      expect(cal.ordinal(d)).toBe(count)
    }
  })

  it('is Monday–Friday in provisional years', () => {
    for (let d = D('2027-01-01'); d <= D('2031-12-31'); d++) {
      expect(cal.isWorkday(d)).toBe(isoDayOfWeek(d) <= 5)
      expect(cal.entry(d)!.source).toBe('provisional')
    }
  })

  it.each([
    ['2026-02-13', { isWorkday: true, kind: 'workday', source: 'statutory', name: null }],
    ['2026-02-14', { isWorkday: true, kind: 'adjusted_workday', source: 'notice', name: '春节' }],
    ['2026-02-15', { isWorkday: false, kind: 'holiday', source: 'notice', name: '春节' }],
    ['2026-03-01', { isWorkday: false, kind: 'weekend', source: 'statutory', name: null }],
    ['2027-02-06', { isWorkday: false, kind: 'weekend', source: 'provisional', name: null }],
    ['2027-02-08', { isWorkday: true, kind: 'workday', source: 'provisional', name: null }],
  ])('entry(%s)', (date, expected) => {
    expect(cal.entry(D(date))).toMatchObject({ date, ...expected })
    expect(cal.kindOf(D(date))).toBe(expected.kind)
    expect(cal.isSpecial(D(date))).toBe(expected.kind === 'holiday' || expected.kind === 'adjusted_workday')
  })

  it('applies local overrides (the last one for a date wins) and widens the range for them', () => {
    const c = WorkCalendar.fromData(CN_CALENDAR_DATA, {
      overrides: [
        { date: '2025-06-03', isWorkday: false, reason: '台风停工' },
        { date: '2025-06-07', isWorkday: true, reason: '集中办理日' },
        { date: '2025-06-03', isWorkday: false, reason: '台风“蝴蝶”停工' },
        { date: '2033-01-03', isWorkday: false, reason: '远期' },
      ],
    })
    expect(c.entry(D('2025-06-03'))).toMatchObject({ isWorkday: false, kind: 'local_off', source: 'local', name: '台风“蝴蝶”停工' })
    expect(c.entry(D('2025-06-07'))).toMatchObject({ isWorkday: true, kind: 'local_on', source: 'local', name: '集中办理日' })
    expect(fromEpochDay(c.lastDay)).toBe('2033-12-31')
    expect(c.isWorkday(D('2033-01-03'))).toBe(false)
    // ordinals shift by the overrides
    expect(c.ordinal(D('2025-06-30')) - c.ordinal(D('2025-06-01'))).toBe(cal.ordinal(D('2025-06-30')) - cal.ordinal(D('2025-06-01')))
    expect(c.ordinal(D('2025-06-05')) - c.ordinal(D('2025-06-01'))).toBe(cal.ordinal(D('2025-06-05')) - cal.ordinal(D('2025-06-01')) - 1)
  })

  it('rejects an invalid override date', () => {
    expect(() => WorkCalendar.fromData(CN_CALENDAR_DATA, { overrides: [{ date: '2025-02-30', isWorkday: true, reason: 'x' }] })).toThrow(RangeError)
  })

  it('does not share state with the overrides passed in', () => {
    const overrides = [{ date: '2025-06-03', isWorkday: false, reason: 'a' }]
    const c = WorkCalendar.fromData(CN_CALENDAR_DATA, { overrides })
    overrides[0]!.reason = 'changed'
    expect(c.overrides[0]!.reason).toBe('a')
    expect(Object.isFrozen(c.overrides)).toBe(true)
  })

  it('gives invalid values outside its range instead of throwing', () => {
    expect(cal.contains(cal.firstDay - 1)).toBe(false)
    expect(cal.isWorkday(cal.lastDay + 1)).toBe(false)
    expect(cal.ordinal(cal.lastDay + 1)).toBeNaN()
    expect(cal.ordinal(1.5)).toBeNaN()
    expect(cal.workdayAt(0)).toBeNaN()
    expect(cal.workdayAt(1e9)).toBeNaN()
    expect(cal.entry(cal.firstDay - 1)).toBeUndefined()
    expect(cal.kindOf(cal.firstDay - 1)).toBeUndefined()
  })

  it('knows its official years', () => {
    expect(cal.isOfficialYear(2026)).toBe(true)
    expect(cal.isOfficialYear(2027)).toBe(false)
  })
})

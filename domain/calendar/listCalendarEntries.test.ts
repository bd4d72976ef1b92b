import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from './cnWorkCalendar.ts'
import { listCalendarEntries } from './listCalendarEntries.ts'
import { toEpochDay } from './toEpochDay.ts'

describe('listCalendarEntries', () => {
  const cal = cnWorkCalendar({ overrides: [{ date: '2026-02-27', isWorkday: false, reason: '停电' }] })

  it('lists holidays, adjusted working days and overrides in [from, to]', () => {
    const entries = listCalendarEntries(cal, toEpochDay('2026-02-14'), toEpochDay('2026-02-28'))
    expect(entries.map((e) => `${e.date} ${e.kind}`)).toEqual([
      '2026-02-14 adjusted_workday',
      ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `2026-02-${d} holiday`),
      '2026-02-27 local_off',
      '2026-02-28 adjusted_workday',
    ])
    expect(entries[0]).toEqual({ date: '2026-02-14', isWorkday: true, kind: 'adjusted_workday', source: 'notice', name: '春节', ordinal: cal.ordinal(toEpochDay('2026-02-14')) })
  })

  it('is empty for ordinary weeks, an empty range, or outside the calendar', () => {
    expect(listCalendarEntries(cal, toEpochDay('2026-03-02'), toEpochDay('2026-03-29'))).toEqual([])
    expect(listCalendarEntries(cal, toEpochDay('2026-02-28'), toEpochDay('2026-02-14'))).toEqual([])
    expect(listCalendarEntries(cal, cal.lastDay + 1, cal.lastDay + 100)).toEqual([])
  })
})

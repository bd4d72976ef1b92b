import { describe, expect, it } from 'vitest'
import type { DeadlineExplanation } from '../../../../../domain/clock/types.ts'
import { whyDays } from './whyDays.ts'

// accepted Fri 26 Sep 2025, 3 working days: 28 Sep (Sunday, adjusted working day) is day 1
const x = {
  result: { status: 'running', deadlineDate: '2025-09-30' },
  rule: 'working-day limit',
  limit: 3,
  unit: 'workday',
  zone: 'Asia/Shanghai',
  acceptedDate: '2025-09-26',
  startDate: '2025-09-26',
  restarts: [],
  countedDays: [{ date: '2025-09-28', index: 1 }, { date: '2025-09-29', index: 2 }, { date: '2025-09-30', index: 3 }],
  movedFrom: null,
  afterDeadline: [{ date: '2025-10-09', offset: 1 }, { date: '2025-10-10', offset: 2 }],
  excludedDays: [],
  ignored: [],
  calendarEntries: [
    { date: '2025-09-28', isWorkday: true, kind: 'adjusted_workday', source: 'notice', name: '国庆节、中秋节调休', ordinal: 1 },
    { date: '2025-10-01', isWorkday: false, kind: 'holiday', source: 'notice', name: '国庆节', ordinal: 1 },
  ],
  thresholds: [
    { level: 'warning', from: '2025-09-30', at: '', rule: '' },
    { level: 'yellow', from: '2025-10-09', at: '', rule: '' },
    { level: 'red', from: '2025-10-10', at: '', rule: '' },
  ],
} as unknown as DeadlineExplanation

describe('whyDays', () => {
  const rows = whyDays(x)
  const by = Object.fromEntries(rows.map((r) => [r.date, r]))
  it('gives every day its calendar basis, ordinary days included (the 日历依据 column is never blank)', () => {
    expect(rows.every((r) => r.calendarKind)).toBe(true)
    expect(by['2025-09-26']!.calendarKind).toBe('workday')
    expect(by['2025-09-27']!.calendarKind).toBe('weekend')
    expect(by['2025-09-28']!.calendarKind).toBe('adjusted_workday')
    expect(by['2025-10-01']!.calendarKind).toBe('holiday')
  })
  it('covers every day from acceptance to the red day', () => {
    expect(rows[0]!.date).toBe('2025-09-26')
    expect(rows.at(-1)!.date).toBe('2025-10-10')
    expect(rows).toHaveLength(15)
  })
  it('marks counted days, the deadline and the calendar entry that decided them', () => {
    expect(by['2025-09-26']).toMatchObject({ role: 'accepted', weekday: 5 })
    expect(by['2025-09-27']).toMatchObject({ role: 'notCounted', weekday: 6, entry: null })
    expect(by['2025-09-28']).toMatchObject({ role: 'counted', index: 1, weekday: 7 })
    expect(by['2025-09-28']!.entry?.name).toBe('国庆节、中秋节调休')
    expect(by['2025-09-30']).toMatchObject({ index: 3, isDeadline: true, thresholds: ['warning'] })
    expect(by['2025-10-01']).toMatchObject({ role: 'notCounted' })
    expect(by['2025-10-01']!.entry?.kind).toBe('holiday')
  })
  it('marks the working days after the deadline and the card thresholds', () => {
    expect(by['2025-10-09']).toMatchObject({ role: 'afterDeadline', offset: 1, thresholds: ['yellow'] })
    expect(by['2025-10-10']).toMatchObject({ offset: 2, thresholds: ['red'] })
  })
  it('is bounded', () => {
    expect(whyDays(x, 3)).toHaveLength(3)
  })
})

import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import { DEFAULT_PERIOD_RULES, monthCloseDay, parsePeriodRules, periodOf, type PeriodKind, type PeriodRules } from './periods.ts'

const cal = cnWorkCalendar()
const d = toEpochDay
const lastWorking: PeriodRules = { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'lastWorkingDay' } }
const day25: PeriodRules = { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day', day: 25 } }
const show = (kind: PeriodKind, date: string, rules: PeriodRules = DEFAULT_PERIOD_RULES) => {
  const p = periodOf(kind, d(date), rules, cal)
  return `${p.label} ${fromEpochDay(p.from)}..${fromEpochDay(p.to)}`
}

describe('periodOf', () => {
  it('weeks start on Monday by default, or on the configured weekday', () => {
    expect(show('week', '2026-12-31')).toBe('2026-W52 2026-12-28..2027-01-03') // Thursday; the week crosses the year
    expect(show('week', '2027-01-03')).toBe('2026-W52 2026-12-28..2027-01-03') // Sunday: same week
    expect(show('week', '2027-01-04')).toBe('2027-W01 2027-01-04..2027-01-10')
    expect(show('week', '2026-12-31', { ...DEFAULT_PERIOD_RULES, weekStart: 7 })).toBe('2026-W52 2026-12-27..2027-01-02')
  })

  it('calendar months, quarters and years end on their last calendar day', () => {
    expect(show('month', '2026-02-28')).toBe('2026-02 2026-02-01..2026-02-28')
    expect(show('month', '2028-02-29')).toBe('2028-02 2028-02-01..2028-02-29')
    expect(show('quarter', '2026-09-30')).toBe('2026-Q3 2026-07-01..2026-09-30')
    expect(show('quarter', '2026-10-01')).toBe('2026-Q4 2026-10-01..2026-12-31')
    expect(show('year', '2026-12-31')).toBe('2026 2026-01-01..2026-12-31')
    expect(show('year', '2027-01-01')).toBe('2027 2027-01-01..2027-12-31')
    expect(show('day', '2027-01-01')).toBe('2027-01-01 2027-01-01..2027-01-01')
  })

  it('closing on the last working day: a weekend at the month end belongs to the next month', () => {
    expect(cal.isWorkday(d('2026-01-31'))).toBe(false) // Saturday
    expect(show('month', '2026-01-30', lastWorking)).toBe('2026-01 2026-01-01..2026-01-30')
    expect(show('month', '2026-01-31', lastWorking)).toBe('2026-02 2026-01-31..2026-02-28')
  })

  it('closing on the last working day: a 调休 Saturday closes the month', () => {
    expect(cal.isWorkday(d('2026-02-28'))).toBe(true) // Saturday worked after the Spring Festival
    expect(fromEpochDay(monthCloseDay(2026, 2, lastWorking, cal))).toBe('2026-02-28')
    expect(show('month', '2026-03-01', lastWorking)).toBe('2026-03 2026-03-01..2026-03-31')
  })

  it('closing on the last working day: National Day holidays push October’s close back, quarter ends follow', () => {
    expect(cal.isWorkday(d('2026-09-30'))).toBe(true)
    expect(show('quarter', '2026-09-30', lastWorking)).toBe('2026-Q3 2026-07-01..2026-09-30')
    // 2026-10-31 is a Saturday: October closes on Friday the 30th
    expect(show('month', '2026-10-31', lastWorking)).toBe('2026-11 2026-10-31..2026-11-30')
  })

  it('across 2026/2027 (2027 provisional: Monday–Friday): the year closes on its last working day', () => {
    expect(cal.isWorkday(d('2026-12-31'))).toBe(true) // Thursday
    expect(show('year', '2026-12-31', lastWorking)).toBe('2026 2026-01-01..2026-12-31')
    expect(show('year', '2027-01-01', lastWorking)).toBe('2027 2027-01-01..2027-12-31') // 31 Dec 2027 is a Friday
    // 2027-07-31 Saturday; 2027-10-31 Sunday belongs to November, still in Q4 (September closed on Thursday the 30th)
    expect(show('month', '2027-07-31', lastWorking)).toBe('2027-08 2027-07-31..2027-08-31')
    expect(show('quarter', '2027-10-31', lastWorking)).toBe('2027-Q4 2027-10-01..2027-12-31')
    // 2025 closes on Wednesday 31 December; 2026's first statistical month opens on 1 January (a holiday)
    expect(show('month', '2026-01-01', lastWorking)).toBe('2026-01 2026-01-01..2026-01-30')
  })

  it('a year closing on the last working day of a weekend December hands the days to the next year', () => {
    // 2028-12-31 is a Sunday (provisional): December 2028 closes on Friday the 29th
    expect(show('year', '2028-12-30', lastWorking)).toBe('2029 2028-12-30..2029-12-31')
    expect(show('quarter', '2028-12-29', lastWorking)).toBe('2028-Q4 2028-09-30..2028-12-29') // 2028-09-30 is a Saturday: September closed on the 29th
  })

  it('a local day off on the last working day moves the close', () => {
    const local = cnWorkCalendar({ overrides: [{ date: '2026-12-31', isWorkday: false, reason: '停电' }] })
    expect(show('year', '2026-12-31', lastWorking)).toBe('2026 2026-01-01..2026-12-31')
    expect(fromEpochDay(periodOf('year', d('2026-12-31'), lastWorking, local).from)).toBe('2026-12-31') // now the first day of 2027
    expect(fromEpochDay(periodOf('year', d('2026-12-30'), lastWorking, local).to)).toBe('2026-12-30')
  })

  it('closing on a fixed day: the 25th closes the month, the 26th opens the next; December’s 26th opens the next year', () => {
    expect(show('month', '2026-01-25', day25)).toBe('2026-01 2025-12-26..2026-01-25')
    expect(show('month', '2026-01-26', day25)).toBe('2026-02 2026-01-26..2026-02-25')
    expect(show('quarter', '2026-03-26', day25)).toBe('2026-Q2 2026-03-26..2026-06-25')
    expect(show('year', '2026-12-26', day25)).toBe('2027 2026-12-26..2027-12-25')
    expect(show('year', '2026-12-25', day25)).toBe('2026 2025-12-26..2026-12-25')
  })

  it('every day of 2025–2028 is in exactly one month, quarter and year, contiguous, under each rule', () => {
    for (const rules of [DEFAULT_PERIOD_RULES, lastWorking, day25]) {
      for (const kind of ['week', 'month', 'quarter', 'year'] as const) {
        let prev = periodOf(kind, d('2025-01-01'), rules, cal)
        for (let x = d('2025-01-02'); x <= d('2028-12-31'); x++) {
          const p = periodOf(kind, x, rules, cal)
          expect(p.from <= x && x <= p.to).toBe(true)
          if (p.label !== prev.label) {
            expect(p.from).toBe(prev.to + 1)
            expect(x).toBe(p.from)
          } else expect(p).toEqual(prev)
          prev = p
        }
      }
    }
  })
})

describe('parsePeriodRules', () => {
  const isZone = (z: string) => z === 'Asia/Shanghai' || z === 'UTC'
  it('fills defaults and accepts each close kind', () => {
    expect(parsePeriodRules({}, isZone)).toEqual({ ok: true, rules: DEFAULT_PERIOD_RULES })
    expect(parsePeriodRules({ weekStart: 7, monthClose: { kind: 'day', day: 25 }, timeZone: 'UTC' }, isZone)).toEqual({
      ok: true,
      rules: { schemaVersion: 1, weekStart: 7, monthClose: { kind: 'day', day: 25 }, timeZone: 'UTC' },
    })
  })
  it('names every bad field', () => {
    const r = parsePeriodRules({ weekStart: 0, monthClose: { kind: 'day', day: 31 }, timeZone: 'Mars/Base' }, isZone)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['weekStart', 'timeZone', 'monthClose/day'])
    expect(parsePeriodRules([], isZone).ok).toBe(false)
    expect(!parsePeriodRules({ monthClose: { kind: 'fortnight' } }, isZone).ok).toBe(true)
  })
})

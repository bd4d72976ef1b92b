import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { DEFAULT_PERIOD_RULES } from './periods.ts'
import { dayLabels } from './resolvePeriod.ts'
import { customSource, dimSegments, rollupSegments } from './segments.ts'

/** Every day a segmentation covers, with its label, in order. */
const expand = (s: ReturnType<typeof rollupSegments>, monthDays: (first: string) => string[]) =>
  [...s.months.flatMap((m, i) => monthDays(m).map((d) => [d, s.monthLabels[i]!])), ...s.days.map((d, i) => [d, s.dayLabels[i]!])].sort((x, y) => x[0]!.localeCompare(y[0]!))

const daysOf = (from: string, to: string) => {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}
const monthDays = (first: string) => {
  const [y, m] = first.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
  return daysOf(first, last)
}

describe('rollupSegments', () => {
  it('reads whole calendar months inside the range from the monthly rollup, the edge days from the daily one', () => {
    const s = rollupSegments('2026-01-15', '2026-03-31', null)
    expect(s.months).toEqual(['2026-02-01', '2026-03-01'])
    expect(s.days).toEqual(daysOf('2026-01-15', '2026-01-31'))
    expect(new Set([...s.monthLabels, ...s.dayLabels])).toEqual(new Set(['']))
  })

  it('covers every day of the range once, with its label, across the 2026/2027 boundary and a leap February', () => {
    const cal = cnWorkCalendar()
    for (const [from, to] of [['2026-11-20', '2027-02-03'], ['2027-12-01', '2028-03-01'], ['2026-12-31', '2027-01-01'], ['2026-05-05', '2026-05-05']] as const) {
      for (const grain of ['week', 'month', 'quarter'] as const) {
        for (const rules of [DEFAULT_PERIOD_RULES, { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'lastWorkingDay' as const } }, { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day' as const, day: 25 } }]) {
          const l = dayLabels(from, to, grain, rules, cal)
          const s = rollupSegments(from, to, l.labels)
          expect(expand(s, monthDays), `${from}..${to} ${grain} ${JSON.stringify(rules.monthClose)}`).toEqual(l.days.map((d, i) => [d, l.labels[i]]))
        }
      }
    }
  })

  it('splits a calendar month whose days carry two labels (a statistical month closing on the 25th)', () => {
    const cal = cnWorkCalendar()
    const l = dayLabels('2026-01-01', '2026-12-31', 'month', { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day', day: 25 } }, cal)
    expect(rollupSegments('2026-01-01', '2026-12-31', l.labels).months).toEqual([])
    const calendarMonths = dayLabels('2026-01-01', '2026-12-31', 'month', DEFAULT_PERIOD_RULES, cal)
    expect(rollupSegments('2026-01-01', '2026-12-31', calendarMonths.labels).months).toHaveLength(12)
    expect(rollupSegments('2026-01-01', '2026-12-31', calendarMonths.labels).days).toEqual([])
  })
})

describe('dimSegments', () => {
  const weekDays = (monday: string) => daysOf(monday, new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10))
  const expandDim = (s: ReturnType<typeof dimSegments>) =>
    [...expand(s, monthDays), ...s.weeks.flatMap((w, i) => weekDays(w).map((d) => [d, s.weekLabels[i]!]))].sort((x, y) => x[0]!.localeCompare(y[0]!))

  it('reads whole months, then whole Monday weeks of the rest, then the days left', () => {
    const s = dimSegments('2026-01-15', '2026-03-31', null)
    expect(s.months).toEqual(['2026-02-01', '2026-03-01'])
    expect(s.weeks).toEqual(['2026-01-19']) // a Monday; 26 Jan – 1 Feb is not read as a week, February being whole
    expect(s.days).toEqual(['2026-01-15', '2026-01-16', '2026-01-17', '2026-01-18', '2026-01-26', '2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31'])
    // a year ending on a Sunday (6 Dec 2026): the last partial month is one whole week
    const y = dimSegments('2025-12-07', '2026-12-06', null)
    expect(y.months).toHaveLength(11)
    expect(y.weeks).toEqual(['2025-12-08', '2025-12-15', '2025-12-22'])
    expect(y.days).toEqual(['2025-12-07', '2025-12-29', '2025-12-30', '2025-12-31', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'])
  })

  it('covers every day of the range once, with its label, for every grain and month rule (weeks by Monday or by Sunday)', () => {
    const cal = cnWorkCalendar()
    let weeks = 0
    for (const [from, to] of [['2026-11-20', '2027-02-03'], ['2027-12-01', '2028-03-01'], ['2026-12-31', '2027-01-01'], ['2026-05-05', '2026-05-05'], ['2025-12-07', '2026-12-06']] as const) {
      for (const grain of [null, 'week', 'month', 'quarter'] as const) {
        for (const rules of [DEFAULT_PERIOD_RULES, { ...DEFAULT_PERIOD_RULES, weekStart: 7 as const }, { ...DEFAULT_PERIOD_RULES, monthClose: { kind: 'day' as const, day: 25 } }]) {
          const l = grain ? dayLabels(from, to, grain, rules, cal) : null
          const s = dimSegments(from, to, l?.labels ?? null)
          const all = daysOf(from, to)
          expect(expandDim(s), `${from}..${to} ${grain} ${JSON.stringify(rules)}`).toEqual(all.map((d, i) => [d, l ? l.labels[i]! : '']))
          weeks += s.weeks.length
          if (grain === 'week' && rules.weekStart === 7) expect(s.weeks).toEqual([]) // Sunday weeks straddle two Monday weeks
        }
      }
    }
    expect(weeks).toBeGreaterThan(20)
  })
})

describe('customSource', () => {
  it('sends a report to the rollup that holds its dimensions and filter, else to the facts', () => {
    expect(customSource(['department', 'period'], { caseType: 'promised' })).toBe('groups')
    expect(customSource(['item', 'period'], {})).toBe('item')
    expect(customSource(['department', 'caseType'], { item: 'I-1' })).toBe('item')
    expect(customSource(['department', 'item'], { department: 'D', caseType: 'joint' })).toBe('item')
    expect(customSource(['handler', 'period'], {})).toBe('handler')
    expect(customSource(['jurisdiction', 'period'], { handler: '李四' })).toBe('handler')
    expect(customSource(['handler', 'department'], {})).toBe('facts') // the handler rows carry no department
    expect(customSource(['handler', 'caseType'], {})).toBe('facts')
    expect(customSource(['handler'], { department: 'D' })).toBe('facts')
    expect(customSource(['handler'], { caseType: 'joint' })).toBe('facts')
    expect(customSource(['item', 'handler'], {})).toBe('facts')
    expect(customSource(['item'], { handler: '' })).toBe('facts') // '' (no handler) is a filter too
    expect(customSource(['period'], { item: null, handler: null })).toBe('groups')
    expect(customSource(['item', 'handler', 'period'], {})).toBe('facts')
  })
})

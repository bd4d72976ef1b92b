import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { DEFAULT_PERIOD_RULES } from './periods.ts'
import { dayLabels } from './resolvePeriod.ts'
import { rollupSegments } from './segments.ts'

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

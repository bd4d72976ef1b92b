import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { computeDeadline } from './computeDeadline.ts'
import { explainDeadline } from './explainDeadline.ts'
import type { DeadlineExplanation, DeadlineInput } from './types.ts'

const cal = cnWorkCalendar({ overrides: [{ date: '2025-10-13', isWorkday: false, reason: '台风停工' }] })

function explain(input: DeadlineInput): DeadlineExplanation {
  const x = explainDeadline(input, cal)
  if ('status' in x) throw new Error(x.error)
  return x
}

describe('explainDeadline', () => {
  it('explains a red card across National Day with a suspension, day by day', () => {
    const input: DeadlineInput = {
      accepted: '2025-09-22T10:00:00+08:00',
      limit: 5,
      unit: 'workday',
      suspensions: [{ from: '2025-09-24', to: '2025-09-26' }, { from: '2025-10-20', to: '2025-10-22' }],
      now: '2025-10-17T09:00:00+08:00',
    }
    const x = explain(input)
    expect(x.result).toEqual(computeDeadline(input, cal))
    // 5 by 30 Sep, then 9, 10, 11, 14, 15, 16, 17 Oct (13 Oct is a local day off)
    expect(x.result).toMatchObject({ deadlineDate: '2025-09-30', level: 'red', countedDays: 12 })
    expect(x.rule).toMatch(/5th counted working day/)
    expect(x.countedDays).toEqual([
      { date: '2025-09-23', index: 1 },
      { date: '2025-09-24', index: 2 },
      { date: '2025-09-28', index: 3 },
      { date: '2025-09-29', index: 4 },
      { date: '2025-09-30', index: 5 },
    ])
    expect(x.excludedDays).toEqual([
      { date: '2025-09-25', reason: 'suspension' },
      { date: '2025-09-26', reason: 'suspension' },
    ])
    expect(x.ignored).toEqual([{ kind: 'suspension', from: '2025-10-20', to: '2025-10-22', why: 'on-or-after-last-counted-day' }])
    // yellow on 9 Oct, then 10, 11 (Sat, worked), 14 (13 Oct is a local day off), 15 = red
    expect(x.afterDeadline).toEqual([
      { date: '2025-10-09', offset: 1 },
      { date: '2025-10-10', offset: 2 },
      { date: '2025-10-11', offset: 3 },
      { date: '2025-10-14', offset: 4 },
      { date: '2025-10-15', offset: 5 },
    ])
    expect(x.thresholds).toEqual([
      { level: 'warning', from: '2025-09-30', at: '2025-09-29T16:00:00.000Z', rule: 'warning from 00:00 of the deadline day', basis: { kind: 'warningOffset', offset: 0 } },
      { level: 'yellow', from: '2025-10-09', at: '2025-10-08T16:00:00.000Z', rule: 'yellow card from 00:00 of the 1st working day after the deadline day', basis: { kind: 'afterDeadline', days: 1 } },
      { level: 'red', from: '2025-10-15', at: '2025-10-14T16:00:00.000Z', rule: 'red card from 00:00 of the 5th working day after the deadline day', basis: { kind: 'afterDeadline', days: 5 } },
    ])
    expect(x.calendarEntries.map((e) => `${e.date} ${e.kind} ${e.name ?? ''}`.trim())).toEqual([
      '2025-09-28 adjusted_workday 国庆节',
      '2025-10-01 holiday 国庆节',
      '2025-10-02 holiday 国庆节',
      '2025-10-03 holiday 国庆节',
      '2025-10-04 holiday 国庆节',
      '2025-10-05 holiday 国庆节',
      '2025-10-06 holiday 中秋',
      '2025-10-07 holiday 国庆节',
      '2025-10-08 holiday 国庆节',
      '2025-10-11 adjusted_workday 国庆节',
      '2025-10-13 local_off 台风停工',
    ])
  })

  it('is JSON-serialisable without loss', () => {
    const x = explain({ accepted: '2026-02-12', limit: 5, unit: 'workday', now: '2026-02-20T10:00:00+08:00' })
    expect(JSON.parse(JSON.stringify(x))).toEqual(x)
  })

  it('shows a calendar-day deadline moved off a holiday, and a restart', () => {
    const x = explain({ accepted: '2025-08-20', limit: 30, unit: 'day', supplements: [{ requested: '2025-08-25', supplied: '2025-09-01' }] })
    expect(x.startDate).toBe('2025-09-01')
    expect(x.restarts).toEqual([{ requested: '2025-08-25', supplied: '2025-09-01' }])
    expect(x.movedFrom).toBe('2025-10-01')
    expect(x.result).toMatchObject({ deadlineDate: '2025-10-09' })
    expect(x.countedDays).toHaveLength(30)
    expect(x.countedDays[0]).toEqual({ date: '2025-09-02', index: 1 })
    expect(x.countedDays[29]).toEqual({ date: '2025-10-01', index: 30 })
    expect(x.rule).toMatch(/Civil Code §203/)
  })

  it('for calendar-day limits, lists every excluded calendar day', () => {
    const x = explain({ accepted: '2025-09-20', limit: 15, unit: 'day', suspensions: [{ from: '2025-09-25', to: '2025-09-28' }] })
    expect(x.excludedDays.map((d) => d.date)).toEqual(['2025-09-26', '2025-09-27', '2025-09-28'])
  })

  it('explains a stopped clock up to the stop, with the warning reached', () => {
    const x = explain({
      accepted: '2025-09-22',
      limit: 10,
      unit: 'workday',
      scheme: { warning: { share: 0.2 }, yellow: 1, red: 5 },
      suspensions: [{ from: '2025-09-26', expectedDays: 3 }],
      now: '2025-10-09T10:00:00+08:00',
    })
    expect(x.result.status).toBe('stopped')
    expect(x.countedDays.map((d) => d.date)).toEqual(['2025-09-23', '2025-09-24', '2025-09-25', '2025-09-26'])
    expect(x.thresholds).toEqual([{ level: 'warning', from: '2025-09-24', at: '2025-09-23T16:00:00.000Z', rule: 'warning at 20% of the limit: from 00:00 of counted day ⌈0.2 × 10⌉', basis: { kind: 'warningShare', share: 0.2 } }])
    expect(x.afterDeadline).toEqual([])
    expect(x.calendarEntries.at(-1)!.date).toBe('2025-10-08')
  })

  it('explains limit 0', () => {
    expect(explain({ accepted: '2025-10-01', limit: 0, unit: 'workday' }).rule).toMatch(/limit 0 \(immediate case\)/)
    expect(explain({ accepted: '2025-10-01', limit: 0, unit: 'workday' }).countedDays).toEqual([])
  })

  it('passes invalid input through', () => {
    expect(explainDeadline({ accepted: 'x', limit: 1, unit: 'workday' }, cal)).toMatchObject({ status: 'invalid' })
  })
})

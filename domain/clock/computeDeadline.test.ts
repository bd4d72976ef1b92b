import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { computeDeadline } from './computeDeadline.ts'
import type { DeadlineInput, DeadlineResult, RunningDeadline, StoppedDeadline } from './types.ts'

const cal = cnWorkCalendar()

function running(input: DeadlineInput): RunningDeadline {
  const r = computeDeadline(input, cal)
  if (r.status !== 'running') throw new Error(`expected running, got ${JSON.stringify(r)}`)
  return r
}
function stopped(input: DeadlineInput): StoppedDeadline {
  const r = computeDeadline(input, cal)
  if (r.status !== 'stopped') throw new Error(`expected stopped, got ${JSON.stringify(r)}`)
  return r
}
const dates = (r: RunningDeadline) => [r.deadlineDate, r.warningFrom, r.yellowFrom, r.redFrom]

describe('computeDeadline: working-day limits', () => {
  it.each<[string, string, number, [string, string, string, string]]>([
    // Spring Festival 2026: 14 Feb (Sat) worked, 15–23 Feb off, 28 Feb (Sat) worked
    ['Thu before the festival, 5 days', '2026-02-12T10:00:00+08:00', 5, ['2026-02-26', '2026-02-26', '2026-02-27', '2026-03-04']],
    ['Fri before, 1 day: the adjusted Saturday', '2026-02-13T09:00:00+08:00', 1, ['2026-02-14', '2026-02-14', '2026-02-24', '2026-02-28']],
    ['on the adjusted Saturday itself', '2026-02-14T10:00:00+08:00', 1, ['2026-02-24', '2026-02-24', '2026-02-25', '2026-03-02']],
    ['during the festival', '2026-02-17T10:00:00+08:00', 3, ['2026-02-26', '2026-02-26', '2026-02-27', '2026-03-04']],
    ['Fri 27 Feb, 1 day: Sat 28 Feb worked', '2026-02-27T10:00:00+08:00', 1, ['2026-02-28', '2026-02-28', '2026-03-02', '2026-03-06']],
    // National Day 2025: 28 Sep (Sun) worked, 1–8 Oct off, 11 Oct (Sat) worked
    ['Fri 26 Sep, 3 days', '2025-09-26T10:00:00+08:00', 3, ['2025-09-30', '2025-09-30', '2025-10-09', '2025-10-14']],
    ['30 Sep, 1 day', '2025-09-30T10:00:00+08:00', 1, ['2025-10-09', '2025-10-09', '2025-10-10', '2025-10-15']],
    ['30 Sep, 3 days: Sat 11 Oct worked', '2025-09-30T10:00:00+08:00', 3, ['2025-10-11', '2025-10-11', '2025-10-13', '2025-10-17']],
    ['20 working days across the holiday', '2025-09-22T10:00:00+08:00', 20, ['2025-10-24', '2025-10-24', '2025-10-27', '2025-10-31']],
    // weekends
    ['Saturday acceptance', '2025-03-08T10:00:00+08:00', 1, ['2025-03-10', '2025-03-10', '2025-03-11', '2025-03-17']],
    ['Sunday evening acceptance', '2025-03-09T21:00:00+08:00', 1, ['2025-03-10', '2025-03-10', '2025-03-11', '2025-03-17']],
    // late evening in UTC is the next day in Shanghai
    ['2025-09-28T16:30Z is 29 Sep in Shanghai', '2025-09-28T16:30:00Z', 1, ['2025-09-30', '2025-09-30', '2025-10-09', '2025-10-14']],
    ['2025-09-28T15:59Z is still 28 Sep', '2025-09-28T15:59:00Z', 1, ['2025-09-29', '2025-09-29', '2025-09-30', '2025-10-13']],
    ['Friday 17:00Z is Saturday in Shanghai (limit 0)', '2025-03-07T17:00:00Z', 0, ['2025-03-08', '2025-03-08', '2025-03-10', '2025-03-14']],
    // limit 0 (即办件): 24:00 of the acceptance day, even a holiday
    ['limit 0 on a working day', '2026-02-13T09:00:00+08:00', 0, ['2026-02-13', '2026-02-13', '2026-02-14', '2026-02-27']],
    ['limit 0 at 2025-09-30T23:30Z = 1 Oct', '2025-09-30T23:30:00Z', 0, ['2025-10-01', '2025-10-01', '2025-10-09', '2025-10-14']],
    // into the provisional year 2027
    ['across into 2027 (Mon–Fri)', '2026-12-30T10:00:00+08:00', 3, ['2027-01-04', '2027-01-04', '2027-01-05', '2027-01-11']],
    // a local date is accepted as well as an instant
    ['a local date', '2026-02-12', 5, ['2026-02-26', '2026-02-26', '2026-02-27', '2026-03-04']],
  ])('%s', (_label, accepted, limit, expected) => {
    expect(dates(running({ accepted, limit, unit: 'workday' }))).toEqual(expected)
  })

  it('reports the acceptance date in the zone, and 24:00 local as deadlineAt', () => {
    const r = running({ accepted: '2025-09-30T23:30:00Z', limit: 1, unit: 'workday' })
    expect(r.acceptedDate).toBe('2025-10-01')
    expect(r.startDate).toBe('2025-10-01')
    expect(r.deadlineDate).toBe('2025-10-09')
    expect(r.deadlineAt).toBe('2025-10-09T16:00:00.000Z')
  })

  it('uses another zone when told', () => {
    const r = running({ accepted: '2025-09-30T23:30:00Z', limit: 0, unit: 'workday', zone: 'UTC' })
    expect(r.acceptedDate).toBe('2025-09-30')
    expect(r.deadlineAt).toBe('2025-10-01T00:00:00.000Z')
  })

  it('flags results that depend on a provisional year', () => {
    expect(running({ accepted: '2026-12-30', limit: 3, unit: 'workday' }).provisional).toBe(true)
    expect(running({ accepted: '2026-12-18', limit: 1, unit: 'workday' }).provisional).toBe(false)
    // the red day (5 working days after 21 Dec … 28 Dec) stays in 2026; 24 Dec + 1 → red in 2027
    expect(running({ accepted: '2026-12-24', limit: 1, unit: 'workday' }).provisional).toBe(true)
  })
})

describe('computeDeadline: calendar-day limits', () => {
  it.each<[string, string, number, string]>([
    ['ends on National Day → next working day', '2025-09-01T10:00:00+08:00', 30, '2025-10-09'],
    ['a 60-day petition ending on 1 Oct', '2025-08-02T10:00:00+08:00', 60, '2025-10-09'],
    ['ends on an adjusted Saturday: not moved', '2026-01-30T10:00:00+08:00', 15, '2026-02-14'],
    ['ends in the Spring Festival', '2026-02-01T10:00:00+08:00', 15, '2026-02-24'],
    ['ends on a plain Sunday', '2025-03-01T10:00:00+08:00', 15, '2025-03-17'],
    ['limit 0 on a Saturday is moved too', '2025-03-08T10:00:00+08:00', 0, '2025-03-10'],
    ['accepted 1 Oct (23:30Z on 30 Sep), 7 days → 8 Oct → 9 Oct', '2025-09-30T23:30:00Z', 7, '2025-10-09'],
    ['accepted 30 Sep (15:30Z), 7 days → 7 Oct → 9 Oct', '2025-09-30T15:30:00Z', 7, '2025-10-09'],
    ['accepted 30 Sep, 11 days → Sat 11 Oct (worked)', '2025-09-30T10:00:00+08:00', 11, '2025-10-11'],
  ])('%s', (_label, accepted, limit, expected) => {
    const r = running({ accepted, limit, unit: 'day' })
    expect(r.deadlineDate).toBe(expected)
    expect(r.warningFrom).toBe(expected)
  })

  it('counts yellow and red in working days after the moved deadline day', () => {
    const r = running({ accepted: '2025-09-01', limit: 30, unit: 'day' })
    expect([r.yellowFrom, r.redFrom]).toEqual(['2025-10-10', '2025-10-15'])
  })
})

describe('computeDeadline: suspensions', () => {
  const base = { accepted: '2025-09-22T10:00:00+08:00', limit: 10, unit: 'workday' } as const
  it('without suspension: 23, 24, 25, 26, 28 Sep, 29, 30, 9, 10, 11 Oct', () => {
    expect(running(base).deadlineDate).toBe('2025-10-11')
  })

  it.each<[string, DeadlineInput['suspensions'], string]>([
    // across the holiday: counted 23–26 (4); not counted 28, 29, 30 Sep, 9, 10 Oct; then 11, 13, 14, 15, 16, 17
    ['across National Day', [{ from: '2025-09-26T15:00:00+08:00', to: '2025-10-10T09:00:00+08:00' }], '2025-10-17'],
    ['within the holiday only: no working day lost', [{ from: '2025-10-02', to: '2025-10-07' }], '2025-10-11'],
    ['one working day', [{ from: '2025-09-23', to: '2025-09-24' }], '2025-10-13'],
    ['on the same day: nothing excluded', [{ from: '2025-09-24T09:00:00+08:00', to: '2025-09-24T17:00:00+08:00' }], '2025-10-11'],
    ['overlapping ones are merged', [{ from: '2025-09-23', to: '2025-09-25' }, { from: '2025-09-24', to: '2025-09-26' }], '2025-10-15'],
    ['listed in any order', [{ from: '2025-09-24', to: '2025-09-26' }, { from: '2025-09-23', to: '2025-09-25' }], '2025-10-15'],
    ['two separate ones', [{ from: '2025-09-23', to: '2025-09-24' }, { from: '2025-10-13', to: '2025-10-14' }], '2025-10-13'],
    ['starting before acceptance counts only after it', [{ from: '2025-09-20', to: '2025-09-23' }], '2025-10-13'],
    ['ending before acceptance: ignored', [{ from: '2025-09-01', to: '2025-09-22' }], '2025-10-11'],
    ['starting on the deadline day: ignored', [{ from: '2025-10-11', to: '2025-10-20' }], '2025-10-11'],
    ['starting after the deadline: ignored', [{ from: '2025-10-14', to: '2025-10-20' }], '2025-10-11'],
    ['starting the day before the deadline: extends by its days', [{ from: '2025-10-10', to: '2025-10-14' }], '2025-10-15'],
  ])('%s', (_label, suspensions, expected) => {
    expect(running({ ...base, suspensions }).deadlineDate).toBe(expected)
  })

  it('for calendar-day limits, calendar days are not counted', () => {
    // (20 Sep, 25 Sep] counted (5); (25 Sep, 5 Oct] not; 10 more → 15 Oct (a Wednesday)
    expect(running({ accepted: '2025-09-20', limit: 15, unit: 'day', suspensions: [{ from: '2025-09-25', to: '2025-10-05' }] }).deadlineDate).toBe('2025-10-15')
    expect(running({ accepted: '2025-09-20', limit: 15, unit: 'day' }).deadlineDate).toBe('2025-10-09')
    // a suspension starting on the 15th day (5 Oct, a holiday) does not extend: counting is done
    expect(running({ accepted: '2025-09-20', limit: 15, unit: 'day', suspensions: [{ from: '2025-10-05', to: '2025-10-20' }] }).deadlineDate).toBe('2025-10-09')
  })

  it('keeps counting towards yellow and red after the deadline, past a late suspension', () => {
    const r = running({ ...base, suspensions: [{ from: '2025-10-13', to: '2025-10-20' }], now: '2025-10-17T10:00:00+08:00' })
    expect(dates(r)).toEqual(['2025-10-11', '2025-10-11', '2025-10-13', '2025-10-17'])
    expect(r.level).toBe('red')
    expect(r.countedDays).toBe(15)
  })

  it('an open suspension stops the clock and is watched against its expected length', () => {
    const input: DeadlineInput = { ...base, suspensions: [{ from: '2025-09-26T15:00:00+08:00', expectedDays: 5 }] }
    const r = stopped({ ...input, now: '2025-10-10T23:59:59+08:00' })
    expect(r).toMatchObject({
      status: 'stopped',
      stop: { reason: 'suspension', since: '2025-09-26', expectedEnd: '2025-10-10', expectedEndAt: '2025-10-10T16:00:00.000Z', overrun: false },
      countedDays: 4,
      remainingDays: 6,
      level: 'normal',
      warningFrom: null,
      nextTransitionAt: null,
    })
    expect(stopped({ ...input, now: '2025-10-11T00:00:00+08:00' }).stop.overrun).toBe(true)
    expect(stopped({ ...input, suspensions: [{ from: '2025-09-26', expectedDays: 10, expectedUnit: 'day' }] }).stop.expectedEnd).toBe('2025-10-06')
    expect(stopped({ ...base, suspensions: [{ from: '2025-09-26', to: null }] }).stop).toMatchObject({ expectedEnd: null, overrun: null })
  })

  it('an open suspension after the deadline does not stop the clock', () => {
    expect(running({ ...base, suspensions: [{ from: '2025-10-11' }] }).deadlineDate).toBe('2025-10-11')
  })

  it('an open suspension merged with a closed one that it overlaps', () => {
    const r = stopped({ ...base, suspensions: [{ from: '2025-09-24', to: '2025-09-26' }, { from: '2025-09-25' }] })
    expect(r.stop.since).toBe('2025-09-24')
  })

  it('keeps a warning reached before the stop (share scheme)', () => {
    const r = stopped({ ...base, scheme: { warning: { share: 0.3 }, yellow: 1, red: 5 }, suspensions: [{ from: '2025-09-26' }], now: '2025-10-01T10:00:00+08:00' })
    expect(r.warningFrom).toBe('2025-09-25') // counted day ⌈0.3 × 10⌉ = 3
    expect(r.level).toBe('warning')
  })
})

describe('computeDeadline: supplements', () => {
  const base = { accepted: '2026-02-02T10:00:00+08:00', limit: 5, unit: 'workday' } as const
  const supplements = [{ requested: '2026-02-04T10:00:00+08:00', supplied: '2026-02-10T16:00:00+08:00' }]

  it('without supplement: 3, 4, 5, 6, 9 Feb', () => {
    expect(running(base).deadlineDate).toBe('2026-02-09')
  })

  it('restart (default): counting starts again after the supply day', () => {
    // 11, 12, 13, 14 (Sat, worked), 24 Feb
    const r = running({ ...base, supplements })
    expect(r.deadlineDate).toBe('2026-02-24')
    expect(r.startDate).toBe('2026-02-10')
    expect(r.acceptedDate).toBe('2026-02-02')
    expect(running({ ...base, supplements, supplementMode: 'restart' }).deadlineDate).toBe('2026-02-24')
  })

  it('pause: (requested, supplied] is not counted', () => {
    // 3, 4 counted; 5, 6, 9, 10 not; 11, 12, 13
    const r = running({ ...base, supplements, supplementMode: 'pause' })
    expect(r.deadlineDate).toBe('2026-02-13')
    expect(r.startDate).toBe('2026-02-02')
  })

  it('a second restart restarts again from its own supply day', () => {
    const two = [...supplements, { requested: '2026-02-12', supplied: '2026-02-13' }]
    // from 13 Feb: 14 (Sat, worked), 24, 25, 26, 27
    expect(running({ ...base, supplements: two }).deadlineDate).toBe('2026-02-27')
  })

  it.each<[string, DeadlineInput['supplements'], string]>([
    ['requested on the deadline day: ignored', [{ requested: '2026-02-09', supplied: '2026-02-11' }], '2026-02-09'],
    ['requested after the deadline: ignored', [{ requested: '2026-02-10', supplied: '2026-02-11' }], '2026-02-09'],
    ['requested before acceptance: ignored', [{ requested: '2026-01-30', supplied: '2026-02-03' }], '2026-02-09'],
    ['requested on the acceptance day: restarts', [{ requested: '2026-02-02', supplied: '2026-02-03' }], '2026-02-10'],
    ['overlapping requests: the last supply wins', [{ requested: '2026-02-03', supplied: '2026-02-05' }, { requested: '2026-02-04', supplied: '2026-02-06' }], '2026-02-13'],
  ])('%s', (_label, sups, expected) => {
    expect(running({ ...base, supplements: sups }).deadlineDate).toBe(expected)
  })

  it('a pending supplement stops the clock (restart: the full limit remains)', () => {
    const r = stopped({ ...base, supplements: [{ requested: '2026-02-04T10:00:00+08:00', expectedDays: 5 }], now: '2026-02-06T10:00:00+08:00' })
    expect(r).toMatchObject({ stop: { reason: 'supplement', since: '2026-02-04', expectedEnd: '2026-02-11', overrun: false }, countedDays: 2, remainingDays: 5, level: 'normal' })
  })

  it('a pending supplement in pause mode keeps the days already counted', () => {
    const r = stopped({ ...base, supplementMode: 'pause', supplements: [{ requested: '2026-02-04' }] })
    expect(r.remainingDays).toBe(3)
    expect(r.stop.reason).toBe('supplement')
  })

  it('suspensions after a restart are counted from the new start', () => {
    const r = running({ ...base, supplements, suspensions: [{ from: '2026-02-11', to: '2026-02-12' }] })
    // from 10 Feb: 11 counted, 12 not, 13, 14, 24, 25
    expect(r.deadlineDate).toBe('2026-02-25')
  })
})

describe('computeDeadline: levels and now', () => {
  // 26 Sep 2025, 3 working days: deadline 30 Sep, yellow 9 Oct, red 14 Oct
  const input = { accepted: '2025-09-26T10:00:00+08:00', limit: 3, unit: 'workday' } as const
  it.each<[string, number, string, string | null]>([
    ['2025-09-26T10:00:01+08:00', 0, 'normal', '2025-09-29T16:00:00.000Z'],
    ['2025-09-28T12:00:00+08:00', 1, 'normal', '2025-09-29T16:00:00.000Z'],
    ['2025-09-29T15:59:59Z', 2, 'normal', '2025-09-29T16:00:00.000Z'],
    ['2025-09-29T16:00:00Z', 3, 'warning', '2025-10-08T16:00:00.000Z'],
    ['2025-10-05T12:00:00+08:00', 3, 'warning', '2025-10-08T16:00:00.000Z'],
    ['2025-10-09T00:00:00+08:00', 4, 'yellow', '2025-10-13T16:00:00.000Z'],
    ['2025-10-13T23:59:59+08:00', 7, 'yellow', '2025-10-13T16:00:00.000Z'],
    ['2025-10-14T00:00:00+08:00', 8, 'red', null],
    // 28–30 Sep (3) + Oct (18) + Nov (20) + Dec (23); 1 Jan is New Year's Day
    ['2026-01-01T00:00:00+08:00', 64, 'red', null],
  ])('at %s: %i counted, %s, next %s', (now, counted, level, next) => {
    const r = running({ ...input, now })
    expect([r.countedDays, r.level, r.nextTransitionAt]).toEqual([counted, level, next])
  })

  it('takes now as epoch milliseconds', () => {
    expect(running({ ...input, now: Date.parse('2025-09-29T16:00:00Z') }).level).toBe('warning')
  })

  it('gives null counted days, level and next transition without now', () => {
    const r = running(input)
    expect([r.countedDays, r.level, r.nextTransitionAt]).toEqual([null, null, null])
  })

  it('before acceptance, nothing is counted yet', () => {
    expect(running({ ...input, now: '2025-09-20T00:00:00+08:00' })).toMatchObject({ countedDays: 0, level: 'normal' })
  })

  it.each<[string, DeadlineInput['scheme'], string]>([
    ['share 0.9 of 10 → counted day 9', { warning: { share: 0.9 }, yellow: 1, red: 5 }, '2025-10-10'],
    ['share 0.7 of 10 → counted day 7 (no float drift)', { warning: { share: 0.7 }, yellow: 1, red: 5 }, '2025-09-30'],
    ['share 1 → counted day 10', { warning: { share: 1 }, yellow: 1, red: 5 }, '2025-10-11'],
    ['offset −2 → counted day 8', { warning: { offset: -2 }, yellow: 1, red: 5 }, '2025-10-09'],
    ['offset −20 → the acceptance day', { warning: { offset: -20 }, yellow: 1, red: 5 }, '2025-09-22'],
  ])('warning: %s', (_label, scheme, expected) => {
    expect(running({ accepted: '2025-09-22', limit: 10, unit: 'workday', scheme }).warningFrom).toBe(expected)
  })

  it('honours yellow and red offsets', () => {
    const r = running({ ...input, scheme: { warning: { offset: 0 }, yellow: 2, red: 3 } })
    expect([r.yellowFrom, r.redFrom]).toEqual(['2025-10-10', '2025-10-11'])
  })

  it('yellow = red goes straight to red', () => {
    const r = running({ ...input, scheme: { warning: { offset: 0 }, yellow: 1, red: 1 }, now: '2025-10-01T00:00:00+08:00' })
    expect(r.nextTransitionAt).toBe('2025-10-08T16:00:00.000Z')
    expect(running({ ...input, scheme: { warning: { offset: 0 }, yellow: 1, red: 1 }, now: '2025-10-09T00:00:00+08:00' }).level).toBe('red')
  })
})

describe('computeDeadline: invalid input', () => {
  const ok = { accepted: '2025-09-26T10:00:00+08:00', limit: 3, unit: 'workday' } as const
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no offset', { accepted: '2025-09-26T10:00:00' }, /accepted/],
    ['garbage date', { accepted: 'yesterday' }, /accepted/],
    ['negative limit', { limit: -1 }, /limit/],
    ['fractional limit', { limit: 1.5 }, /limit/],
    ['bad unit', { unit: 'hour' }, /unit/],
    ['bad zone', { zone: 'Asia/Atlantis' }, /zone/],
    ['bad now', { now: 'now' }, /now/],
    ['suspension ending before it starts', { suspensions: [{ from: '2025-09-29', to: '2025-09-28' }] }, /ends before it starts/],
    ['supplement supplied before requested', { supplements: [{ requested: '2025-09-29', supplied: '2025-09-28' }] }, /ends before it starts/],
    ['bad expectedDays', { suspensions: [{ from: '2025-09-29', expectedDays: -1 }] }, /expectedDays/],
    ['bad share', { scheme: { warning: { share: 1.5 }, yellow: 1, red: 5 } }, /share/],
    ['positive warning offset', { scheme: { warning: { offset: 1 }, yellow: 1, red: 5 } }, /offset/],
    ['red before yellow', { scheme: { warning: { offset: 0 }, yellow: 3, red: 2 } }, /red/],
    ['yellow 0', { scheme: { warning: { offset: 0 }, yellow: 0, red: 2 } }, /yellow/],
    ['bad supplement mode', { supplementMode: 'skip' }, /supplementMode/],
    ['before the calendar', { accepted: '2014-12-01' }, /outside the calendar/],
    ['past the calendar', { accepted: '2031-12-20', limit: 30 }, /outside the calendar/],
  ])('%s', (_label, patch, message) => {
    const r: DeadlineResult = computeDeadline({ ...ok, ...patch } as DeadlineInput, cal)
    expect(r.status).toBe('invalid')
    if (r.status === 'invalid') expect(r.error).toMatch(message)
  })

  it('never mutates its input', () => {
    const input = Object.freeze({
      ...ok,
      suspensions: Object.freeze([Object.freeze({ from: '2025-09-29', to: '2025-10-09' }), Object.freeze({ from: '2025-09-28', to: '2025-09-30' })]),
      supplements: Object.freeze([Object.freeze({ requested: '2025-09-26', supplied: '2025-09-28' })]),
    })
    const copy = JSON.stringify(input)
    expect(computeDeadline(input, cal).status).toBe('running')
    expect(JSON.stringify(input)).toBe(copy)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CN_CALENDAR_DATA } from '../calendar/cnCalendarData.ts'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { toEpochDay } from '../calendar/toEpochDay.ts'
import { naiveCalendar, naiveDeadline } from './_test/naiveDeadline.ts'
import { computeDeadline } from './computeDeadline.ts'
import type { DeadlineInput, LevelScheme } from './types.ts'

const cal = cnWorkCalendar()
const naiveCal = naiveCalendar(CN_CALENDAR_DATA)
const FIRST = toEpochDay('2015-01-01')
const LAST = toEpochDay('2026-12-31')

/** A moment `offset` days after `day`: a local date, or an instant at a random time of day (UTC). */
const moment = (day: number, ms: number | null) => (ms === null ? fromEpochDay(day) : new Date(day * 86_400_000 + ms).toISOString())
const momentArb = (base: number, lo: number, hi: number) =>
  fc.tuple(fc.integer({ min: lo, max: hi }), fc.option(fc.integer({ min: 0, max: 86_399_999 }), { nil: null })).map(([d, ms]) => ({ day: base + d, ms }))

const schemeArb: fc.Arbitrary<LevelScheme | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ warning: fc.record({ share: fc.integer({ min: 1, max: 100 }).map((p) => p / 100) }), yellow: fc.constant(1), red: fc.constant(5) }),
  fc.record({ warning: fc.record({ offset: fc.integer({ min: -10, max: 0 }) }), yellow: fc.integer({ min: 1, max: 3 }), red: fc.integer({ min: 3, max: 8 }) }),
)

const inputArb: fc.Arbitrary<DeadlineInput> = fc.integer({ min: FIRST, max: LAST }).chain((a) =>
  fc
    .record({
      accepted: momentArb(a, 0, 0),
      limit: fc.integer({ min: 0, max: 60 }),
      unit: fc.constantFrom('workday' as const, 'day' as const),
      suspensions: fc.array(fc.tuple(momentArb(a, -5, 90), fc.integer({ min: 0, max: 30 })), { maxLength: 3 }),
      openSuspension: fc.option(momentArb(a, -5, 90), { nil: null, freq: 4 }),
      supplements: fc.array(fc.tuple(momentArb(a, -3, 60), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null, freq: 5 })), { maxLength: 2 }),
      supplementMode: fc.constantFrom(undefined, 'restart' as const, 'pause' as const),
      scheme: schemeArb,
      now: fc.option(momentArb(a, -3, 200), { nil: null }),
    })
    .map((r): DeadlineInput => {
      const restart = r.supplementMode !== 'pause' && r.supplements.length > 0
      const suspensions = r.suspensions.map(([m, len]) => ({ from: moment(m.day, m.ms), to: moment(m.day + len, m.ms) }))
      // the oracle does not model an open suspension together with restart supplements
      const open = r.openSuspension !== null && !restart ? [{ from: moment(r.openSuspension.day, r.openSuspension.ms) }] : []
      return {
        accepted: moment(r.accepted.day, r.accepted.ms),
        limit: r.limit,
        unit: r.unit,
        suspensions: [...suspensions, ...open],
        supplements: r.supplements.map(([m, len]) => ({ requested: moment(m.day, m.ms), supplied: len === null ? null : moment(m.day + len, m.ms) })),
        ...(r.supplementMode === undefined ? {} : { supplementMode: r.supplementMode }),
        ...(r.scheme === undefined ? {} : { scheme: r.scheme }),
        ...(r.now === null ? {} : { now: moment(r.now.day, r.now.ms ?? 0) }),
      }
    }),
)

const closedInputArb = inputArb.map((i) => ({ ...i, suspensions: (i.suspensions ?? []).filter((s) => s.to !== undefined) }))

describe('computeDeadline: properties', () => {
  it('agrees with a naive day-by-day luxon walk on random cases', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeDeadline(input, cal)
        const n = naiveDeadline(input, naiveCal)
        expect(r.status).toBe(n.status)
        if (r.status === 'running') {
          expect([r.deadlineDate, r.warningFrom, r.yellowFrom, r.redFrom, r.countedDays, r.level]).toEqual([
            n.deadlineDate,
            n.warningFrom,
            n.yellowFrom,
            n.redFrom,
            n.countedDays,
            n.level,
          ])
        } else if (r.status === 'stopped') {
          expect([r.stop.since, r.warningFrom, r.countedDays, r.level]).toEqual([n.since, n.warningFrom, n.countedDays, n.level])
        }
      }),
      { numRuns: 1500 },
    )
  })

  it('a longer limit never gives an earlier deadline', () => {
    fc.assert(
      fc.property(closedInputArb, fc.integer({ min: 1, max: 30 }), (input, extra) => {
        const a = computeDeadline(input, cal)
        const b = computeDeadline({ ...input, limit: input.limit + extra }, cal)
        if (a.status === 'running' && b.status === 'running') {
          expect(b.deadlineDate >= a.deadlineDate).toBe(true)
          expect(b.redFrom >= a.redFrom).toBe(true)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('a suspension never shortens a deadline', () => {
    fc.assert(
      fc.property(closedInputArb, fc.integer({ min: -10, max: 80 }), fc.integer({ min: 0, max: 40 }), (input, start, len) => {
        const a = computeDeadline(input, cal)
        const from = toEpochDay(a.status === 'invalid' ? '2015-01-01' : a.acceptedDate) + start
        const b = computeDeadline({ ...input, suspensions: [...(input.suspensions ?? []), { from: fromEpochDay(from), to: fromEpochDay(from + len) }] }, cal)
        if (a.status === 'running' && b.status === 'running') {
          expect(b.deadlineDate >= a.deadlineDate).toBe(true)
          expect(b.redFrom >= a.redFrom).toBe(true)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('keeps warning ≤ deadline < yellow ≤ red, on a working day, and counts the limit by the deadline', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeDeadline({ ...input, now: undefined } as DeadlineInput, cal)
        if (r.status !== 'running') return
        expect(r.warningFrom <= r.deadlineDate).toBe(true)
        expect(r.deadlineDate < r.yellowFrom).toBe(true)
        expect(r.yellowFrom <= r.redFrom).toBe(true)
        expect(cal.isWorkday(toEpochDay(r.yellowFrom))).toBe(true)
        if (input.unit === 'day' || input.limit > 0) expect(cal.isWorkday(toEpochDay(r.deadlineDate))).toBe(true)
        const atDeadline = computeDeadline({ ...input, now: `${r.deadlineDate}T12:00:00+08:00` }, cal)
        if (atDeadline.status === 'running' && input.unit === 'workday') expect(atDeadline.countedDays).toBe(input.limit)
      }),
      { numRuns: 1000 },
    )
  })
})

import { describe, expect, it } from 'vitest'
import { fromEpochDay } from './fromEpochDay.ts'
import { localDayOf } from './localDayOf.ts'

const at = (iso: string) => Date.parse(iso)

describe('localDayOf', () => {
  it.each([
    ['2025-09-30T23:30:00Z', 'Asia/Shanghai', '2025-10-01'],
    ['2025-09-30T15:59:59.999Z', 'Asia/Shanghai', '2025-09-30'],
    ['2025-09-30T16:00:00Z', 'Asia/Shanghai', '2025-10-01'],
    ['2025-09-30T23:30:00Z', 'UTC', '2025-09-30'],
    ['2025-09-30T23:30:00Z', 'America/New_York', '2025-09-30'],
    ['2025-10-01T03:59:59Z', 'America/New_York', '2025-09-30'],
    ['2025-10-01T04:00:00Z', 'America/New_York', '2025-10-01'],
    // New York DST ends 2025-11-02 06:00Z: midnight local is 04:00Z before, 05:00Z after
    ['2025-11-03T04:30:00Z', 'America/New_York', '2025-11-02'],
    ['2025-11-03T05:00:00Z', 'America/New_York', '2025-11-03'],
    // a zone with a transition inside an hour bucket: Kathmandu moved from +05:30 to +05:45 in 1986
    ['1985-12-31T18:29:00Z', 'Asia/Kathmandu', '1985-12-31'],
    ['1985-12-31T18:30:00Z', 'Asia/Kathmandu', '1986-01-01'],
    // Shanghai had DST 1986–1991 (+09:00 in summer)
    ['1988-06-30T15:00:00Z', 'Asia/Shanghai', '1988-07-01'],
  ])('%s in %s is %s', (iso, zone, date) => {
    expect(fromEpochDay(localDayOf(at(iso), zone))).toBe(date)
  })

  it('defaults to Asia/Shanghai', () => {
    expect(fromEpochDay(localDayOf(at('2025-09-30T23:30:00Z')))).toBe('2025-10-01')
  })

  it('is exact at every minute across a DST change, with or without the cache warm', () => {
    const start = at('2025-03-09T05:00:00Z') // New York: 2025-03-09 07:00Z springs forward
    for (let pass = 0; pass < 2; pass++) {
      for (let ms = start; ms < start + 4 * 3_600_000; ms += 60_000) {
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(ms)
        expect(fromEpochDay(localDayOf(ms, 'America/New_York'))).toBe(expected)
      }
    }
  })

  it.each([
    [Number.NaN, 'Asia/Shanghai'],
    [Infinity, 'Asia/Shanghai'],
    [0, 'Mars/Olympus_Mons'],
  ])('is NaN for %d in %s', (ms, zone) => {
    expect(localDayOf(ms, zone)).toBeNaN()
  })
})

import { describe, expect, it } from 'vitest'
import { DAY_TURN_SETTLE_MS, msUntilOneBusinessDay } from './businessDay.ts'

const at = (iso: string) => Date.parse(iso)

describe('msUntilOneBusinessDay', () => {
  it('does not wait when the span ends by the next local midnight and starts after the last one settled', () => {
    expect(msUntilOneBusinessDay(at('2026-12-07T04:00:00Z'), 120_000)).toBe(0) // 12:00 in Shanghai
    expect(msUntilOneBusinessDay(at('2026-12-07T15:57:00Z'), 120_000)).toBe(0) // 23:57 + 2 min
    expect(msUntilOneBusinessDay(at('2026-12-07T15:58:30Z'), 90_000)).toBe(0) // ends at midnight exactly
    expect(msUntilOneBusinessDay(at('2026-12-07T16:01:00Z'), 120_000)).toBe(0) // 00:01, settled
  })

  it('waits until the new day has settled when the span would reach the next midnight', () => {
    // 23:59:00 in Shanghai (UTC+8), two minutes: until 00:01:00
    expect(msUntilOneBusinessDay(at('2026-12-07T15:59:00Z'), 120_000)).toBe(60_000 + DAY_TURN_SETTLE_MS)
    expect(msUntilOneBusinessDay(at('2026-12-07T15:58:31Z'), 90_000)).toBe(89_000 + DAY_TURN_SETTLE_MS)
  })

  it('waits when the last midnight is more recent than the settling time', () => {
    expect(msUntilOneBusinessDay(at('2026-12-07T16:00:00Z'), 1_000)).toBe(DAY_TURN_SETTLE_MS)
    expect(msUntilOneBusinessDay(at('2026-12-07T16:00:30Z'), 1_000, 'Asia/Shanghai', 45_000)).toBe(15_000)
  })

  it('takes midnight in the zone it is given', () => {
    expect(msUntilOneBusinessDay(at('2026-12-07T15:59:00Z'), 120_000, 'UTC')).toBe(0)
    expect(msUntilOneBusinessDay(at('2026-12-07T23:59:30Z'), 60_000, 'UTC', 10_000)).toBe(40_000)
  })
})

import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../../calendar/cnWorkCalendar.ts'
import { DEFAULT_LEVEL_SCHEME } from '../../clock/DEFAULT_LEVEL_SCHEME.ts'
import { clockOutcome, deadlineInputOf } from './clockOutcome.ts'
import type { OpenClock } from './types.ts'

const cal = cnWorkCalendar()
const eff = { scheme: DEFAULT_LEVEL_SCHEME, overdueCards: true }
const base: OpenClock = { caseNo: 'A', departmentCode: 'D', itemCode: null, zone: 'Asia/Shanghai', accepted: '2026-11-20', limit: 20, unit: 'workday', excluded: [], restarts: [] }
const now = Date.parse('2026-12-18T10:00:00+08:00')

describe('clockOutcome', () => {
  it('gives the dates, the level at now and the next change (00:00 Beijing as UTC)', () => {
    expect(clockOutcome(base, cal, eff, now)).toEqual({
      deadlineDate: '2026-12-18', warningFrom: '2026-12-18', yellowFrom: '2026-12-21', redFrom: '2026-12-25',
      level: 'warning', nextTransitionAt: '2026-12-20T16:00:00.000Z', overdueCards: true,
    })
  })
  it('counts a closed suspension (from, to] and restarts after a supplied supplement', () => {
    // suspended 24 Nov → resumed 26 Nov: 25 and 26 Nov not counted → deadline two working days later
    expect(clockOutcome({ ...base, excluded: [['2026-11-24', '2026-11-26']] }, cal, eff, now).deadlineDate).toBe('2026-12-22')
    // supplied on 25 Nov: counting restarts after it → 20 working days after 25 Nov
    expect(clockOutcome({ ...base, restarts: [['2026-11-23', '2026-11-25']] }, cal, eff, now).deadlineDate).toBe('2026-12-23')
  })
  it('gives nulls for a clock the inputs stop (an open suspension before the N-th day)', () => {
    expect(clockOutcome({ ...base, excluded: [['2026-11-24', null]] }, cal, { ...eff, overdueCards: false }, now)).toEqual({
      deadlineDate: null, warningFrom: null, yellowFrom: null, redFrom: null, level: null, nextTransitionAt: null, overdueCards: false,
    })
  })
  it('builds the engine input in restart mode with the case zone and instant', () => {
    expect(deadlineInputOf({ ...base, restarts: [['2026-11-23', null]] }, eff, now)).toMatchObject({ supplementMode: 'restart', zone: 'Asia/Shanghai', now, supplements: [{ requested: '2026-11-23', supplied: null }] })
  })
})

import { describe, expect, it } from 'vitest'
import { orderLevelAt, type OrderLevelInput } from './orderLevelAt.ts'

const o: OrderLevelInput = { state: 'issued', level: 'normal', warningFrom: '2026-02-25', yellowFrom: '2026-02-26', redFrom: '2026-03-03' }
const at = (iso: string) => Date.parse(iso)
const Z = 'Asia/Shanghai'

describe('orderLevelAt', () => {
  it('changes at 00:00 local of each threshold, inclusive', () => {
    expect(orderLevelAt(o, at('2026-02-24T23:59:59+08:00'), Z)).toEqual({ level: 'normal', nextChange: '2026-02-25' })
    expect(orderLevelAt(o, at('2026-02-25T00:00:00+08:00'), Z)).toEqual({ level: 'warning', nextChange: '2026-02-26' })
    expect(orderLevelAt(o, at('2026-02-26T00:00:00+08:00'), Z)).toEqual({ level: 'yellow', nextChange: '2026-03-03' })
    expect(orderLevelAt(o, at('2026-03-03T00:00:00+08:00'), Z)).toEqual({ level: 'red', nextChange: null })
  })

  it('reads the local date in the order zone (16:30 UTC is already the next day in Shanghai)', () => {
    expect(orderLevelAt(o, at('2026-02-24T16:30:00Z'), Z)!.level).toBe('warning')
    expect(orderLevelAt(o, at('2026-02-24T16:30:00Z'), 'UTC')!.level).toBe('normal')
  })

  it('freezes the level once the department has answered', () => {
    for (const state of ['replied', 'appealed', 'instructed', 'concluded'] as const) {
      expect(orderLevelAt({ ...o, state, level: 'yellow' }, at('2026-03-20T12:00:00+08:00'), Z)).toEqual({ level: 'yellow', nextChange: null })
    }
  })

  it('returns null for an unknown zone or a non-finite instant', () => {
    expect(orderLevelAt(o, Number.NaN, Z)).toBeNull()
    expect(orderLevelAt(o, 0, 'Nowhere/City')).toBeNull()
  })
})

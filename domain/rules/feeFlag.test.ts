import { describe, expect, it } from 'vitest'
import { feeFlag } from './feeFlag.ts'

describe('feeFlag', () => {
  it('flags any fee on a free item', () => {
    expect(feeFlag(0.01, 0)).toBe('chargedForFreeItem')
    expect(feeFlag(0, 0)).toBeNull()
  })
  it('compares with the standard', () => {
    expect(feeFlag(100.01, 100)).toBe('overcharged')
    expect(feeFlag(99.99, 100)).toBe('undercharged')
    expect(feeFlag(100, 100)).toBeNull()
  })
  it('says nothing without a fee or a standard', () => {
    expect(feeFlag(null, 100)).toBeNull()
    expect(feeFlag(50, null)).toBeNull()
  })
})

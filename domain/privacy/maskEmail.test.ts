import { describe, expect, it } from 'vitest'
import { maskEmail } from './maskEmail.ts'

describe('maskEmail', () => {
  it('keeps the first character and the domain only', () => {
    expect(maskEmail('zhang.san@zj.gov.cn')).toBe('z***@zj.gov.cn')
    expect(maskEmail('张三@example.cn')).toBe('张***@example.cn')
  })
  it('masks everything that is not an address', () => {
    expect(maskEmail('nonsense')).toBe('***')
    expect(maskEmail('@x.cn')).toBe('***')
  })
})

import { describe, expect, it } from 'vitest'
import { maskSubjectNo } from './maskSubjectNo.ts'

describe('maskSubjectNo', () => {
  it('keeps the prefix segments and the last two characters of the serial', () => {
    expect(maskSubjectNo('440204-2025-000123')).toBe('440204-2025-****23')
    expect(maskSubjectNo('CASE-7')).toBe('CASE-*')
    expect(maskSubjectNo('A-123')).toBe('A-*23')
  })
  it('masks numbers without separators in the middle', () => {
    expect(maskSubjectNo('XF2025000123')).toBe('XF2025****23')
    expect(maskSubjectNo('12345')).toBe('***45')
    expect(maskSubjectNo('AB')).toBe('*B')
    expect(maskSubjectNo('A')).toBe('*')
    expect(maskSubjectNo('')).toBe('')
  })
  it('never returns the serial in clear', () => {
    for (const no of ['440204-2026-123456', 'W-000001', 'PET20260001']) {
      const m = maskSubjectNo(no)
      expect(m).not.toBe(no)
      expect(m.length).toBe(no.length)
    }
  })
})

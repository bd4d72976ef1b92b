import { describe, expect, it } from 'vitest'
import { formatCaseNo } from './formatCaseNo.ts'

describe('formatCaseNo', () => {
  it('joins department, year and a six-digit running number', () => {
    expect(formatCaseNo('440204-SCJG', 2026, 123)).toBe('440204-SCJG-2026-000123')
    expect(formatCaseNo('440204-SCJG', 2026, 1)).toBe('440204-SCJG-2026-000001')
    expect(formatCaseNo('440204-SCJG', 2026, 1234567)).toBe('440204-SCJG-2026-1234567')
  })
  it('gives a number the event envelope accepts (printable ASCII)', () => {
    expect(formatCaseNo('440204-ZJJ', 2027, 9)).toMatch(/^[\x21-\x7E]+$/)
  })
})

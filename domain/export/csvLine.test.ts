import { describe, expect, it } from 'vitest'
import { csvLine } from './csvLine.ts'

describe('csvLine', () => {
  it('joins plain fields and ends with CRLF', () => {
    expect(csvLine(['440204-2026-000001', '市场监管局', 12.5])).toBe('440204-2026-000001,市场监管局,12.5\r\n')
  })
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvLine(['a,b', 'say "hi"', 'line\nbreak', 'cr\rx'])).toBe('"a,b","say ""hi""","line\nbreak","cr\rx"\r\n')
  })
  it('writes null and undefined as empty fields', () => {
    expect(csvLine([null, 'x', undefined])).toBe(',x,\r\n')
  })
  it('neutralises formulas but keeps negative numbers', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', -3])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),-3\r\n`)
  })
  it('writes non-finite numbers as empty', () => {
    expect(csvLine([Number.NaN, Number.POSITIVE_INFINITY])).toBe(',\r\n')
  })
})

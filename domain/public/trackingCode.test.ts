import { describe, expect, it } from 'vitest'
import { formatTrackingCode, normalizeTrackingCode, TRACKING_ALPHABET } from './trackingCode.ts'

describe('tracking codes', () => {
  it('formats 12 characters of the alphabet in groups of four, and reads them back', () => {
    const code = formatTrackingCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]))
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    expect(code.startsWith('2345')).toBe(true)
    expect(normalizeTrackingCode(code.toLowerCase())).toBe(code.replace(/-/g, ''))
    expect(normalizeTrackingCode(` ${code.replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''))
  })
  it('refuses codes with confusable or foreign characters, or of another length', () => {
    expect(normalizeTrackingCode('0OI1-AAAA-AAAA')).toBeNull()
    expect(normalizeTrackingCode('AAAA-AAAA')).toBeNull()
    expect(normalizeTrackingCode('AAAA-AAAA-AAAAA')).toBeNull()
    expect(TRACKING_ALPHABET).not.toMatch(/[01OIL]/)
  })
  it('needs 12 bytes', () => {
    expect(() => formatTrackingCode(new Uint8Array(4))).toThrow(RangeError)
  })
})

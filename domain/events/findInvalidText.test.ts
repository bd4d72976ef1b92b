import { describe, expect, it } from 'vitest'
import { findInvalidText, isInvalidText } from './findInvalidText.ts'

describe('findInvalidText', () => {
  it.each([
    ['a\u0000b', 'nul'],
    ['\u0000', 'nul'],
    ['\ud800', 'lone_surrogate'],
    ['x\udbffy', 'lone_surrogate'],
    ['\udc00', 'lone_surrogate'],
    ['a\ude00\ud83d', 'lone_surrogate'],
    ['\ud83d\ud83d\ude00', 'lone_surrogate'],
  ])('finds %j at the root (%s)', (s, reason) => {
    expect(findInvalidText(s)).toEqual({ path: '/', reason })
    expect(isInvalidText(s)).toBe(true)
  })

  it.each(['', '张三', '\ud83d\ude00', 'tab\tnewline\ncontrol\u0001\u001f\u007f', 'bidi \u202e\u2066 zero-width \u200b', '\ufeff\uffff\ufffd', '\\u0000 written out'])(
    'keeps valid text %j (controls, bidi marks and surrogate pairs are text)',
    (s) => {
      expect(findInvalidText(s)).toBeNull()
      expect(isInvalidText(s)).toBe(false)
    },
  )

  it('names the nested field (a JSON pointer) of the first offending value', () => {
    const ev = { eventId: 'e1', body: { applicant: { name: '张\u0000三', phone: '138' }, materials: ['ok', 'bad\ud800'] } }
    expect(findInvalidText(ev)).toEqual({ path: '/body/applicant/name', reason: 'nul' })
    expect(findInvalidText({ body: { materials: ['ok', 'bad\ud800'] } })).toEqual({ path: '/body/materials/1', reason: 'lone_surrogate' })
  })

  it('checks object keys too, and shows their bad characters escaped in the path', () => {
    expect(findInvalidText({ body: { 'a\u0000/b': 1 } })).toEqual({ path: '/body/a\\u0000~1b', reason: 'nul' })
    expect(findInvalidText({ '\udfff': 'x' })).toEqual({ path: '/\\udfff', reason: 'lone_surrogate' })
  })

  it('ignores numbers, booleans, null and undefined', () => {
    expect(findInvalidText({ a: 1, b: true, c: null, d: undefined, e: [1.5, false] })).toBeNull()
  })

  it('scans a value nested 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 'end\u0000'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const r = findInvalidText(deep)
    expect(r?.reason).toBe('nul')
    expect(r?.path.split('/').length).toBe(100_001)
  })

  it('uses the base pointer it is given', () => {
    expect(findInvalidText({ name: '\u0000' }, '/body')).toEqual({ path: '/body/name', reason: 'nul' })
  })
})

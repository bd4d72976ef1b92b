import { describe, expect, it } from 'vitest'
import { canonicalJson, toJsonValue } from './canonicalJson.ts'

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}')
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }))
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]))
  })

  it('writes what JSON.stringify writes for scalars, dates, undefined and non-finite numbers', () => {
    expect(canonicalJson('张三 "q" \n')).toBe(JSON.stringify('张三 "q" \n'))
    expect(canonicalJson(1e21)).toBe('1e+21')
    expect(canonicalJson(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(canonicalJson({ t: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)) })).toBe('{"t":"2025-01-02T03:04:05.006Z"}')
    expect(canonicalJson({ u: undefined, n: Number.NaN, i: Infinity })).toBe('{"i":null,"n":null}')
    expect(canonicalJson(undefined)).toBe('null')
    expect(canonicalJson(null)).toBe('null')
  })

  it('sorts keys by UTF-16 code units (upper case before lower, ASCII before CJK)', () => {
    expect(canonicalJson({ 部门: 1, b: 2, B: 3, a10: 4, a2: 5 })).toBe('{"B":3,"a10":4,"a2":5,"b":2,"部门":1}')
  })
})

describe('toJsonValue', () => {
  it('normalises as a JSON round trip and does not mutate', () => {
    const input = { a: undefined, b: new Date(0), c: [undefined, 1] }
    expect(toJsonValue(input)).toEqual({ b: '1970-01-01T00:00:00.000Z', c: [null, 1] })
    expect('a' in input).toBe(true)
    expect(toJsonValue(undefined)).toBeNull()
    expect(toJsonValue(() => 1)).toBeNull()
  })
})

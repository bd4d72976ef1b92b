import type { Json } from './types.ts'

/**
 * The JSON value a jsonb column will give back for `value`: `toJSON` applied (dates become ISO
 * strings), `undefined` members dropped, non-finite numbers null — exactly what `JSON.stringify`
 * does. Store this, hash this: then hashing the stored row later gives the same result.
 *
 * @example toJsonValue({ a: undefined, b: new Date(0) }) // { b: '1970-01-01T00:00:00.000Z' }
 * @example toJsonValue(undefined) // null
 */
export function toJsonValue(value: unknown): Json {
  if (value === undefined) return null
  const text = JSON.stringify(value)
  return text === undefined ? null : (JSON.parse(text) as Json)
}

/**
 * Canonical JSON text of a value (in the spirit of RFC 8785, JCS): object members sorted by key
 * (UTF-16 code units), no whitespace, numbers and strings as `JSON.stringify` writes them.
 * Two values that are equal as JSON get the same text, whatever the order of their keys; the
 * order of array elements is kept.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] }) // '{"a":[2,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return serialise(toJsonValue(value))
}

function serialise(v: Json): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(serialise).join(',')}]`
  const keys = Object.keys(v).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(v[k] as Json)}`).join(',')}}`
}

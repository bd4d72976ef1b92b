/**
 * Text that PostgreSQL cannot store, or can store only by altering it: U+0000 (NUL: refused by
 * `text` and `jsonb`) and lone UTF-16 surrogates (a high surrogate not followed by a low one, or a
 * low one not preceded by a high one: no Unicode scalar value, refused by `jsonb`, and turned into
 * U+FFFD by any UTF-8 encoder). Control characters other than NUL and bidi controls are valid
 * text and are kept as they are.
 */
const INVALID = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export interface InvalidText {
  /** JSON pointer of the offending value or key, e.g. `/body/applicant/name`. */
  path: string
  /** What was found. */
  reason: 'nul' | 'lone_surrogate'
}

/** Whether one string holds a NUL or a lone surrogate. */
export function isInvalidText(s: string): boolean {
  return INVALID.test(s)
}

const describe = (s: string): InvalidText['reason'] => (s.includes('\u0000') ? 'nul' : 'lone_surrogate')
const INVALID_ALL = new RegExp(INVALID.source, 'g')
/** A pointer token, with `~` and `/` escaped and unstorable characters shown as `\uXXXX`. */
const escapeToken = (k: string): string =>
  k.replace(/~/g, '~0').replace(/\//g, '~1').replace(INVALID_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * Finds the first string (value or object key) in a JSON value that holds U+0000 or a lone
 * surrogate, depth first in key order (an object's keys before its values), without recursion
 * (any depth is safe); a key's unstorable characters appear in the path as `\uXXXX`. Values other than strings, arrays and plain objects are ignored.
 *
 * @param root - the value to scan (a parsed JSON value)
 * @param base - the pointer of `root` itself (default `''`)
 * @returns the first offending path and what was found, or null when all text is storable
 *
 * @example
 * findInvalidText({ body: { applicant: { name: 'a\u0000b' } } })
 * // => { path: '/body/applicant/name', reason: 'nul' }
 * findInvalidText({ note: '\ud83d\ude00' }) // => null (a valid surrogate pair)
 * findInvalidText({ note: '\ud800' })       // => { path: '/note', reason: 'lone_surrogate' }
 */
export function findInvalidText(root: unknown, base = ''): InvalidText | null {
  const stack: [unknown, string][] = [[root, base]]
  while (stack.length > 0) {
    const [v, path] = stack.pop()!
    if (typeof v === 'string') {
      if (INVALID.test(v)) return { path: path || '/', reason: describe(v) }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`])
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!
        const p = `${path}/${escapeToken(k)}`
        if (INVALID.test(k)) return { path: p, reason: describe(k) }
        stack.push([(v as Record<string, unknown>)[k], p])
      }
    }
  }
  return null
}

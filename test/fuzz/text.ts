/**
 * Adversarial text for the fuzzers: NUL, lone surrogates, control and bidi characters, zero-width
 * and private-use characters, surrogate pairs, CJK, huge strings.
 */
import fc from 'fast-check'

/** Characters that are valid text (storable), but hostile to displays and parsers. */
export const HOSTILE_VALID_CHARS = [
  '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0085', '\u00a0',
  '\u200b', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '\ue000', '\ud83d\ude00', '\ud840\udc00', '"', "'", '\\', '<', '>', '&', '%', '\u00e9', '张', '三', '𠀀',
]
/** Characters PostgreSQL cannot store. */
export const UNSTORABLE_CHARS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff']

/** Valid but hostile text, at most `max` UTF-16 units. */
export const hostileText = (max = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VALID_CHARS) }, { weight: 2, arbitrary: fc.string({ maxLength: 3 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) }), { maxLength: 12 })
    .map((parts) => parts.join('').slice(0, max))
    // no lone surrogate from a cut pair
    .map((s) => s.replace(/[\ud800-\udbff]$/, ''))

/** Text holding at least one unstorable character somewhere. */
export const unstorableText: fc.Arbitrary<string> = fc
  .tuple(hostileText(20), fc.constantFrom(...UNSTORABLE_CHARS), hostileText(20))
  .map(([a, bad, b]) => {
    // a lone surrogate must stay lone: do not let it pair with a neighbour
    const left = /[\ud800-\udbff]$/.test(a) || bad >= '\udc00' ? a.replace(/[\ud800-\udbff]$/, 'x') : a
    const right = bad >= '\ud800' && bad <= '\udbff' ? b.replace(/^[\udc00-\udfff]/, 'y') : b
    return `${left}${bad}${right}`
  })

/** Text for query strings and login fields: valid, unstorable, huge or empty. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText(60) },
  { weight: 2, arbitrary: unstorableText },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '%', '%00', '__proto__', 'constructor', '-1', '0', '1e309', 'NaN', 'null', 'true', '[]', '{}', "'; DROP TABLE events; --", '2026-02-30', '9999-99-99') },
)

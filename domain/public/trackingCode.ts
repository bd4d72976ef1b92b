/** Letters and digits a person can read back without confusion (no 0/O, 1/I/L). */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/**
 * A tracking code (查询码) from random bytes: 12 characters of TRACKING_ALPHABET (≈ 59 bits),
 * shown in groups of four (`ABCD-EFGH-JKMN`). The caller supplies the randomness (crypto).
 *
 * @pure
 * @param bytes - at least 12 random bytes
 */
export function formatTrackingCode(bytes: Uint8Array): string {
  if (bytes.length < 12) throw new RangeError('formatTrackingCode needs 12 random bytes')
  let out = ''
  for (let i = 0; i < 12; i++) {
    out += TRACKING_ALPHABET[bytes[i]! % TRACKING_ALPHABET.length]
    if (i === 3 || i === 7) out += '-'
  }
  return out
}

/**
 * The canonical form of a code as typed back: dashes and spaces dropped, upper case; null when it
 * cannot be a code (wrong length or characters).
 *
 * @pure
 * @example normalizeTrackingCode('abcd-efgh-jkmn') //=> 'ABCDEFGHJKMN'
 */
export function normalizeTrackingCode(typed: string): string | null {
  const c = typed.replace(/[\s-]/g, '').toUpperCase()
  if (c.length !== 12) return null
  for (const ch of c) if (!TRACKING_ALPHABET.includes(ch)) return null
  return c
}

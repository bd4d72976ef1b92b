/**
 * Masks a case, petition or order number for the wall and other public-facing surfaces: the
 * leading part (division code, year) and the last two characters stay, the rest of the final
 * serial is masked, so a number can be recognised by the staff who know it but not looked up.
 *
 * A number with `-` separators keeps every segment but the last, and of the last segment only its
 * final two characters (a segment of two characters or less is masked completely). A number
 * without separators keeps its first 6 and last 2 characters when it has at least 10, otherwise
 * only the last 2 (at most half of it). Pure; code points, not UTF-16 units.
 *
 * @example maskSubjectNo('440204-2025-000123') // '440204-2025-****23'
 * @example maskSubjectNo('XF2025000123')       // 'XF2025****23'
 * @example maskSubjectNo('AB')                 // '*B'
 */
export function maskSubjectNo(no: string): string {
  const s = no.trim()
  const cut = s.lastIndexOf('-')
  if (cut >= 0) {
    const last = Array.from(s.slice(cut + 1))
    const tail = last.length > 2 ? last.slice(-2).join('') : ''
    return `${s.slice(0, cut + 1)}${'*'.repeat(last.length - tail.length)}${tail}`
  }
  const cs = Array.from(s)
  if (cs.length >= 10) return cs.slice(0, 6).join('') + '*'.repeat(cs.length - 8) + cs.slice(-2).join('')
  const keep = Math.min(2, Math.floor(cs.length / 2))
  return '*'.repeat(cs.length - keep) + cs.slice(cs.length - keep).join('')
}

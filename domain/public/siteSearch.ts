/**
 * Site search (站内搜索) helpers: the terms of a query, their ILIKE patterns, and the excerpt shown
 * around the first match. The search itself is a substring match in PostgreSQL (pg_trgm indexes,
 * sql/migrations/236.site_search.sql): Chinese needs no word boundaries for it.
 */

/** At most this many terms are matched (all of them must occur). */
export const MAX_TERMS = 5

/**
 * The distinct terms of a query: split on spaces and punctuation (ASCII and full-width), longest
 * first, at most MAX_TERMS.
 *
 * @pure
 * @example searchTerms(' 营业执照，食品  营业执照 ') //=> ['营业执照', '食品']
 */
export function searchTerms(q: string): string[] {
  const parts = q
    .normalize('NFKC')
    .split(/[\s\p{P}\p{S}]+/u)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
  return [...new Set(parts)].sort((a, b) => [...b].length - [...a].length).slice(0, MAX_TERMS)
}

/**
 * An ILIKE pattern matching `term` anywhere, its wildcards and the escape character escaped.
 *
 * @pure
 * @example likePattern('100%_') //=> '%100\\%\\_%'
 */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * About `radius` characters either side of the first occurrence of any term (case-insensitive),
 * with an ellipsis where cut; the start of the text when no term occurs.
 *
 * @pure
 * @example excerpt('甲乙丙丁戊己庚辛', ['丁'], 1) //=> '…丙丁戊…'
 */
export function excerpt(text: string, terms: readonly string[], radius = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const lower = flat.toLowerCase()
  const hits = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0)
  const at = hits.length > 0 ? Math.min(...hits) : 0
  const from = Math.max(0, at - radius)
  const to = Math.min(flat.length, at + radius + (terms[0]?.length ?? 0))
  return `${from > 0 ? '…' : ''}${flat.slice(from, to)}${to < flat.length ? '…' : ''}`
}

import type { WallCardItem, WallPanelName, WallPanels } from './wall.ts'

const PANELS: readonly WallPanelName[] = ['tiles', 'departments', 'cards', 'trends', 'rankings']

/** Structural equality of JSON-shaped values (what travels over socket.io). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]))
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/**
 * The panels of `next` that differ from `prev`, as a `WallDelta`'s `panels`. `cards` is special:
 * it carries only the ticker lines of `next` whose id is not in `prev` (newest first), so a
 * client prepends them; a ticker that only lost old lines off its end produces no `cards` entry.
 * With no `prev` (the first publication) every panel is included. An empty object means nothing
 * changed. Inputs are not mutated.
 *
 * @example diffWallPanels(p, p) // {}
 * @example diffWallPanels(p, { ...p, tiles: { ...p.tiles, red: 3 } }) // { tiles: {..., red: 3} }
 */
export function diffWallPanels(prev: WallPanels | null, next: WallPanels): Partial<WallPanels> {
  if (prev === null) return { ...next }
  const out: Partial<WallPanels> = {}
  for (const name of PANELS) {
    if (name === 'cards') {
      const seen = new Set(prev.cards.map((c) => c.id))
      const fresh: WallCardItem[] = next.cards.filter((c) => !seen.has(c.id))
      if (fresh.length > 0) out.cards = fresh
    } else if (!same(prev[name], next[name])) {
      ;(out as Record<string, unknown>)[name] = next[name]
    }
  }
  return out
}

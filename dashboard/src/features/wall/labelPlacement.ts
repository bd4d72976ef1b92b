/**
 * Placement of the map's name labels (pure: no DOM, no map). The wall's map names its streets and
 * towns with HTML labels (no glyph server offline), so the collision handling that a symbol layer
 * would do is done here: each label takes the first of its candidate positions around its point
 * that stays inside the bounds and clear of every obstacle and every label already placed; a label
 * with no such position is hidden. Labels are placed in order of priority (then input order), so
 * that on a small map the important ones win. Tested in labelPlacement.test.ts.
 */

/** An axis-aligned box in screen pixels (left, top, width, height). */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Where the label sits relative to its point. */
export type LabelAnchor = 'below' | 'right' | 'above' | 'left' | 'below-right' | 'above-right' | 'below-left' | 'above-left'

/** The default order of preference: under the point first (as a map reader expects), then around it. */
export const LABEL_ANCHORS: readonly LabelAnchor[] = ['below', 'right', 'above', 'left', 'below-right', 'above-right', 'below-left', 'above-left']

export interface LabelRequest {
  id: string
  /** The point, projected to screen pixels. */
  x: number
  y: number
  /** The label's size in pixels. */
  width: number
  height: number
  /** Room between the point and the label (the marker's radius plus a margin). */
  gap: number
  /** The radius of the point's marker: no other label may cover it (default 0). */
  radius?: number
  /** Higher is placed first (default 0). */
  priority?: number
}

export interface LabelPlacement {
  id: string
  /** null: hidden, there was no room. */
  anchor: LabelAnchor | null
  /** The label's box (integer pixels), null when hidden. */
  box: Box | null
}

export interface PlaceLabelsOptions {
  /** Labels must lie entirely inside this box. */
  bounds: Box
  /** Boxes no label may cover (a legend, markers without a label…). */
  obstacles?: readonly Box[]
  /** Candidate positions in order of preference (default LABEL_ANCHORS). */
  anchors?: readonly LabelAnchor[]
  /** Least free space between two labels, in pixels (default 0: they may touch, never overlap). */
  spacing?: number
}

/** Do two boxes overlap (sharing an edge does not count)? */
export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/** Is `inner` entirely inside `outer`? */
export function boxInside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

/** The label's box at one anchor: integer pixels, so the text is not drawn between pixels. */
export function labelBox(l: LabelRequest, anchor: LabelAnchor): Box {
  const w = Math.ceil(l.width)
  const h = Math.ceil(l.height)
  const g = l.gap
  const d = Math.SQRT1_2 * g // diagonal positions keep the same distance from the point
  let x: number
  let y: number
  switch (anchor) {
    case 'below':
      x = l.x - w / 2
      y = l.y + g
      break
    case 'above':
      x = l.x - w / 2
      y = l.y - g - h
      break
    case 'right':
      x = l.x + g
      y = l.y - h / 2
      break
    case 'left':
      x = l.x - g - w
      y = l.y - h / 2
      break
    case 'below-right':
      x = l.x + d
      y = l.y + d
      break
    case 'above-right':
      x = l.x + d
      y = l.y - d - h
      break
    case 'below-left':
      x = l.x - d - w
      y = l.y + d
      break
    case 'above-left':
      x = l.x - d - w
      y = l.y - d - h
      break
  }
  return { x: Math.round(x), y: Math.round(y), w, h }
}

const grow = (b: Box, by: number): Box => ({ x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by })

/**
 * Places every label at the first candidate anchor that fits, or hides it. The result is in the
 * input's order. No two visible boxes intersect, each lies inside `bounds` and covers no obstacle
 * and no other label's marker.
 */
export function placeLabels(labels: readonly LabelRequest[], options: PlaceLabelsOptions): LabelPlacement[] {
  const anchors = options.anchors ?? LABEL_ANCHORS
  const obstacles = options.obstacles ?? []
  const spacing = Math.max(0, options.spacing ?? 0)
  const order = labels.map((l, i) => ({ l, i })).sort((a, b) => (b.l.priority ?? 0) - (a.l.priority ?? 0) || a.i - b.i)
  const placed: Box[] = []
  const markers = labels.map((l) => {
    const r = Math.max(0, l.radius ?? 0)
    return { x: l.x - r, y: l.y - r, w: 2 * r, h: 2 * r }
  })
  const out: LabelPlacement[] = labels.map((l) => ({ id: l.id, anchor: null, box: null }))
  for (const { l, i } of order) {
    if (![l.x, l.y, l.width, l.height, l.gap].every(Number.isFinite)) continue
    for (const anchor of anchors) {
      const box = labelBox(l, anchor)
      if (!boxInside(box, options.bounds)) continue
      if (obstacles.some((o) => boxesIntersect(box, o))) continue
      if (markers.some((m, j) => j !== i && m.w > 0 && boxesIntersect(box, m))) continue
      const spaced = grow(box, spacing)
      if (placed.some((p) => boxesIntersect(spaced, p))) continue
      placed.push(box)
      out[i] = { id: l.id, anchor, box }
      break
    }
  }
  return out
}

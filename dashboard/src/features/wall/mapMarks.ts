/**
 * Sizes of the wall map's marks, in design pixels (one `--u`, see wallView.designUnit). maplibre
 * takes sizes in screen pixels, so WallMap.vue applies `mapMarkPaint(u)` when the map is built and
 * again whenever u changes: a 4K wall (u = 2) gets points, lines and gaps twice as big, like the
 * rest of the page. Pure (types only from maplibre).
 */
import type { ExpressionSpecification } from 'maplibre-gl'

export const MAP_MARKS = {
  /** Radius of a town's or street's point (the labelled ones). */
  placeRadius: 8,
  /** Radius of a department's point; a yellow or red one is bigger, so it shows among its neighbours. */
  agencyRadius: 4.5,
  alertRadius: 6.5,
  /** Dark outline of every point, so that neighbours stay apart. */
  pointStroke: 1.5,
  /** The district's outline. */
  districtLine: 3,
  districtBlur: 1,
  /** The (approximate) town/street borders. */
  areaLine: 1,
  /** Free space between a point and its label, and between two labels. */
  labelGap: 4,
  labelSpacing: 4,
  /** Margin around the district when it is fitted into the panel. */
  fitPadding: 28,
} as const

/** The point kinds that carry a name label. */
export const LABELLED_KINDS: readonly string[] = ['town', 'street']

/** Labelled points are drawn over the departments' points (which crowd around the government seat). */
export const POINT_SORT_KEY: ExpressionSpecification = ['case', ['in', ['get', 'kind'], ['literal', [...LABELLED_KINDS]]], 1, 0]

export interface MapMarkPaint {
  points: { 'circle-radius': ExpressionSpecification; 'circle-stroke-width': number }
  'areas-line': { 'line-width': number }
  'district-line': { 'line-width': number; 'line-blur': number }
}

/** The paint properties that carry a size, for one design unit `u`. */
export function mapMarkPaint(u: number): MapMarkPaint {
  return {
    points: {
      'circle-radius': [
        'case',
        ['in', ['get', 'kind'], ['literal', [...LABELLED_KINDS]]],
        MAP_MARKS.placeRadius * u,
        ['match', ['coalesce', ['feature-state', 'level'], 'none'], ['red', 'yellow'], MAP_MARKS.alertRadius * u, MAP_MARKS.agencyRadius * u],
      ],
      'circle-stroke-width': MAP_MARKS.pointStroke * u,
    },
    'areas-line': { 'line-width': MAP_MARKS.areaLine * u },
    'district-line': { 'line-width': MAP_MARKS.districtLine * u, 'line-blur': MAP_MARKS.districtBlur * u },
  }
}

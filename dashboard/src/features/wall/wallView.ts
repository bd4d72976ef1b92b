/**
 * Pure helpers of the wall page (no Vue, no DOM): ordering, change detection, freshness, kiosk
 * parameters, level colours. Tested in wallView.test.ts.
 */
import type { Level } from '../../../../domain/clock/types.ts'
import type { WallDepartmentStatus } from '../../../../domain/realtime/wall.ts'

export const LEVELS: readonly Level[] = ['normal', 'warning', 'yellow', 'red']

/** The wall's design size: everything is laid out for it and scaled by `designUnit`. */
export const DESIGN_WIDTH = 1920
export const DESIGN_HEIGHT = 1080

/**
 * One design pixel in screen (CSS) pixels: min(width / 1920, height / 1080), the same as the
 * layout's CSS `--u` (WallLayout.vue), for what must be sized in script (canvas charts, the map).
 */
export function designUnit(width: number, height: number): number {
  return width > 0 && height > 0 ? Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT) : 1
}

/** Level colours, shared by the board, the map and the charts. */
export const LEVEL_COLORS: Record<Level, string> = {
  normal: '#2fbf71',
  warning: '#ff9f1a',
  yellow: '#ffd21f',
  red: '#ff4d4f',
}

/**
 * Departments by risk, most at risk first: more red, then more yellow, then more warning, then more
 * open cases; ties by code (stable across updates, so rows do not jump). Does not mutate its input.
 */
export function sortByRisk(rows: readonly WallDepartmentStatus[]): WallDepartmentStatus[] {
  return [...rows].sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.warning - a.warning || b.open - a.open || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

export const BOARD_FIELDS = ['normal', 'warning', 'yellow', 'red', 'open'] as const
export type BoardField = (typeof BOARD_FIELDS)[number]

/**
 * The board cells whose value differs from the previous update, as `code:field` keys. Departments
 * that are new since `prev` count as changed in every field; with no `prev` (first data) nothing is.
 */
export function changedCells(prev: readonly WallDepartmentStatus[] | null, next: readonly WallDepartmentStatus[]): Set<string> {
  const out = new Set<string>()
  if (!prev) return out
  const before = new Map(prev.map((d) => [d.code, d]))
  for (const d of next) {
    const p = before.get(d.code)
    for (const f of BOARD_FIELDS) if (!p || p[f] !== d[f]) out.add(`${d.code}:${f}`)
  }
  return out
}

export type Freshness = 'fresh' | 'stale' | 'old' | 'none'

/** Fresh below 30 s since the last data, stale (amber) from 30 s, old (red) from 2 min. */
export function freshness(lastUpdateAt: number | null, now: number, staleAfterMs = 30_000, oldAfterMs = 120_000): Freshness {
  if (lastUpdateAt === null) return 'none'
  const age = now - lastUpdateAt
  return age >= oldAfterMs ? 'old' : age >= staleAfterMs ? 'stale' : 'fresh'
}

export interface KioskOptions {
  kiosk: boolean
  /** Seconds between rotations (board pages, trend views); 0 = no rotation. */
  rotateSeconds: number
}

/**
 * `?kiosk=1` (also `true`, `yes`) → kiosk; `?rotate=N` seconds (5…3600, default 30 in kiosk, 0
 * otherwise; `rotate=0` turns it off). Anything unparsable falls back to the default.
 */
export function parseKiosk(query: Readonly<Record<string, unknown>>): KioskOptions {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v)
  const k = String(one(query.kiosk) ?? '').toLowerCase()
  const kiosk = k === '1' || k === 'true' || k === 'yes'
  const raw = one(query.rotate)
  const n = raw === undefined || raw === null || raw === '' ? NaN : Number(raw)
  const fallback = kiosk ? 30 : 0
  const rotateSeconds = n === 0 ? 0 : Number.isFinite(n) ? Math.min(3600, Math.max(5, Math.round(n))) : fallback
  return { kiosk, rotateSeconds }
}

/**
 * `?panelMs=N`: the least time between two updates of one panel (useWallSocket's
 * `minPanelIntervalMs`), 50…500 ms; anything else (or nothing) → undefined, the default (250 ms).
 * Only for the accelerated soak (bench/wall-soak.bench.ts): a screen never lowers it.
 */
export function parsePanelMs(query: Readonly<Record<string, unknown>>): number | undefined {
  const raw = Array.isArray(query.panelMs) ? query.panelMs[0] : query.panelMs
  const n = raw === undefined || raw === null || raw === '' ? NaN : Number(raw)
  return Number.isFinite(n) ? Math.min(500, Math.max(50, Math.round(n))) : undefined
}

/** Page `index` (wrapping) of `rows`, `size` per page; the number of pages. */
export function page<T>(rows: readonly T[], size: number, index: number): { rows: T[]; pages: number; index: number } {
  const pages = Math.max(1, Math.ceil(rows.length / Math.max(1, size)))
  const i = ((index % pages) + pages) % pages
  return { rows: rows.slice(i * size, i * size + size), pages, index: i }
}

/** 0.9234 → `92.3%`; null → `—`. */
export function formatRate(rate: number | null): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

/**
 * The surface registry: every page tree of the dashboard, once. The dashboard's router builds one
 * parent route per entry (dashboard/src/router.ts, from the entry's folder
 * `dashboard/src/features/<folder>/surface.ts`: its lazy layout and child routes), the landing page
 * shows the entries that have a card, the server sends index.html for each path and its sub-paths
 * (server/app.ts), and the page-view counter accepts their ids (`VISIT_SURFACES`).
 *
 * Adding a surface: one entry here and one folder with its `surface.ts` (copy features/wall/).
 */
import type { UserRole } from './roles.ts'

export type SurfaceKey = 'wall' | 'console' | 'm' | 'public' | 'window' | 'admin' | 'login'

export interface SurfaceEntry {
  id: SurfaceKey
  /** Route path; the server falls back to index.html for it and its sub-paths. */
  path: `/${string}`
  /** Signing in with one of these roles is required (dashboard/src/authGuard.ts); null: open. */
  roles: readonly UserRole[] | null
  /**
   * Top-level key of the surface's texts in the dashboard's catalogues (dashboard/src/i18n);
   * null: the texts stay with the feature (the public site, so its light bundle carries only them).
   */
  i18n: string | null
  /** Its folder under dashboard/src/features/ (the lazy bundle: surface.ts, routes, pages). */
  folder: string
  /** Uses Element Plus (registered lazily on first visit, see dashboard/src/plugins/elementPlus.ts). */
  elementPlus: boolean
  /**
   * A card on the landing page (texts: the catalogues' `surfaces.<id>`): `available`, a working
   * surface; `underConstruction`, its page says 建设中 and shows no data. null: no card.
   */
  landing: 'available' | 'underConstruction' | null
}

/** In the order of PRODUCT.md's "Users and their surfaces" (the landing page's order), then sign-in. */
export const SURFACES = [
  { id: 'wall', path: '/wall', roles: ['display', 'admin', 'supervisor', 'leader'], i18n: 'wall', folder: 'wall', elementPlus: false, landing: 'available' },
  // leaders use the console for their instructions (features/console/supervision/routes.ts)
  { id: 'console', path: '/console', roles: ['supervisor', 'admin', 'leader'], i18n: 'console', folder: 'console', elementPlus: true, landing: 'available' },
  // the server's policy of /api/v1/mobile/*: supervisors read-only
  { id: 'm', path: '/m', roles: ['leader', 'admin', 'supervisor'], i18n: 'mobile', folder: 'mobile', elementPlus: false, landing: 'available' },
  { id: 'public', path: '/public', roles: null, i18n: null, folder: 'public', elementPlus: false, landing: 'available' },
  { id: 'window', path: '/window', roles: ['department_staff', 'department_head', 'admin'], i18n: 'window', folder: 'window', elementPlus: true, landing: 'available' },
  { id: 'admin', path: '/admin', roles: ['admin'], i18n: 'admin', folder: 'admin', elementPlus: true, landing: 'available' },
  { id: 'login', path: '/login', roles: null, i18n: 'login', folder: 'login', elementPlus: false, landing: null },
] as const satisfies readonly SurfaceEntry[]

/** A surface with a card on the landing page. */
export type LandingSurfaceKey = Extract<(typeof SURFACES)[number], { landing: 'available' | 'underConstruction' }>['id']

/** The entry of a surface. @example surface('m').path // '/m' */
export function surface(id: SurfaceKey): SurfaceEntry {
  const s = (SURFACES as readonly SurfaceEntry[]).find((x) => x.id === id)
  if (!s) throw new Error(`unknown surface ${id}`)
  return s
}

/** What a page view is counted under (POST /api/v1/statistics/visits): the landing page and each surface. */
export const VISIT_SURFACES = ['landing', ...SURFACES.map((s) => s.id)] as readonly ('landing' | SurfaceKey)[]

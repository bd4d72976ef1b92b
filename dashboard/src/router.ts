import type { RouteRecordRaw, Router } from 'vue-router'
import type { SurfaceId } from './surfaces.ts'
import type { UserRole } from './composables/useSession.ts'

import { createSurfaceRouter, routeOfSurface } from './surfaceRouter.ts'
import type { SurfaceView } from './features/shared/surfaceView.ts'
import { SURFACES, type SurfaceEntry } from '../../domain/contracts/surfaces.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** The surface this route belongs to (document title, layout). */
    surface?: SurfaceId
    /** Element Plus must be registered before this route renders. */
    elementPlus?: boolean
    /** Signing in with one of these roles is required (see authGuard.ts); absent: open. */
    roles?: readonly UserRole[]
    /** An entry of the surface's menu (console, window): an i18n key and an order. */
    nav?: { label: import('./i18n/index.ts').MessageKey; order: number }
    /** The i18n namespaces the surface's pages use, loaded before it renders (main.ts). */
    messages?: readonly import('./i18n/index.ts').Namespace[]
  }
}

/** Each surface folder's `surface.ts` (its lazy layout and child routes), by path. */
const VIEWS = import.meta.glob<SurfaceView>('./features/*/surface.ts', { eager: true, import: 'view' })

/** A surface of the registry as a parent route, with its folder's surface.ts (surfaceRouter.ts). */
export function surfaceRoute(s: SurfaceEntry): RouteRecordRaw {
  const view = VIEWS[`./features/${s.folder}/surface.ts`]
  if (!view) throw new Error(`surface ${s.id}: no features/${s.folder}/surface.ts`)
  return routeOfSurface(s, view)
}

/**
 * Each surface is a parent route with its layout, so later issues add children
 * (e.g. /console/cases/:caseNo) without touching the others. Everything is lazy-loaded.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'landing', component: () => import('./features/landing/LandingPage.vue') },
  ...SURFACES.map(surfaceRoute),
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./features/shared/NotFoundPage.vue') },
]

export function createDashboardRouter(): Router {
  return createSurfaceRouter(routes)
}

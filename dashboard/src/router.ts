import { createRouter, createWebHistory, START_LOCATION, type RouteRecordRaw, type Router } from 'vue-router'
import type { SurfaceId } from './surfaces.ts'
import type { UserRole } from './composables/useSession.ts'

import { sendVisit } from './features/shared/visitBeacon.ts'
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

/**
 * A surface of the registry (domain/contracts/surfaces.ts) as a parent route: its folder's layout
 * and children, and the registry's roles (authGuard.ts) and Element Plus flag as meta.
 */
export function surfaceRoute(s: SurfaceEntry): RouteRecordRaw {
  const view = VIEWS[`./features/${s.folder}/surface.ts`]
  if (!view) throw new Error(`surface ${s.id}: no features/${s.folder}/surface.ts`)
  const meta = {
    ...(s.landing ? { surface: s.id as SurfaceId } : {}),
    ...(s.elementPlus ? { elementPlus: true } : {}),
    ...(s.roles ? { roles: s.roles } : {}),
    ...(view.messages?.length ? { messages: view.messages } : {}),
  }
  if (view.children) return { path: s.path, component: view.component, meta, children: view.children }
  return { path: s.path, ...(view.name ? { name: view.name } : {}), component: view.component, meta }
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
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    // a new page opens at the top by itself: scrolling there on the first navigation would only
    // force a synchronous layout of the first screen inside the script that renders it
    scrollBehavior: (_to, from, saved) => saved ?? (from === START_LOCATION ? false : { top: 0 }),
  })
  router.afterEach((to, _from, failure) => {
    if (!failure) sendVisit(to.path) // page views per surface and page (访问量统计), no personal data
  })
  return router
}

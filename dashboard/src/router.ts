import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import type { SurfaceId } from './surfaces.ts'
import type { UserRole } from './composables/useSession.ts'

import { consoleRoutes } from './features/console/routes.ts'
import { sendVisit } from './features/shared/visitBeacon.ts'
import { supervisionRoutes } from './features/console/supervision/routes.ts'
import { performanceRoutes } from './features/console/performance/routes.ts'
import { windowRoutes } from './features/window/routes.ts'
import { windowOrderRoutes } from './features/window/orders/routes.ts'
import { publicRoutes } from './features/public/routes.ts'
import { adminRoutes } from './features/admin/routes.ts'
import { mobileRoutes, MOBILE_ROLES } from './features/mobile/routes.ts'
import { adminRuleRoutes } from './features/admin/rules/routes.ts'
import { adminContentRoutes, consoleContentRoutes } from './features/admin/content/routes.ts'

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
  }
}

/**
 * Each surface is a parent route with its layout, so later issues add children
 * (e.g. /console/cases/:caseNo) without touching the others. Everything is lazy-loaded.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'landing', component: () => import('./features/landing/LandingPage.vue') },
  { path: '/login', name: 'login', component: () => import('./features/login/LoginPage.vue') },
  {
    path: '/wall',
    component: () => import('./features/wall/WallLayout.vue'),
    meta: { surface: 'wall', roles: ['display', 'admin', 'supervisor', 'leader'] },
    children: [{ path: '', name: 'wall', component: () => import('./features/wall/WallHome.vue') }],
  },
  {
    path: '/console',
    component: () => import('./features/console/layout/ConsoleLayout.vue'),
    // leaders use the console for their instructions (supervision/routes.ts)
    meta: { surface: 'console', elementPlus: true, roles: ['supervisor', 'admin', 'leader'] },
    children: [...consoleRoutes, ...supervisionRoutes, ...performanceRoutes, ...consoleContentRoutes],
  },
  { path: '/public', component: () => import('./features/public/PublicLayout.vue'), meta: { surface: 'public' }, children: publicRoutes },
  {
    path: '/m',
    component: () => import('./features/mobile/MobileLayout.vue'),
    meta: { surface: 'm', roles: MOBILE_ROLES },
    children: mobileRoutes,
  },
  {
    path: '/window',
    component: () => import('./features/window/WindowLayout.vue'),
    meta: { surface: 'window', elementPlus: true, roles: ['department_staff', 'department_head', 'admin'] },
    children: [...windowRoutes, ...windowOrderRoutes],
  },
  {
    path: '/admin',
    component: () => import('./features/admin/layout/AdminLayout.vue'),
    meta: { surface: 'admin', elementPlus: true, roles: ['admin'] },
    children: [...adminRoutes, ...adminRuleRoutes, ...adminContentRoutes],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./features/shared/NotFoundPage.vue') },
]

export function createDashboardRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  router.afterEach((to, _from, failure) => {
    if (!failure) sendVisit(to.path) // page views per surface and page (访问量统计), no personal data
  })
  return router
}

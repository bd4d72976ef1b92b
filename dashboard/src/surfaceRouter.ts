/**
 * What both entries share (main.ts, the dashboard with every surface; features/mobile/main.ts,
 * /m's own page with only its routes): a surface of the registry as a parent route, the router
 * (history, scrolling, page views) and its guard (texts, sign-in).
 */
import { createRouter, createWebHistory, START_LOCATION, type RouteLocationNormalized, type RouteRecordRaw, type Router } from 'vue-router'
import type { SurfaceId } from './surfaces.ts'
import type { SurfaceEntry } from '../../domain/contracts/surfaces.ts'
import type { SurfaceView } from './features/shared/surfaceView.ts'
import { sendVisit } from './features/shared/visitBeacon.ts'
import { authRedirect } from './authGuard.ts'
import { useSession } from './composables/useSession.ts'
import { loadMessages, type Namespace } from './i18n/index.ts'

/**
 * A surface of the registry (domain/contracts/surfaces.ts) as a parent route: its folder's layout
 * and children (`view`, its surface.ts), and the registry's roles (authGuard.ts) and Element Plus
 * flag as meta.
 */
export function routeOfSurface(s: SurfaceEntry, view: SurfaceView): RouteRecordRaw {
  const meta = {
    ...(s.landing ? { surface: s.id as SurfaceId } : {}),
    ...(s.elementPlus ? { elementPlus: true } : {}),
    ...(s.roles ? { roles: s.roles } : {}),
    ...(view.messages?.length ? { messages: view.messages } : {}),
  }
  if (view.children) return { path: s.path, component: view.component, meta, children: view.children }
  return { path: s.path, ...(view.name ? { name: view.name } : {}), component: view.component, meta }
}

export function createSurfaceRouter(routes: RouteRecordRaw[]): Router {
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

const namespacesOf = (to: RouteLocationNormalized): Namespace[] => to.matched.flatMap((r) => r.meta.messages ?? [])

/**
 * The guard: the route's texts (and the chosen language's core) start loading at once, beside the
 * session and the route's chunks, and beforeResolve waits for them (a failed fetch is retried by
 * the texts themselves; offline, the page shows its keys and loads its texts when it can); a
 * route with `meta.roles` needs a signed-in user with one of them (authGuard.ts). `beforeRender`:
 * what the entry adds once the user may see the route (main.ts: Element Plus).
 */
export function guardSurfaces(router: Router, beforeRender?: (to: RouteLocationNormalized) => Promise<void> | void): void {
  router.beforeEach(async (to) => {
    void loadMessages(namespacesOf(to)).catch(() => {})
    if (to.matched.some((r) => r.meta.roles)) {
      const user = await useSession().load().catch(() => null)
      const redirect = authRedirect(to, user)
      if (redirect !== true) return redirect
    }
    await beforeRender?.(to)
    return true
  })
  router.beforeResolve((to) => loadMessages(namespacesOf(to)).then(
    () => true,
    () => true,
  ))
}

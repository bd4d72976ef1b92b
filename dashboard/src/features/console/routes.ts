import type { RouteRecordRaw } from 'vue-router'

/**
 * Child routes of /console: the monitoring views and cards (owned by the console feature). The
 * console layout builds its menu from the children's `meta.nav`. Supervision actions (urging,
 * orders, appeals) add theirs in `supervision/routes.ts`.
 */
export const consoleRoutes: RouteRecordRaw[] = [{ path: '', name: 'console', component: () => import('./ConsoleHome.vue') }]

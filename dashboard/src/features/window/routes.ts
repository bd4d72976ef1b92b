import type { RouteRecordRaw } from 'vue-router'

/** Child routes of /window (the approval module). Urgings and orders add theirs in `orders/routes.ts`. */
export const windowRoutes: RouteRecordRaw[] = [{ path: '', name: 'window', component: () => import('./WindowHome.vue') }]

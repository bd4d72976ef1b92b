import type { RouteRecordRaw } from 'vue-router'

const SUPERVISION = ['supervisor', 'admin', 'leader'] as const

/**
 * Child routes of /console for urging (催办), supervision orders (督办), appeals and instructions
 * (待我批示, leaders) and the inbox. The console layout builds its menu from `meta.nav`.
 */
export const supervisionRoutes: RouteRecordRaw[] = [
  { path: 'orders', name: 'console-orders', component: () => import('./OrderList.vue'), meta: { roles: SUPERVISION, nav: { label: 'supervision.nav.orders', order: 70 } } },
  { path: 'orders/:id(\\d+)', name: 'console-order', component: () => import('./OrderDetail.vue'), props: true, meta: { roles: SUPERVISION } },
  { path: 'urgings', name: 'console-urgings', component: () => import('./UrgingList.vue'), meta: { roles: SUPERVISION, nav: { label: 'supervision.nav.urgings', order: 71 } } },
  { path: 'urgings/:id(\\d+)', name: 'console-urging', component: () => import('./UrgingDetail.vue'), props: true, meta: { roles: SUPERVISION } },
  { path: 'instructions', name: 'console-instructions', component: () => import('./InstructionList.vue'), meta: { roles: ['leader'], nav: { label: 'supervision.nav.instructions', order: 72 } } },
  { path: 'notifications', name: 'console-notifications', component: () => import('../../shared/NotificationsPage.vue'), meta: { roles: SUPERVISION, nav: { label: 'supervision.nav.notifications', order: 90 } } },
]

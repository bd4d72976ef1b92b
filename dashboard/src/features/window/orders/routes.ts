import type { RouteRecordRaw } from 'vue-router'

const DEPARTMENT = ['department_staff', 'department_head'] as const

/** Child routes of /window for the department's urgings and supervision orders (reply, appeal) and the inbox. */
export const windowOrderRoutes: RouteRecordRaw[] = [
  { path: 'orders', name: 'window-orders', component: () => import('./DeptInbox.vue'), meta: { roles: DEPARTMENT, nav: { label: 'windowOrders.nav.inbox', order: 50 } } },
  { path: 'orders/:id(\\d+)', name: 'window-order', component: () => import('./DeptOrderDetail.vue'), props: true, meta: { roles: DEPARTMENT } },
  { path: 'urgings/:id(\\d+)', name: 'window-urging', component: () => import('./DeptUrgingDetail.vue'), props: true, meta: { roles: DEPARTMENT } },
  { path: 'notifications', name: 'window-notifications', component: () => import('../../shared/NotificationsPage.vue'), meta: { roles: DEPARTMENT, nav: { label: 'windowOrders.nav.notifications', order: 90 } } },
]

import type { RouteRecordRaw } from 'vue-router'

/**
 * Child routes of /m, the leaders' mobile dashboard. Each screen has its own URL, so a link shared
 * in a chat app opens the same screen after sign-in (authGuard's `next`).
 */
export const mobileRoutes: RouteRecordRaw[] = [
  { path: '', name: 'm', component: () => import('./MobileOverview.vue') },
  { path: 'cards', name: 'm-cards', component: () => import('./MobileCards.vue') },
  { path: 'departments', name: 'm-departments', component: () => import('./MobileDepartments.vue') },
  { path: 'departments/:code', name: 'm-department', component: () => import('./MobileDepartment.vue'), props: true },
  { path: 'cases/:caseNo', name: 'm-case', component: () => import('./MobileCase.vue'), props: true },
  { path: 'awaiting', name: 'm-awaiting', component: () => import('./MobileAwaiting.vue') },
  { path: 'awaiting/:id(\\d+)', name: 'm-instruction', component: () => import('./MobileInstruction.vue'), props: true },
  { path: 'rankings', name: 'm-rankings', component: () => import('./MobileRankings.vue') },
  { path: 'inbox', name: 'm-inbox', component: () => import('./MobileInbox.vue') },
  { path: 'settings', name: 'm-settings', component: () => import('./MobileSettings.vue') },
]

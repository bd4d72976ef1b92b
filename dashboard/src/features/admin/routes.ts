import type { RouteRecordRaw } from 'vue-router'

/**
 * Child routes of /admin (administrators only, see router.ts). The admin layout builds its menu
 * from `meta.nav`; `rules` (规则与日历: schemes and calendar with the what-if preview) comes from the
 * rules feature (./rules/routes.ts, menu order 60).
 */
export const adminRoutes: RouteRecordRaw[] = [
  { path: '', name: 'admin', component: () => import('./org/OrganisationPage.vue'), meta: { nav: { label: 'admin.nav.organisation', order: 10 } } },
  { path: 'items', name: 'admin-items', component: () => import('./items/ItemsPage.vue'), meta: { nav: { label: 'admin.nav.items', order: 20 } } },
  { path: 'users', name: 'admin-users', component: () => import('./accounts/UsersPage.vue'), meta: { nav: { label: 'admin.nav.users', order: 30 } } },
  { path: 'keys', name: 'admin-keys', component: () => import('./accounts/KeysPage.vue'), meta: { nav: { label: 'admin.nav.keys', order: 40 } } },
  { path: 'settings', name: 'admin-settings', component: () => import('./settings/SettingsPage.vue'), meta: { nav: { label: 'admin.nav.settings', order: 50 } } },
  { path: 'operations', name: 'admin-operations', component: () => import('./ops/OperationsPage.vue'), meta: { nav: { label: 'admin.nav.operations', order: 70 } } },
]

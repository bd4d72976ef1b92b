import type { RouteRecordRaw } from 'vue-router'

/** Child routes of /admin for rules and the calendar with a preview before save (issue 19). */
export const adminRuleRoutes: RouteRecordRaw[] = [
  { path: 'rules', name: 'admin-rules', component: () => import('./RulesPage.vue'), meta: { roles: ['admin'], nav: { label: 'admin.nav.rules', order: 60 } } },
]

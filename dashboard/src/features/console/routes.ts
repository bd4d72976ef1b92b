import type { RouteRecordRaw } from 'vue-router'

/**
 * Child routes of /console: the monitoring views and cards (owned by the console feature). The
 * console layout (layout/ConsoleLayout.vue) builds its menu from the children's `meta.nav`;
 * supervision actions (urging, orders, appeals) add theirs in `supervision/routes.ts`.
 */
const CaseMonitor = () => import('./cases/CaseMonitor.vue')

export const consoleRoutes: RouteRecordRaw[] = [
  { path: '', name: 'console', component: CaseMonitor, props: { mode: 'comprehensive' }, meta: { nav: { label: 'console.nav.comprehensive', order: 10 } } },
  { path: 'time-limits', name: 'console-time-limits', component: CaseMonitor, props: { mode: 'timeLimit' }, meta: { nav: { label: 'console.nav.timeLimit', order: 20 } } },
  { path: 'fees', name: 'console-fees', component: CaseMonitor, props: { mode: 'fee' }, meta: { nav: { label: 'console.nav.fee', order: 30 } } },
  { path: 'procedure', name: 'console-procedure', component: CaseMonitor, props: { mode: 'procedure' }, meta: { nav: { label: 'console.nav.procedure', order: 40 } } },
  { path: 'exceptions', name: 'console-exceptions', component: CaseMonitor, props: { mode: 'exceptions' }, meta: { nav: { label: 'console.nav.exceptions', order: 50 } } },
  { path: 'cards', name: 'console-cards', component: () => import('./cards/CardsPage.vue'), meta: { nav: { label: 'console.nav.cards', order: 60 } } },
  { path: 'statistics', name: 'console-statistics', component: () => import('./statistics/StatisticsPage.vue'), meta: { roles: ['admin', 'supervisor', 'leader'], nav: { label: 'console.nav.statistics', order: 95 } } },
  { path: 'cases/:caseNo', name: 'console-case', component: () => import('./cases/CaseDetail.vue'), props: true },
]

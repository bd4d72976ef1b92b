import type { RouteRecordRaw } from 'vue-router'

const READERS = ['supervisor', 'leader'] as const

/** Child routes of /console for performance evaluation (绩效考核): runs, a run's ranking, a department's scorecard. */
export const performanceRoutes: RouteRecordRaw[] = [
  { path: 'performance', name: 'console-performance', component: () => import('./PerformanceRuns.vue'), meta: { roles: READERS, nav: { label: 'performance.nav', order: 65 } } },
  { path: 'performance/:id(\\d+)', name: 'console-performance-run', component: () => import('./PerformanceRun.vue'), props: true, meta: { roles: READERS } },
]

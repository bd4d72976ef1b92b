import type { RouteRecordRaw } from 'vue-router'

/** 公开内容 (issue 18): announcements and published answers of the public site, in /admin (and the console, for supervisors). */
export const adminContentRoutes: RouteRecordRaw[] = [
  { path: 'public-content', name: 'admin-public-content', component: () => import('./PublicContentPage.vue'), meta: { roles: ['admin'], nav: { label: 'adminContent.nav', order: 65 } } },
]

export const consoleContentRoutes: RouteRecordRaw[] = [
  { path: 'public-content', name: 'console-public-content', component: () => import('./PublicContentPage.vue'), meta: { roles: ['supervisor', 'admin'], nav: { label: 'adminContent.nav', order: 90 } } },
]

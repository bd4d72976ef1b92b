import type { RouteRecordRaw } from 'vue-router'

/**
 * Child routes of /window (the approval module). The window layout builds its menu from the
 * children's `meta.nav`; urgings and orders add theirs in `orders/routes.ts`.
 */
export const windowRoutes: RouteRecordRaw[] = [
  { path: '', name: 'window', component: () => import('./WindowCases.vue'), meta: { nav: { label: 'window.nav.cases', order: 10 } } },
  { path: 'register', name: 'window-register', component: () => import('./RegisterCase.vue'), meta: { nav: { label: 'window.nav.register', order: 20 } } },
  { path: 'cases/:caseNo', name: 'window-case', component: () => import('./CasePage.vue') },
  { path: 'petitions', name: 'window-petitions', component: () => import('./petitions/WindowPetitions.vue'), meta: { nav: { label: 'window.nav.petitions', order: 30 } } },
  { path: 'petitions/:petitionNo', name: 'window-petition', component: () => import('./petitions/PetitionPage.vue'), props: true },
]

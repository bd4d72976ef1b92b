import type { RouteRecordRaw } from 'vue-router'

/** 信访投诉 in the console: the petitions of the jurisdiction and one petition with its clock and images. */
export const petitionRoutes: RouteRecordRaw[] = [
  { path: 'petitions', name: 'console-petitions', component: () => import('./PetitionList.vue'), meta: { nav: { label: 'petitions.nav', order: 62 } } },
  { path: 'petitions/:petitionNo', name: 'console-petition', component: () => import('./PetitionDetail.vue'), props: true },
]

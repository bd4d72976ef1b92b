import type { RouteRecordRaw } from 'vue-router'

/** The public site's pages (children of /public, rendered in PublicLayout). No sign-in. */
export const publicRoutes: RouteRecordRaw[] = [
  // the home page and a guide item draw once their data is in (homeData.ts, lazy: the entry carries only this table)
  { path: '', name: 'public', component: () => import('./PublicHome.vue'), beforeEnter: () => Promise.all([import('./homeData.ts').then((m) => m.homeGuard()), import('./PublicHome.vue')]).then(() => true) },
  { path: 'guide', name: 'public-guide', component: () => import('./GuidePage.vue') },
  { path: 'guide/:code', name: 'public-guide-item', component: () => import('./GuideItemPage.vue'), props: true, beforeEnter: (to) => Promise.all([import('./homeData.ts').then((m) => m.itemGuard(String(to.params.code))), import('./GuideItemPage.vue')]).then(() => true) },
  { path: 'ranking', name: 'public-ranking', component: () => import('./RankingPage.vue') },
  { path: 'complaint', name: 'public-complaint', component: () => import('./ComplaintPage.vue') },
  { path: 'track', name: 'public-track', component: () => import('./TrackPage.vue') },
  { path: 'case', name: 'public-case', component: () => import('./CaseProgressPage.vue') },
  { path: 'notices', name: 'public-notices', component: () => import('./NoticesPage.vue') },
  { path: 'cards', name: 'public-cards', component: () => import('./CardsPage.vue') },
  { path: 'scorecards', name: 'public-scorecards', component: () => import('./ScorecardsPage.vue') },
  { path: 'scorecards/:code', name: 'public-scorecard', component: () => import('./ScorecardPage.vue'), props: true },
  { path: 'statistics', name: 'public-statistics', component: () => import('./StatisticsPage.vue') },
  { path: 'open', name: 'public-open', component: () => import('./OpenDataPage.vue') },
  { path: 'notices/:id', name: 'public-notice', component: () => import('./NoticePage.vue'), props: true },
  { path: 'search', name: 'public-search', component: () => import('./SearchPage.vue') },
  { path: 'letters', name: 'public-letters', component: () => import('./LettersPage.vue') },
  { path: 'letters/:id', name: 'public-letter', component: () => import('./LetterPage.vue'), props: true },
]

import { createApp } from 'vue'
import type { RouteLocationNormalized } from 'vue-router'
import App from './App.vue'
import { installElementPlus } from './plugins/elementPlus.ts'
import { createDashboardRouter } from './router.ts'
import { authRedirect } from './authGuard.ts'
import { useSession } from './composables/useSession.ts'
import { loadMessages, type Namespace } from './i18n/index.ts'
import './styles/base.css'

const app = createApp(App)
const router = createDashboardRouter()

const namespacesOf = (to: RouteLocationNormalized): Namespace[] => to.matched.flatMap((r) => r.meta.messages ?? [])

router.beforeEach(async (to) => {
  // the surface's texts (and the chosen language's core) start loading now, beside the session and
  // the route's chunks; beforeResolve waits for them. A failed fetch is retried by the texts themselves.
  void loadMessages(namespacesOf(to)).catch(() => {})
  if (to.matched.some((r) => r.meta.roles)) {
    const user = await useSession().load().catch(() => null)
    const redirect = authRedirect(to, user)
    if (redirect !== true) return redirect
  }
  if (to.meta.elementPlus) await installElementPlus(app)
  return true
})

router.beforeResolve((to) => loadMessages(namespacesOf(to)).then(
  () => true,
  () => true, // offline: the page shows its keys and loads its texts when it can
))

app.use(router)
// a page the server pre-rendered (public site) stays on screen until its route can replace it
if (document.querySelector('#app > [data-prerendered]')) void router.isReady().finally(() => app.mount('#app'))
else app.mount('#app')

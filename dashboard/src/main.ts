import { createApp } from 'vue'
import App from './App.vue'
import { installElementPlus } from './plugins/elementPlus.ts'
import { createDashboardRouter } from './router.ts'
import { authRedirect } from './authGuard.ts'
import { useSession } from './composables/useSession.ts'
import './styles/base.css'

const app = createApp(App)
const router = createDashboardRouter()

router.beforeEach(async (to) => {
  if (to.matched.some((r) => r.meta.roles)) {
    const user = await useSession().load().catch(() => null)
    const redirect = authRedirect(to, user)
    if (redirect !== true) return redirect
  }
  if (to.meta.elementPlus) await installElementPlus(app)
  return true
})

app.use(router)
app.mount('#app')

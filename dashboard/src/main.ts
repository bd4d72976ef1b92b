import { createApp } from 'vue'
import App from './App.vue'
import { installElementPlus } from './plugins/elementPlus.ts'
import { createDashboardRouter } from './router.ts'
import { guardSurfaces } from './surfaceRouter.ts'
import './styles/base.css'

const app = createApp(App)
const router = createDashboardRouter()
guardSurfaces(router, (to) => (to.meta.elementPlus ? installElementPlus(app) : undefined))

app.use(router)
// a page the server pre-rendered (public site) stays on screen until its route can replace it
if (document.querySelector('#app > [data-prerendered]')) void router.isReady().finally(() => app.mount('#app'))
else app.mount('#app')

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
app.mount('#app')

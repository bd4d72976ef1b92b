import { createApp } from 'vue'
import App from './App.vue'
import { installElementPlus } from './plugins/elementPlus.ts'
import { createDashboardRouter } from './router.ts'
import './styles/base.css'

const app = createApp(App)
const router = createDashboardRouter()

router.beforeEach(async (to) => {
  if (to.meta.elementPlus) await installElementPlus(app)
})

app.use(router)
app.mount('#app')

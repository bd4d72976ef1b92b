/**
 * The entry of /m's own page (dashboard/m.html, written as m.html and m-home.html by the build:
 * dashboard/mobileHtml.ts; the server sends them for /m and /m/*). Only /m's routes and the
 * sign-in page: the phone parses and runs neither the route tables of the console, the window,
 * the administration, the wall and the public site, nor their preload maps, before its first
 * screen. The sign-in page the guard sends to stays in this page, so a deep link opens after
 * signing in without another page load, and the page stays the one opened under /m (the service
 * worker's scope: `navigator.serviceWorker.ready` waits for a worker whose scope holds the URL the
 * page was opened at). Any other path is the dashboard's own page (index.html, main.ts), loaded
 * by the browser; the dashboard keeps /m among its routes, so /m opened from there is the same screens.
 */
import { createApp } from 'vue'
import App from '../../App.vue'
import { surface } from '../../../../domain/contracts/surfaces.ts'
import { createSurfaceRouter, guardSurfaces, routeOfSurface } from '../../surfaceRouter.ts'
import { view } from './surface.ts'
import { view as signIn } from '../login/surface.ts'
import '../../styles/base.css'

const app = createApp(App)
const router = createSurfaceRouter([
  routeOfSurface(surface('m'), view),
  routeOfSurface(surface('login'), signIn),
  {
    path: '/:pathMatch(.*)*',
    component: { render: () => null },
    beforeEnter: (to) => {
      window.location.assign(to.fullPath)
      return false
    },
  },
])
guardSurfaces(router)

app.use(router)
// /m pre-rendered by the server (its overview, server/mobile/prerender.ts) stays on screen until the
// route's screens and texts are loaded: the app then replaces it in one render, with the same figures.
// The mount runs in a task of its own, not in the one that evaluated the route's last chunk: the
// page is already painted, and two shorter tasks block its input less than one long one.
if (document.querySelector('#app > [data-prerendered]')) void router.isReady().finally(() => setTimeout(() => app.mount('#app'), 0))
else app.mount('#app')

import type { SurfaceView } from '../shared/surfaceView.ts'
import { consoleRoutes } from './routes.ts'
import { supervisionRoutes } from './supervision/routes.ts'
import { performanceRoutes } from './performance/routes.ts'
import { consoleContentRoutes } from '../admin/content/routes.ts'
import { petitionRoutes } from './petitions/routes.ts'

/** /console (domain/contracts/surfaces.ts). */
export const view: SurfaceView = {
  component: () => import('./layout/ConsoleLayout.vue'),
  children: [...consoleRoutes, ...petitionRoutes, ...supervisionRoutes, ...performanceRoutes, ...consoleContentRoutes],
  // the public content pages are the administration's (admin, adminContent); the bell's texts are shared
  messages: ['console', 'supervision', 'statistics', 'performance', 'petitions', 'notifications', 'admin', 'adminContent'],
}

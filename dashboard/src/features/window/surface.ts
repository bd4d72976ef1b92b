import type { SurfaceView } from '../shared/surfaceView.ts'
import { windowRoutes } from './routes.ts'
import { windowOrderRoutes } from './orders/routes.ts'

/** /window (domain/contracts/surfaces.ts). */
export const view: SurfaceView = { component: () => import('./WindowLayout.vue'), children: [...windowRoutes, ...windowOrderRoutes], messages: ['window', 'windowOrders', 'supervision', 'notifications'] }

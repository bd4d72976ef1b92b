import type { SurfaceView } from '../shared/surfaceView.ts'
import { mobileRoutes } from './routes.ts'

/** /m (domain/contracts/surfaces.ts). */
export const view: SurfaceView = { component: () => import('./MobileLayout.vue'), children: mobileRoutes, messages: ['mobile'] }

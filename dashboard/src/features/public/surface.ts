import type { SurfaceView } from '../shared/surfaceView.ts'
import { publicRoutes } from './routes.ts'

/** /public (domain/contracts/surfaces.ts). */
export const view: SurfaceView = { component: () => import('./PublicLayout.vue'), children: publicRoutes }

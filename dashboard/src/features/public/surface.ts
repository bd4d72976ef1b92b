import type { SurfaceView } from '../shared/surfaceView.ts'
import { publicRoutes } from './routes.ts'

/** /public (domain/contracts/surfaces.ts). Its texts stay with the feature (messages.ts): no catalogue namespace. */
export const view: SurfaceView = { component: () => import('./PublicLayout.vue'), children: publicRoutes }

import type { SurfaceView } from '../shared/surfaceView.ts'
import { adminRoutes } from './routes.ts'
import { adminRuleRoutes } from './rules/routes.ts'
import { adminContentRoutes } from './content/routes.ts'

/** /admin (domain/contracts/surfaces.ts). */
export const view: SurfaceView = { component: () => import('./layout/AdminLayout.vue'), children: [...adminRoutes, ...adminRuleRoutes, ...adminContentRoutes], messages: ['admin', 'adminRules', 'adminContent'] }

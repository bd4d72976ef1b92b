import type { SurfaceView } from '../shared/surfaceView.ts'

/** /login (domain/contracts/surfaces.ts): one page, no layout. */
export const view: SurfaceView = { component: () => import('./LoginPage.vue'), name: 'login', messages: ['login'] }

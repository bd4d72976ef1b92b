import type { SurfaceView } from '../shared/surfaceView.ts'

/** /wall (domain/contracts/surfaces.ts): the wall's layout and its one page. */
export const view: SurfaceView = {
  component: () => import('./WallLayout.vue'),
  children: [{ path: '', name: 'wall', component: () => import('./WallHome.vue') }],
  messages: ['wall'],
}

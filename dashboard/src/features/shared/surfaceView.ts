import type { RouteComponent, RouteRecordRaw } from 'vue-router'
import type { Namespace } from '../../i18n/index.ts'

/**
 * What a surface's folder gives the router (features/<folder>/surface.ts, named by its entry in
 * domain/contracts/surfaces.ts): its layout, loaded lazily, and its child routes. Without
 * children the layout is the page itself, and `name` names the route. `messages`: the catalogue's
 * namespaces its pages use (i18n/namespaces.ts), loaded before its first route renders.
 */
export interface SurfaceView {
  component: () => Promise<RouteComponent>
  children?: RouteRecordRaw[]
  name?: string
  messages?: readonly Namespace[]
}

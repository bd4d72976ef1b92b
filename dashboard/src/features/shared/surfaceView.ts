import type { RouteComponent, RouteRecordRaw } from 'vue-router'

/**
 * What a surface's folder gives the router (features/<folder>/surface.ts, named by its entry in
 * domain/contracts/surfaces.ts): its layout, loaded lazily, and its child routes. Without
 * children the layout is the page itself, and `name` names the route.
 */
export interface SurfaceView {
  component: () => Promise<RouteComponent>
  children?: RouteRecordRaw[]
  name?: string
}

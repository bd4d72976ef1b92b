import type { RouteRecordRaw } from 'vue-router'

/** Child routes of /console for urging (催办), supervision orders (督办), appeals and instructions. */
export const supervisionRoutes: RouteRecordRaw[] = []

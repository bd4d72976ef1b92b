import type { RouteRecordRaw } from 'vue-router'

/** Child routes of /window for the department's urgings and supervision orders (reply, appeal). */
export const windowOrderRoutes: RouteRecordRaw[] = []

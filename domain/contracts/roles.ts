/**
 * Roles of the system. `public` is the anonymous visitor, `source` a source system with an API
 * key; the others are roles of user accounts (a user may hold several). Who may do what is the
 * server's policy (server/plugins/app/policy.ts); the dashboard uses the names for its route guards.
 */
export const USER_ROLES = ['admin', 'supervisor', 'leader', 'department_head', 'department_staff', 'display'] as const
export type UserRole = (typeof USER_ROLES)[number]
export type Role = 'public' | 'source' | UserRole
export const ALL_ROLES: readonly Role[] = ['public', 'source', ...USER_ROLES]

/** @example isUserRole('admin') // true;  isUserRole('public') // false */
export const isUserRole = (r: string): r is UserRole => (USER_ROLES as readonly string[]).includes(r)

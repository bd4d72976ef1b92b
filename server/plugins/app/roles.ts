/**
 * Roles of the system. `public` is the anonymous visitor, `source` a source system with an API
 * key; the others are roles of user accounts (a user may hold several).
 */
export const USER_ROLES = ['admin', 'supervisor', 'leader', 'department_head', 'department_staff', 'display'] as const
export type UserRole = (typeof USER_ROLES)[number]
export type Role = 'public' | 'source' | UserRole
export const ALL_ROLES: readonly Role[] = ['public', 'source', ...USER_ROLES]

/** Every logged-in user, whatever the role (own profile, logout, password change). */
export const ANY_USER: readonly UserRole[] = USER_ROLES
/** Roles that read cases and petitions (each within its department scope). */
export const CASE_READERS: readonly UserRole[] = ['admin', 'supervisor', 'leader', 'department_head', 'department_staff']

export const isUserRole = (r: string): r is UserRole => (USER_ROLES as readonly string[]).includes(r)

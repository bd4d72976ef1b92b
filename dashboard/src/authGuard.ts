/**
 * Sign-in for routes that declare `meta.roles`: not signed in → `/login?next=…`; signed in
 * without one of the roles → `/login?next=…&reason=forbidden`. The server enforces the same
 * policy on every API call; this only spares the user a page of errors.
 */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import type { SessionUser, UserRole } from './composables/useSession.ts'

export function authRedirect(to: Pick<RouteLocationNormalized, 'fullPath' | 'matched'>, user: SessionUser | null): RouteLocationRaw | true {
  const roles = to.matched.flatMap((r) => (r.meta.roles as readonly UserRole[] | undefined) ?? [])
  if (roles.length === 0) return true
  if (!user) return { path: '/login', query: { next: to.fullPath } }
  if (!user.roles.some((r) => roles.includes(r))) return { path: '/login', query: { next: to.fullPath, reason: 'forbidden' } }
  return true
}

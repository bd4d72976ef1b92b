/**
 * The signed-in user of this browser, shared by every surface (one global state): who it is, its
 * roles and department, and login / logout. The session itself is the server's HttpOnly cookie;
 * this only holds what `GET /api/v1/auth/session` answered (the public probe; `GET /api/v1/auth/me` answers 401 when signed out).
 *
 *   const { user, load, login, logout, hasRole } = useSession()
 *   await load()            // null when not signed in
 */
import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue'
import { createGlobalState } from '@vueuse/core'
import { ApiError, apiFetch } from '../api/client.ts'

import type { UserRole } from '../../../domain/contracts/roles.ts'
import type { SessionResponse, SessionUser } from '../../../domain/contracts/api/auth.ts'

export type { UserRole }

/** `GET /api/v1/auth/me` → `user`: the server's response schema's type (domain/contracts/api/auth.ts). */
export type { SessionUser }

export interface UseSessionOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch
}

export interface UseSessionReturn {
  /** The signed-in user; null when not signed in; undefined before the first `load()`. */
  user: Readonly<ShallowRef<SessionUser | null | undefined>>
  /** Asks the server once (later calls reuse the answer unless `force`). */
  load(force?: boolean): Promise<SessionUser | null>
  /** Signs in; rejects with `ApiError` (LOGIN_FAILED, RATE_LIMITED…). */
  login(login: string, password: string): Promise<SessionUser>
  logout(): Promise<void>
  /** Whether the user holds any of the roles. */
  hasRole(...roles: UserRole[]): boolean
  isSignedIn: ComputedRef<boolean>
}

export function createSession(options: UseSessionOptions = {}): UseSessionReturn {
  const user = shallowRef<SessionUser | null | undefined>(undefined)
  const fetchOpt = options.fetch ? { fetch: options.fetch } : {}
  let pending: Promise<SessionUser | null> | null = null

  const load = (force = false): Promise<SessionUser | null> => {
    if (!force && user.value !== undefined) return Promise.resolve(user.value)
    if (!force && pending) return pending
    // the public probe answers 200 with a null user when signed out: no 401 in the console before sign-in
    pending = apiFetch<{ user: SessionUser | null }>('/api/v1/auth/session', fetchOpt)
      .then((r) => (user.value = r.user))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return (user.value = null)
        throw err
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  return {
    user,
    load,
    async login(loginName, password) {
      const r = await apiFetch<SessionResponse>('/api/v1/auth/login', { method: 'POST', body: { login: loginName, password }, ...fetchOpt })
      user.value = r.user
      return r.user
    },
    async logout() {
      try {
        await apiFetch('/api/v1/auth/logout', { method: 'POST', ...fetchOpt })
      } finally {
        user.value = null
      }
    },
    hasRole: (...roles) => !!user.value && user.value.roles.some((r) => roles.includes(r)),
    isSignedIn: computed(() => !!user.value),
  }
}

/** The session of this browser tab (global state). */
export const useSession = createGlobalState(() => createSession())

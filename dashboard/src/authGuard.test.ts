import { describe, expect, it } from 'vitest'
import { authRedirect } from './authGuard.ts'
import type { SessionUser } from './composables/useSession.ts'

const route = (roles?: string[]) => ({ fullPath: '/console/cases?x=1', matched: [{ meta: roles ? { roles } : {} }] }) as never
const user = (roles: SessionUser['roles']): SessionUser => ({ id: '1', login: 'u', displayName: 'U', roles, departmentCode: null, jurisdictionCode: null, method: 'password' })

describe('authRedirect', () => {
  it('lets open routes through and sends strangers to the login page', () => {
    expect(authRedirect(route(), null)).toBe(true)
    expect(authRedirect(route(['supervisor']), null)).toEqual({ path: '/login', query: { next: '/console/cases?x=1' } })
  })
  it('checks the roles', () => {
    expect(authRedirect(route(['supervisor', 'admin']), user(['admin']))).toBe(true)
    expect(authRedirect(route(['supervisor']), user(['display']))).toEqual({ path: '/login', query: { next: '/console/cases?x=1', reason: 'forbidden' } })
  })
})

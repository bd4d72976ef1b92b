/**
 * The surface registry (domain/contracts/surfaces.ts) is the router's one list: every entry has a
 * parent route at its path, from its folder's surface.ts, guarded by the entry's roles; its texts
 * are in both catalogues and loaded with its routes (meta.messages); and no route lists a surface
 * the registry does not have.
 */
import { describe, expect, it } from 'vitest'
import { SURFACES } from '../../domain/contracts/surfaces.ts'
import { loadCatalogue, LOCALES } from './i18n/index.ts'
import { routes } from './router.ts'
import { authRedirect } from './authGuard.ts'
import { SURFACES as CARDS } from './surfaces.ts'

describe('the router and the surface registry', () => {
  it('has one parent route per surface, in the registry order, between the landing page and the catch-all', () => {
    expect(routes.map((r) => r.path)).toEqual(['/', ...SURFACES.map((s) => s.path), '/:pathMatch(.*)*'])
  })

  it.each(SURFACES.map((s) => [s.id, s] as const))('%s: the registry’s roles guard it, its layout loads lazily', (_id, s) => {
    const route = routes.find((r) => r.path === s.path)!
    expect(route.meta?.roles ?? null).toEqual(s.roles)
    expect(Boolean(route.meta?.elementPlus)).toBe(s.elementPlus)
    expect(typeof route.component).toBe('function') // () => import(…): its own chunk
    const matched = [route, ...(route.children?.filter((c) => c.path === '') ?? [])].map((r) => ({ meta: r.meta ?? {} }))
    const user = { id: '1', login: 'u', displayName: 'U', departmentCode: null, jurisdictionCode: null, method: 'password' as const }
    if (s.roles === null) {
      expect(authRedirect({ fullPath: s.path, matched } as never, null)).toBe(true)
    } else {
      expect(authRedirect({ fullPath: s.path, matched } as never, null)).toEqual({ path: '/login', query: { next: s.path } })
      for (const role of s.roles) expect(authRedirect({ fullPath: s.path, matched } as never, { ...user, roles: [role] })).toBe(true)
    }
  })

  it('finds each surface’s texts in both catalogues, loaded with its routes', async () => {
    const catalogues = await Promise.all(LOCALES.map(loadCatalogue))
    for (const s of SURFACES) {
      if (s.i18n === null) continue
      for (const messages of catalogues) expect(Object.keys(messages), s.id).toContain(s.i18n)
      expect(routes.find((r) => r.path === s.path)!.meta?.messages, s.id).toContain(s.i18n)
    }
    expect(CARDS.map((c) => c.id)).toEqual(SURFACES.filter((s) => s.landing).map((s) => s.id))
    for (const c of CARDS) for (const messages of Object.values(catalogues)) expect(messages.surfaces[c.id].name).toBeTruthy()
  })
})

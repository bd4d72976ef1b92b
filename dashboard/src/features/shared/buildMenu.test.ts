import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { activeEntry, buildMenu } from './buildMenu.ts'

const C = { render: () => null }
const children: RouteRecordRaw[] = [
  { path: 'register', component: C, meta: { nav: { label: 'window.nav.register', order: 20 } } },
  { path: '', component: C, meta: { nav: { label: 'window.nav.cases', order: 10 } } },
  { path: 'cases/:caseNo', component: C },
  // an entry another feature adds (features/window/orders/routes.ts)
  { path: 'orders', component: C, meta: { nav: { label: 'window.nav.cases', order: 30 } } },
]

describe('buildMenu', () => {
  it('lists the children with meta.nav in order, with absolute paths, from every route file', () => {
    expect(buildMenu('/window', children).map((e) => [e.path, e.order])).toEqual([
      ['/window', 10],
      ['/window/register', 20],
      ['/window/orders', 30],
    ])
  })
  it('lists a child with roles only for a user holding one of them', () => {
    const withRoles: RouteRecordRaw[] = [...children, { path: 'instructions', component: C, meta: { roles: ['leader'], nav: { label: 'window.nav.cases', order: 40 } } }]
    expect(buildMenu('/console', withRoles, ['supervisor']).map((e) => e.path)).not.toContain('/console/instructions')
    expect(buildMenu('/console', withRoles, ['leader']).map((e) => e.path)).toContain('/console/instructions')
  })
  it('marks the entry a page belongs to', () => {
    const menu = buildMenu('/window', children)
    expect(activeEntry(menu, '/window/cases/440204-SCJG-2026-000001')).toBe('/window')
    expect(activeEntry(menu, '/window/register')).toBe('/window/register')
    expect(activeEntry(menu, '/window/orders/7')).toBe('/window/orders')
    expect(activeEntry(menu, '/windowx')).toBeUndefined()
  })
})

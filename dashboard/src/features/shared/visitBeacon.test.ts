import { describe, expect, it } from 'vitest'
import { visitOf } from './visitBeacon.ts'

describe('visitOf', () => {
  it('names the surface and keeps the path without identifiers or query', () => {
    expect(visitOf('/')).toEqual({ surface: 'landing', page: '/' })
    expect(visitOf('/public')).toEqual({ surface: 'public', page: '/public' })
    expect(visitOf('/console/cases/440204-2026-0001?x=1')).toEqual({ surface: 'console', page: '/console/cases/:id' })
    expect(visitOf('/console/statistics/')).toEqual({ surface: 'console', page: '/console/statistics' })
    expect(visitOf('/window/orders/12')).toEqual({ surface: 'window', page: '/window/orders/:id' })
  })
  it('ignores paths outside the surfaces', () => {
    expect(visitOf('/docs/json')).toBeNull()
    expect(visitOf('/nowhere')).toBeNull()
  })
})

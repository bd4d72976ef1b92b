import { describe, expect, it } from 'vitest'
import { safeNext } from './safeNext.ts'

describe('safeNext', () => {
  it('keeps local paths and refuses other origins', () => {
    expect(safeNext('/console?level=red')).toBe('/console?level=red')
    expect(safeNext(['/wall', '/x'])).toBe('/wall')
    for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil', 'console', undefined, 3, '/login?next=/x']) expect(safeNext(bad)).toBe('/')
  })
})

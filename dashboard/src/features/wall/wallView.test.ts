import { describe, expect, it } from 'vitest'
import type { WallDepartmentStatus } from '../../../../domain/realtime/wall.ts'
import { changedCells, designUnit, formatRate, freshness, page, parseKiosk, parsePanelMs, sortByRisk } from './wallView.ts'

const dept = (code: string, o: Partial<WallDepartmentStatus> = {}): WallDepartmentStatus => ({
  code, name: code, kind: 'department', open: 0, normal: 0, warning: 0, yellow: 0, red: 0, worst: 'normal', ...o,
})

describe('wall view helpers', () => {
  it('has one design pixel per screen pixel at 1920×1080, two on 4K, one on a 3840×1080 wall', () => {
    expect(designUnit(1920, 1080)).toBe(1)
    expect(designUnit(3840, 2160)).toBe(2)
    expect(designUnit(3840, 1080)).toBe(1)
    expect(designUnit(1280, 1024)).toBeCloseTo(2 / 3, 6)
    expect(designUnit(0, 0)).toBe(1) // not yet measured
  })

  it('sorts by red, yellow, warning, open, then code, without mutating', () => {
    const rows = [dept('a', { open: 9 }), dept('b', { yellow: 1 }), dept('c', { red: 1 }), dept('d', { red: 1, yellow: 2 }), dept('e', { warning: 3 }), dept('f', { open: 9 })]
    expect(sortByRisk(rows).map((d) => d.code)).toEqual(['d', 'c', 'b', 'e', 'a', 'f'])
    expect(rows[0]!.code).toBe('a')
  })

  it('reports changed cells only against a previous update', () => {
    const a = [dept('x', { open: 1, normal: 1 }), dept('y')]
    expect(changedCells(null, a).size).toBe(0)
    const b = [dept('x', { open: 2, normal: 1, warning: 1 }), dept('y'), dept('z')]
    const c = changedCells(a, b)
    expect([...c].filter((k) => k.startsWith('x:')).sort()).toEqual(['x:open', 'x:warning'])
    expect([...c].filter((k) => k.startsWith('y:'))).toEqual([])
    expect([...c].filter((k) => k.startsWith('z:'))).toHaveLength(5)
  })

  it('turns amber after 30 s and red after 2 min without data', () => {
    expect(freshness(null, 0)).toBe('none')
    expect(freshness(1000, 1000 + 29_999)).toBe('fresh')
    expect(freshness(1000, 1000 + 30_000)).toBe('stale')
    expect(freshness(1000, 1000 + 119_999)).toBe('stale')
    expect(freshness(1000, 1000 + 120_000)).toBe('old')
  })

  it('parses kiosk and rotation parameters', () => {
    expect(parseKiosk({})).toEqual({ kiosk: false, rotateSeconds: 0 })
    expect(parseKiosk({ kiosk: '1' })).toEqual({ kiosk: true, rotateSeconds: 30 })
    expect(parseKiosk({ kiosk: 'true', rotate: '12' })).toEqual({ kiosk: true, rotateSeconds: 12 })
    expect(parseKiosk({ kiosk: '1', rotate: '1' })).toEqual({ kiosk: true, rotateSeconds: 5 })
    expect(parseKiosk({ kiosk: '1', rotate: '0' })).toEqual({ kiosk: true, rotateSeconds: 0 })
    expect(parseKiosk({ kiosk: '1', rotate: 'soon' })).toEqual({ kiosk: true, rotateSeconds: 30 })
    expect(parseKiosk({ kiosk: ['1'], rotate: ['99999'] })).toEqual({ kiosk: true, rotateSeconds: 3600 })
    expect(parseKiosk({ kiosk: '0', rotate: '20' })).toEqual({ kiosk: false, rotateSeconds: 20 })
  })

  it('parses the soak panel interval, clamped to 50…500 ms', () => {
    expect(parsePanelMs({})).toBeUndefined()
    expect(parsePanelMs({ panelMs: '' })).toBeUndefined()
    expect(parsePanelMs({ panelMs: 'fast' })).toBeUndefined()
    expect(parsePanelMs({ panelMs: '100' })).toBe(100)
    expect(parsePanelMs({ panelMs: ['120.4'] })).toBe(120)
    expect(parsePanelMs({ panelMs: '1' })).toBe(50)
    expect(parsePanelMs({ panelMs: '9000' })).toBe(500)
  })

  it('pages with wrap-around', () => {
    const xs = [1, 2, 3, 4, 5]
    expect(page(xs, 2, 0)).toEqual({ rows: [1, 2], pages: 3, index: 0 })
    expect(page(xs, 2, 2)).toEqual({ rows: [5], pages: 3, index: 2 })
    expect(page(xs, 2, 3)).toEqual({ rows: [1, 2], pages: 3, index: 0 })
    expect(page([], 2, 7)).toEqual({ rows: [], pages: 1, index: 0 })
  })

  it('formats rates', () => {
    expect(formatRate(0.92345)).toBe('92.3%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(null)).toBe('—')
  })
})

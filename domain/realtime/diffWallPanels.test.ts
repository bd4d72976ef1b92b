import { describe, expect, it } from 'vitest'
import { diffWallPanels } from './diffWallPanels.ts'
import { card, panels } from './_fixtures.ts'

describe('diffWallPanels', () => {
  it('is empty when nothing changed, even for equal copies', () => {
    expect(diffWallPanels(panels(), panels())).toEqual({})
    expect(diffWallPanels(panels(), structuredClone(panels()))).toEqual({})
  })
  it('carries only the panels that changed', () => {
    const prev = panels()
    const next = panels({ tiles: { ...prev.tiles, red: 2 } })
    expect(diffWallPanels(prev, next)).toEqual({ tiles: next.tiles })
    const deps = panels({ departments: [{ ...prev.departments[0]!, yellow: 1, worst: 'yellow' }] })
    expect(Object.keys(diffWallPanels(prev, deps))).toEqual(['departments'])
    const trend = panels({ trends: { ...prev.trends, hourlyToday: [...prev.trends.hourlyToday, { label: '01:00', received: 0, concluded: 0 }] } })
    expect(Object.keys(diffWallPanels(prev, trend))).toEqual(['trends'])
  })
  it('sends only new ticker lines, newest first, and nothing when old lines just fall off', () => {
    const prev = panels()
    expect(diffWallPanels(prev, panels({ cards: [card('4'), card('3'), card('2')] }))).toEqual({ cards: [card('4'), card('3')] })
    expect(diffWallPanels(prev, panels({ cards: [card('2')] }))).toEqual({})
  })
  it('sends every panel the first time', () => {
    const p = panels()
    expect(diffWallPanels(null, p)).toEqual(p)
  })
  it('does not mutate its inputs', () => {
    const prev = panels()
    const next = panels({ cards: [card('9'), ...prev.cards] })
    const copies = [structuredClone(prev), structuredClone(next)]
    diffWallPanels(prev, next)
    expect([prev, next]).toEqual(copies)
  })
})

import { describe, expect, it } from 'vitest'
import { applyWallDelta } from './applyWallDelta.ts'
import { diffWallPanels } from './diffWallPanels.ts'
import { card, panels, snapshot } from './_fixtures.ts'
import { WALL_TICKER_LIMIT, type WallDelta } from './wall.ts'

const delta = (version: number, p: WallDelta['panels']): WallDelta => ({ schema: 1, jurisdictionCode: '440204', version, at: `t${version}`, panels: p })

describe('applyWallDelta', () => {
  it('applies the next version: replaces panels, prepends ticker lines', () => {
    const s = snapshot(4)
    const next = applyWallDelta(s, delta(5, { tiles: { ...s.panels.tiles, red: 7 }, cards: [card('3')] }))!
    expect(next.version).toBe(5)
    expect(next.at).toBe('t5')
    expect(next.panels.tiles.red).toBe(7)
    expect(next.panels.cards.map((c) => c.id)).toEqual(['3', '2', '1'])
    expect(next.panels.departments).toBe(s.panels.departments)
  })
  it('refuses a gap, a repeat, an older version or another jurisdiction (the client resyncs)', () => {
    const s = snapshot(4)
    expect(applyWallDelta(s, delta(6, {}))).toBeNull()
    expect(applyWallDelta(s, delta(4, {}))).toBeNull()
    expect(applyWallDelta(s, delta(1, {}))).toBeNull()
    expect(applyWallDelta(s, { ...delta(5, {}), jurisdictionCode: '440200' })).toBeNull()
  })
  it('does not repeat a ticker line it has, and keeps at most WALL_TICKER_LIMIT', () => {
    const many = Array.from({ length: WALL_TICKER_LIMIT }, (_, i) => card(String(1000 - i)))
    const s = snapshot(1, panels({ cards: many }))
    const next = applyWallDelta(s, delta(2, { cards: [card('2000'), card('1000')] }))!
    expect(next.panels.cards).toHaveLength(WALL_TICKER_LIMIT)
    expect(next.panels.cards.slice(0, 3).map((c) => c.id)).toEqual(['2000', '1000', '999'])
  })
  it('reproduces the publisher’s snapshot from the previous one and the diff', () => {
    const a = panels()
    const b = panels({ tiles: { ...a.tiles, receivedToday: 9 }, cards: [card('5'), card('4'), ...a.cards] })
    const applied = applyWallDelta(snapshot(1, a), delta(2, diffWallPanels(a, b)))!
    expect(applied.panels).toEqual(b)
  })
})

import { describe, expect, it } from 'vitest'
import { mergeWallCards, reduceWall, type WallOutcome } from './reduceWall.ts'
import { diffWallPanels } from './diffWallPanels.ts'
import { card, panels, snapshot } from './_fixtures.ts'
import { WALL_TICKER_LIMIT, type WallDelta, type WallPanelName, type WallSnapshot } from './wall.ts'

const delta = (version: number, p: WallDelta['panels'] = {}, over: Partial<WallDelta> = {}): WallDelta => ({ schemaVersion: 2, jurisdictionCode: '440204', version, at: `t${version}`, panels: p, ...over })
const onDelta = (state: WallSnapshot | null, d: unknown) => reduceWall(state, { kind: 'delta', payload: d })
const onSnapshot = (state: WallSnapshot | null, s: unknown) => reduceWall(state, { kind: 'snapshot', payload: s })
const ALL: WallPanelName[] = ['tiles', 'departments', 'cards', 'trends', 'rankings']
const frozen = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

describe('reduceWall: snapshots', () => {
  it('takes the first snapshot as the state, every panel changed', () => {
    const s = snapshot(7)
    expect(onSnapshot(null, s)).toEqual({ state: s, outcome: 'snapshot', resync: false, changed: ALL })
  })
  it('replaces any state, even of a later version (a resync answer, the HTTP fallback, version 0 from PostgreSQL)', () => {
    const s0 = snapshot(0)
    const step = onSnapshot(snapshot(9), s0)
    expect(step.state).toBe(s0)
    expect(step.outcome).toBe('snapshot')
  })
  it('replaces a state of another jurisdiction (the snapshot is the authority)', () => {
    const s = { ...snapshot(3), jurisdictionCode: '440200' }
    expect(onSnapshot(snapshot(9), s).state).toBe(s)
  })
  it('cuts the ticker to tickerLimit without touching the input', () => {
    const many = Array.from({ length: 8 }, (_, i) => card(String(i)))
    const s = snapshot(1, panels({ cards: many }))
    const copy = frozen(s)
    const step = onSnapshot(null, s)
    expect(step.state!.panels.cards).toHaveLength(8)
    const cut = reduceWall(null, { kind: 'snapshot', payload: s }, { tickerLimit: 3 })
    expect(cut.state!.panels.cards.map((c) => c.id)).toEqual(['0', '1', '2'])
    expect(s).toEqual(copy)
  })
  it('upgrades a schema 1 snapshot (field `schema`) to the current shape', () => {
    const { schemaVersion: _v, ...rest } = snapshot(5)
    const step = onSnapshot(null, { ...rest, schema: 1 })
    expect(step.outcome).toBe('snapshot')
    expect(step.state).toEqual(snapshot(5))
    expect(step.state).not.toHaveProperty('schema')
  })
  it('ignores a snapshot of an unknown schema version and keeps the state', () => {
    const have = snapshot(4)
    for (const v of [0, 3, 99]) expect(onSnapshot(have, { ...snapshot(5), schemaVersion: v })).toEqual({ state: have, outcome: 'unknownSchema', resync: false, changed: [] })
  })
  it.each([null, undefined, 7, 'snapshot', [], {}, { version: 1 }, { ...snapshot(1), version: '1' }, { ...snapshot(1), panels: null }, { ...snapshot(1), panels: {} }, { ...snapshot(1), schemaVersion: undefined }])(
    'ignores what is not a snapshot: %j',
    (bad) => {
      const have = snapshot(4)
      expect(onSnapshot(have, bad)).toEqual({ state: have, outcome: 'invalid', resync: false, changed: [] })
    },
  )
})

describe('reduceWall: deltas', () => {
  it('applies the next version: replaces the panels it carries, prepends ticker lines, says which changed', () => {
    const s = snapshot(4)
    const copy = frozen(s)
    const step = onDelta(s, delta(5, { tiles: { ...s.panels.tiles, red: 7 }, cards: [card('3')] }))
    expect(step.outcome).toBe('applied')
    expect(step.resync).toBe(false)
    expect(step.changed).toEqual(['tiles', 'cards'])
    expect(step.state!.version).toBe(5)
    expect(step.state!.at).toBe('t5')
    expect(step.state!.panels.tiles.red).toBe(7)
    expect(step.state!.panels.cards.map((c) => c.id)).toEqual(['3', '2', '1'])
    expect(step.state!.panels.departments).toBe(s.panels.departments)
    expect(s).toEqual(copy) // input not mutated
  })
  it('applies an empty delta (a version with no panel) as a version step', () => {
    const step = onDelta(snapshot(4), delta(5))
    expect(step).toMatchObject({ outcome: 'applied', changed: [] })
    expect(step.state!.version).toBe(5)
  })

  // the outcome of a delta of version v on a state of version 10, the date-fns way: every boundary
  const table: [number, WallOutcome, boolean][] = [
    [11, 'applied', false],
    [10, 'duplicate', false],
    [9, 'stale', false],
    [0, 'stale', false],
    [12, 'gap', true],
    [1_733_000_000_000, 'gap', true],
  ]
  it.each(table)('version %i on a state of version 10 → %s (resync: %s)', (v, outcome, resync) => {
    const have = snapshot(10)
    const step = onDelta(have, delta(v))
    expect(step.outcome).toBe(outcome)
    expect(step.resync).toBe(resync)
    if (outcome !== 'applied') expect(step.state).toBe(have)
  })

  it('asks for a snapshot when a delta comes before any (noBase)', () => {
    expect(onDelta(null, delta(5))).toEqual({ state: null, outcome: 'noBase', resync: true, changed: [] })
  })
  it('ignores a delta of another jurisdiction, whatever its version (it is not for this wall)', () => {
    const have = snapshot(4)
    for (const v of [3, 4, 5, 9]) expect(onDelta(have, delta(v, {}, { jurisdictionCode: '440200' }))).toEqual({ state: have, outcome: 'otherJurisdiction', resync: false, changed: [] })
  })
  it('ignores a delta of an unknown schema version, before or after the first snapshot (a resync would bring the same)', () => {
    expect(onDelta(null, { ...delta(5), schemaVersion: 3 })).toMatchObject({ outcome: 'unknownSchema', resync: false })
    expect(onDelta(snapshot(4), { ...delta(5), schemaVersion: 3 })).toMatchObject({ outcome: 'unknownSchema', resync: false })
  })
  it('upgrades a schema 1 delta from an older publisher and applies it', () => {
    const { schemaVersion: _v, ...rest } = delta(5, { cards: [card('9')] })
    const step = onDelta(snapshot(4), { ...rest, schema: 1 })
    expect(step.outcome).toBe('applied')
    expect(step.state!.panels.cards[0]!.id).toBe('9')
    expect(step.state!.schemaVersion).toBe(2)
  })
  it.each([null, 'delta', {}, { version: 5 }, { ...delta(5), panels: null }, { ...delta(5), version: '5' }, { ...delta(5), at: 5 }])('ignores what is not a delta: %j', (bad) => {
    const have = snapshot(4)
    expect(onDelta(have, bad)).toEqual({ state: have, outcome: 'invalid', resync: false, changed: [] })
    expect(onDelta(null, bad).outcome).toBe('invalid')
  })
  it('checks, in order: payload, schema, base, jurisdiction, version', () => {
    // an unknown schema of another jurisdiction is unknownSchema; a gap of another jurisdiction is otherJurisdiction
    expect(onDelta(snapshot(4), { ...delta(9), jurisdictionCode: 'x', schemaVersion: 7 }).outcome).toBe('unknownSchema')
    expect(onDelta(null, delta(9, {}, { jurisdictionCode: 'x' })).outcome).toBe('noBase')
    expect(onDelta(snapshot(4), delta(9, {}, { jurisdictionCode: 'x' })).outcome).toBe('otherJurisdiction')
  })
  it('does not repeat a ticker line it has, and keeps at most the limit', () => {
    const many = Array.from({ length: WALL_TICKER_LIMIT }, (_, i) => card(String(1000 - i)))
    const s = snapshot(1, panels({ cards: many }))
    const next = onDelta(s, delta(2, { cards: [card('2000'), card('1000')] })).state!
    expect(next.panels.cards).toHaveLength(WALL_TICKER_LIMIT)
    expect(next.panels.cards.slice(0, 3).map((c) => c.id)).toEqual(['2000', '1000', '999'])
    const small = reduceWall(s, { kind: 'delta', payload: delta(2, { cards: [card('2000')] }) }, { tickerLimit: 2 }).state!
    expect(small.panels.cards.map((c) => c.id)).toEqual(['2000', '1000'])
  })
  it('reproduces the publisher’s snapshot from the previous one and the diff', () => {
    const a = panels()
    const b = panels({ tiles: { ...a.tiles, receivedToday: 9 }, cards: [card('5'), card('4'), ...a.cards] })
    expect(onDelta(snapshot(1, a), delta(2, diffWallPanels(a, b))).state!.panels).toEqual(b)
  })
  it('folds a stream with a gap in it: applies up to the gap, then holds until a snapshot', () => {
    let state: WallSnapshot | null = null
    const outcomes: WallOutcome[] = []
    const feed = (kind: 'snapshot' | 'delta', payload: unknown) => {
      const step = reduceWall(state, { kind, payload })
      state = step.state
      outcomes.push(step.outcome)
    }
    feed('delta', delta(3)) // before the snapshot
    feed('snapshot', snapshot(4))
    feed('delta', delta(4)) // overtook the snapshot
    feed('delta', delta(5))
    feed('delta', delta(7)) // 6 was lost
    feed('delta', delta(8))
    feed('snapshot', snapshot(8))
    feed('delta', delta(9))
    expect(outcomes).toEqual(['noBase', 'snapshot', 'duplicate', 'applied', 'gap', 'gap', 'snapshot', 'applied'])
    expect(state!.version).toBe(9)
  })
})

describe('mergeWallCards', () => {
  it('puts the new lines first, keeps the first of each id, cuts at the limit', () => {
    expect(mergeWallCards([card('3'), card('3'), card('2')], [card('2'), card('1')], 50).map((c) => c.id)).toEqual(['3', '2', '1'])
    expect(mergeWallCards([card('3')], [card('2'), card('1')], 2).map((c) => c.id)).toEqual(['3', '2'])
    expect(mergeWallCards([], [], 5)).toEqual([])
    expect(mergeWallCards([card('1')], [], 0)).toEqual([])
  })
})

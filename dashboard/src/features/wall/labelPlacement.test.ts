import { describe, expect, it } from 'vitest'
import { boxesIntersect, boxInside, labelBox, placeLabels, type Box, type LabelRequest } from './labelPlacement.ts'
// the seeded PRNG of the event fixtures (mulberry32), so a failure can be replayed
import { rng } from '../../../../domain/events/fixtures.ts'

const bounds: Box = { x: 0, y: 0, w: 800, h: 500 }
const label = (id: string, x: number, y: number, o: Partial<LabelRequest> = {}): LabelRequest => ({ id, x, y, width: 60, height: 20, gap: 10, radius: 6, ...o })

function expectNoOverlap(labels: readonly LabelRequest[], out: ReturnType<typeof placeLabels>, obstacles: readonly Box[] = []): void {
  const shown = out.filter((p) => p.box)
  for (let i = 0; i < shown.length; i++) {
    const a = shown[i]!.box!
    expect(boxInside(a, bounds), `${shown[i]!.id} outside`).toBe(true)
    for (const o of obstacles) expect(boxesIntersect(a, o), `${shown[i]!.id} over an obstacle`).toBe(false)
    for (let j = i + 1; j < shown.length; j++) expect(boxesIntersect(a, shown[j]!.box!), `${shown[i]!.id} × ${shown[j]!.id}`).toBe(false)
    // no label covers another label's marker
    for (const l of labels) {
      if (l.id === shown[i]!.id) continue
      const r = l.radius ?? 0
      expect(boxesIntersect(a, { x: l.x - r, y: l.y - r, w: 2 * r, h: 2 * r }), `${shown[i]!.id} over ${l.id}'s marker`).toBe(false)
    }
  }
}

describe('map label placement', () => {
  it('keeps every label of a spread-out map at its preferred anchor (below its point)', () => {
    const labels = [label('a', 100, 100), label('b', 300, 100), label('c', 500, 300), label('d', 100, 400), label('e', 700, 50)]
    const out = placeLabels(labels, { bounds })
    expect(out.map((p) => p.anchor)).toEqual(['below', 'below', 'below', 'below', 'below'])
    // centred under the point, `gap` below it, integer pixels
    expect(out[0]!.box).toEqual({ x: 70, y: 110, w: 60, h: 20 })
    expect(out.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('moves a label that would overlap its neighbour to another side instead of stacking them', () => {
    // b's "below" box would overlap a's: b goes to the right of its point
    const labels = [label('a', 200, 200, { radius: 0 }), label('b', 230, 212, { radius: 0 })]
    const out = placeLabels(labels, { bounds })
    expect(out[0]!.anchor).toBe('below')
    expect(out[1]!.anchor).toBe('right')
    expectNoOverlap(labels, out)
  })

  it('places two labels of the same point on two sides', () => {
    const labels = [label('a', 400, 250), label('b', 400, 250, { radius: 0 })]
    const out = placeLabels(labels, { bounds })
    expect(out.map((p) => p.anchor)).toEqual(['below', 'right'])
    expectNoOverlap(labels, out)
  })

  it('flips a label at the edge inward, and hides one that fits nowhere', () => {
    const labels = [label('edge', 790, 250), label('bottom', 400, 495), label('huge', 400, 250, { width: 900 })]
    const out = placeLabels(labels, { bounds })
    expect(out[0]!.anchor).toBe('left')
    expect(out[1]!.anchor).toBe('above')
    expect(out[2]).toEqual({ id: 'huge', anchor: null, box: null })
  })

  it('keeps labels off obstacles (the legend) and off other points', () => {
    const legend: Box = { x: 0, y: 400, w: 200, h: 100 }
    const labels = [label('a', 100, 380), label('b', 300, 100), label('c', 300, 118, { width: 20 })]
    const out = placeLabels(labels, { bounds, obstacles: [legend] })
    expect(out[0]!.anchor).toBe('right') // below would cover the legend
    expect(out[1]!.anchor).not.toBe('below') // below would cover c's point
    expectNoOverlap(labels, out, [legend])
  })

  it('gives the preferred anchor to the higher priority', () => {
    const labels = [label('low', 200, 200, { radius: 0 }), label('high', 230, 212, { radius: 0, priority: 1 })]
    const out = placeLabels(labels, { bounds })
    expect(out.find((p) => p.id === 'high')!.anchor).toBe('below')
    expect(out.find((p) => p.id === 'low')!.anchor).not.toBe('below')
    expect(out.map((p) => p.id)).toEqual(['low', 'high'])
  })

  it('leaves `spacing` pixels between labels', () => {
    const labels = [label('a', 200, 200), label('b', 264, 200, { radius: 0 })] // below boxes 4 px apart
    expect(placeLabels(labels, { bounds, spacing: 4 }).map((p) => p.anchor)).toEqual(['below', 'below'])
    const spaced = placeLabels(labels, { bounds, spacing: 5 })
    expect(spaced[1]!.anchor).not.toBe('below')
    const [a, b] = spaced.map((p) => p.box!)
    expect(boxesIntersect({ x: a!.x - 5, y: a!.y - 5, w: a!.w + 10, h: a!.h + 10 }, b!)).toBe(false)
  })

  it('never lets two visible labels intersect, whatever the crowd (500 random maps)', () => {
    const next = rng(20261201)
    let shown = 0
    let hidden = 0
    for (let run = 0; run < 500; run++) {
      // clusters: most points within a few dozen pixels of each other, like the city's streets
      const cx = 100 + next() * 600
      const cy = 80 + next() * 340
      const spread = 10 + next() * 120
      const labels = Array.from({ length: 3 + Math.floor(next() * 12) }, (_, i) =>
        label(`l${i}`, cx + (next() - 0.5) * spread, cy + (next() - 0.5) * spread, { width: 30 + next() * 70, height: 14 + next() * 12, gap: 6 + next() * 8, radius: next() * 6, priority: Math.floor(next() * 3) }),
      )
      const legend: Box = { x: 0, y: 440, w: 160, h: 60 }
      const out = placeLabels(labels, { bounds, obstacles: [legend], spacing: Math.floor(next() * 4) })
      expectNoOverlap(labels, out, [legend])
      for (const p of out) if (p.anchor) expect(p.box).toEqual(labelBox(labels.find((l) => l.id === p.id)!, p.anchor))
      shown += out.filter((p) => p.box).length
      hidden += out.filter((p) => !p.box).length
    }
    // the crowd is real (some must be hidden) but most labels still find a place
    expect(hidden).toBeGreaterThan(0)
    expect(shown).toBeGreaterThan(hidden)
  })

  it('ignores a point that could not be projected', () => {
    const out = placeLabels([label('nan', Number.NaN, 10), label('ok', 100, 100)], { bounds })
    expect(out.map((p) => p.anchor)).toEqual([null, 'below'])
  })
})

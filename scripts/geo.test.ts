/** data/zhenjiang/geo/build.ts: the decoder, the Voronoi split and the committed files. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { build, decodeRing, pointInRing, voronoiCell, type Position } from '../data/zhenjiang/geo/build.ts'

/** ECharts' encoder (the inverse of decodeRing), for the round trip. */
function encodeRing(ring: Position[], scale = 1024): { encoded: string; offsets: [number, number] } {
  const q = ring.map(([x, y]) => [Math.round(x * scale), Math.round(y * scale)] as const)
  const offsets: [number, number] = [q[0]![0], q[0]![1]]
  let px = offsets[0]
  let py = offsets[1]
  let s = ''
  const zig = (v: number) => (v << 1) ^ (v >> 31)
  for (const [x, y] of q) {
    s += String.fromCharCode(zig(x - px) + 64, zig(y - py) + 64)
    px = x
    py = y
  }
  return { encoded: s, offsets }
}

const shoelace = (r: Position[]) => Math.abs(r.reduce((a, p, i) => (i === 0 ? a : a + (r[i - 1]![0] * p[1] - p[0] * r[i - 1]![1])), 0)) / 2

describe('geo build', () => {
  it('decodes ECharts-compressed rings', () => {
    const ring: Position[] = [[113.5, 24.75], [113.6, 24.76], [113.58, 24.9], [113.5, 24.75]]
    const { encoded, offsets } = encodeRing(ring)
    const back = decodeRing(encoded, offsets)
    expect(back).toHaveLength(ring.length)
    back.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(ring[i]![0], 3)
      expect(p[1]).toBeCloseTo(ring[i]![1], 3)
    })
  })

  it('splits an outline into cells that cover it, each holding its own seat', () => {
    const square: Position[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    const seats: Position[] = [[0.25, 0.5], [0.75, 0.5]]
    const left = voronoiCell(square, seats, 0)
    const right = voronoiCell(square, seats, 1)
    expect(shoelace(left)).toBeCloseTo(0.5, 6)
    expect(shoelace(right)).toBeCloseTo(0.5, 6)
    expect(pointInRing(seats[0]!, left)).toBe(true)
    expect(pointInRing(seats[0]!, right)).toBe(false)
  })

  it('ships exactly what the script builds (both copies), with the real outline and 8 approximate areas', () => {
    const text = build()
    expect(readFileSync('data/zhenjiang/geo/440204.geojson', 'utf8')).toBe(text)
    expect(readFileSync('dashboard/public/geo/440204.geojson', 'utf8')).toBe(text)
    const fc = JSON.parse(text) as { features: { properties: { layer: string; geometry: string; name: string }; geometry: { coordinates: Position[][] } }[] }
    const district = fc.features.filter((f) => f.properties.layer === 'district')
    const areas = fc.features.filter((f) => f.properties.layer === 'area')
    expect(district.map((f) => [f.properties.name, f.properties.geometry])).toEqual([['浈江区', 'real']])
    expect(areas.map((f) => f.properties.name)).toEqual(['东河街道', '车站街道', '风采街道', '新韶镇', '乐园镇', '十里亭镇', '犁市镇', '花坪镇'])
    expect(areas.every((f) => f.properties.geometry === 'approximate')).toBe(true)
    // the areas tile the outline (no gaps, no overlaps): their areas add up to the district's
    const total = areas.reduce((a, f) => a + shoelace(f.geometry.coordinates[0]!), 0)
    expect(total / shoelace(district[0]!.geometry.coordinates[0]!)).toBeCloseTo(1, 3)
    expect(fc.features.filter((f) => f.properties.layer === 'point')).toHaveLength(62)
  })
})

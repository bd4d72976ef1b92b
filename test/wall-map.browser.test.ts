/**
 * The wall's district map in a real browser at the three screens the wall is built for
 * (1920×1080, a 3840×2160 4K wall, a 3840×1080 32:9 video wall), a small 1280×720 screen, and a
 * 4K screen scaled 200 % (CSS 1920×1080 at devicePixelRatio 2). At each: the town/street labels
 * lie inside the map and never overlap each other or the legend; points and lines are sized in
 * design pixels (u); the map canvas is drawn at the device pixel ratio. Screenshots:
 * test-results/wall-map-*.png (whole page) and wall-map-panel-*.png (the map panel).
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { TEST_PASSWORD, type Harness } from './harness.ts'
import { launchChromium, signInToWall, startWallServer } from './wall-browser.ts'
import { SCREENSHOTS } from './browser.ts'

let h: Harness
let base: string
let browser: Browser

interface Rect {
  left: number
  top: number
  right: number
  bottom: number
}
interface MapReading {
  /** The u the map last laid itself out for (data-u). */
  u: number
  map: Rect
  legend: Rect | null
  legendText: string
  labels: { text: string; anchor: string; rect: Rect }[]
  hidden: number
  fontSize: number
  paint: { radius: unknown; stroke: unknown; district: unknown; areas: unknown }
  canvas: { width: number; clientWidth: number; height: number; clientHeight: number; dpr: number }
}

const intersects = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
const inside = (a: Rect, b: Rect) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom

/** Waits until the map has laid its labels out for the page's current u, then reads it. */
async function readMap(page: Page, u: number): Promise<MapReading> {
  await page.waitForSelector('.wall-map canvas.maplibregl-canvas', { timeout: 30_000 })
  await page.waitForFunction((want) => Number(document.querySelector('.wall-map')?.getAttribute('data-u')) === want, u, { timeout: 30_000 })
  return page.evaluate(() => {
    const box = (e: Element): Rect => {
      const r = e.getBoundingClientRect()
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
    }
    const root = document.querySelector('.wall-map')!
    const all = [...root.querySelectorAll('.wall-map-label')]
    const shown = all.filter((e) => getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).display !== 'none')
    const legend = root.querySelector('.wall-map-legend')
    const canvas = root.querySelector('canvas.maplibregl-canvas') as HTMLCanvasElement
    // the maplibre map, exposed on its container for tests (WallMap.vue)
    const map = (root.querySelector('.maplibregl-map') as unknown as { wallMap: { getPaintProperty(l: string, p: string): unknown } }).wallMap
    return {
      u: Number(root.getAttribute('data-u')),
      map: box(root),
      legend: legend ? box(legend) : null,
      legendText: legend?.textContent ?? '',
      labels: shown.map((e) => ({ text: e.textContent ?? '', anchor: e.getAttribute('data-anchor') ?? '', rect: box(e) })),
      hidden: all.length - shown.length,
      fontSize: shown[0] ? parseFloat(getComputedStyle(shown[0]).fontSize) : 0,
      paint: {
        radius: map.getPaintProperty('points', 'circle-radius'),
        stroke: map.getPaintProperty('points', 'circle-stroke-width'),
        district: map.getPaintProperty('district-line', 'line-width'),
        areas: map.getPaintProperty('areas-line', 'line-width'),
      },
      canvas: { width: canvas.width, clientWidth: canvas.clientWidth, height: canvas.height, clientHeight: canvas.clientHeight, dpr: devicePixelRatio },
    }
  })
}

/** What must hold at every screen size; `minShown`: the map is big enough for that many names. */
function expectReadable(m: MapReading, u: number, minShown = 7): void {
  expect(m.u).toBe(u)
  expect(m.labels.length + m.hidden).toBe(8)
  expect(m.labels.length).toBeGreaterThanOrEqual(minShown)
  for (const l of m.labels) expect(inside(l.rect, m.map), `${l.text} ${JSON.stringify(l.rect)} outside the map ${JSON.stringify(m.map)}`).toBe(true)
  for (let i = 0; i < m.labels.length; i++)
    for (let j = i + 1; j < m.labels.length; j++) expect(intersects(m.labels[i]!.rect, m.labels[j]!.rect), `${m.labels[i]!.text} overlaps ${m.labels[j]!.text}`).toBe(false)
  // the legend: inside the map, under no label
  expect(m.legend).not.toBeNull()
  expect(inside(m.legend!, m.map)).toBe(true)
  for (const l of m.labels) expect(intersects(l.rect, m.legend!), `${l.text} under the legend`).toBe(false)
  // type and marks in design pixels
  expect(m.fontSize).toBeCloseTo(17 * u, 1)
  // towns and streets 8, departments 4.5, a yellow or red department 6.5 design pixels
  expect(m.paint.radius).toEqual(['case', ['in', ['get', 'kind'], ['literal', ['town', 'street']]], 8 * u, ['match', ['coalesce', ['feature-state', 'level'], 'none'], ['red', 'yellow'], 6.5 * u, 4.5 * u]])
  expect(m.paint.stroke).toBe(1.5 * u)
  expect(m.paint.district).toBe(3 * u)
  expect(m.paint.areas).toBe(1 * u)
  // crisp: the canvas has one pixel per device pixel
  expect(m.canvas.width).toBe(Math.round(m.canvas.clientWidth * m.canvas.dpr))
  expect(m.canvas.height).toBe(Math.round(m.canvas.clientHeight * m.canvas.dpr))
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // a day of simulated history: the areas and points have levels to colour
  ;({ h, base } = await startWallServer({ backfillDays: 1 }))
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
})

describe('the wall map', { timeout: 240_000 }, () => {
  it('keeps its labels apart and inside, and scales its marks with u, at 1920×1080, 3840×2160, 3840×1080 and 1280×720', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await context.newPage()
    await signInToWall(page, base, 'wall.display', TEST_PASSWORD)
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 30_000 })
    // and a small 1280×720 screen (u = 2/3), where names must give way rather than overlap
    for (const [w, hh] of [[1920, 1080], [3840, 2160], [3840, 1080], [1280, 720]] as const) {
      const u = Math.min(w / 1920, hh / 1080)
      await page.setViewportSize({ width: w, height: hh })
      const m = await readMap(page, u)
      await page.waitForTimeout(300) // the canvas redraws on the next frame
      await page.screenshot({ path: `${SCREENSHOTS}/wall-map-${w}x${hh}.png` })
      await page.locator('.wall-grid > .map').screenshot({ path: `${SCREENSHOTS}/wall-map-panel-${w}x${hh}.png` })
      expectReadable(m, u, w < 1920 ? 4 : 7)
      expect(m.legendText).toMatch(/正常.*预警.*黄牌.*红牌/)
    }
    await context.close()
  })

  it('draws the canvas at devicePixelRatio 2 on a 4K screen scaled 200 %, legend in English', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 2 })
    await context.addInitScript(() => localStorage.setItem('dashboard:locale', 'en'))
    const page = await context.newPage()
    await signInToWall(page, base, 'wall.display', TEST_PASSWORD)
    await page.waitForSelector('.wall-grid.connection-live', { timeout: 30_000 })
    const m = await readMap(page, 1)
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${SCREENSHOTS}/wall-map-1920x1080@2x-en.png` })
    expectReadable(m, 1)
    expect(m.canvas.dpr).toBe(2)
    expect(m.canvas.width).toBe(2 * m.canvas.clientWidth)
    expect(m.legendText).toMatch(/Normal.*Warning.*Yellow.*Red/)
    await context.close()
  })
})

/**
 * The built dashboard's chunk graph (Vite's manifest): the wall never loads Element Plus, the
 * console and the window never load maplibre-gl (nor ECharts), and no chunk but maplibre-gl's own
 * prebuilt module passes 1,000 kB (the size Vite warns at). /m: a first screen without Vant or
 * socket.io-client, ≤ 150 kB of JS gzipped, whose chunks and CSS m.html preloads; only the Vant
 * styles its other screens use. The entry carries the Chinese core texts only: each surface's texts
 * and English are chunks of their own (dashboard/src/i18n/namespaces.ts).
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDashboard } from './browser.ts'
import { zhCN } from '../dashboard/src/i18n/zh-CN.ts'
import { en as coreEn } from '../dashboard/src/i18n/en.ts'
import { zh as consoleZh } from '../dashboard/src/features/console/messages.ts'
import { zh as adminZh } from '../dashboard/src/features/admin/messages.ts'
import { zh as wallZh } from '../dashboard/src/features/wall/messages.ts'
import { zh as mobileZh } from '../dashboard/src/features/mobile/messages.ts'
import { en as mobileEn } from '../dashboard/src/features/mobile/messages.en.ts'

const ROOT_NODE_MODULES = path.resolve(import.meta.dirname, '..', 'node_modules')

interface Chunk { file: string; name?: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }
let dir: string
let manifest: Record<string, Chunk>

beforeAll(async () => {
  dir = await buildDashboard()
  manifest = JSON.parse(readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>
}, 300_000)

/** The files a page loads when it opens `routes` (their static imports, transitively, and its entry's: index.html's or m.html's). */
function loads(routes: string[], page = 'index.html'): string[] {
  const seen = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key)) return
    const c = manifest[key]
    if (!c) throw new Error(`not in the manifest: ${key}`)
    seen.add(key)
    for (const k of c.imports ?? []) visit(k)
  }
  for (const r of [page, ...routes]) visit(r)
  return [...seen].flatMap((k) => [manifest[k]!.file, ...(manifest[k]!.css ?? [])])
}
/** Every string of a catalogue part. */
const leaves = (node: unknown): string[] => (typeof node === 'string' ? [node] : Array.isArray(node) ? (node as string[]) : Object.values(node as object).flatMap(leaves))
const text = (files: string[]) => files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n')
// a name from Element Plus's own code (file names of other chunks appear in every entry's preload map)
const ELEMENT_PLUS = /ElConfigProvider/

const WALL = ['src/features/wall/WallLayout.vue', 'src/features/wall/WallHome.vue', 'src/features/wall/WallMap.vue']
const CONSOLE = ['src/plugins/elementPlusFull.ts', 'src/features/console/layout/ConsoleLayout.vue', 'src/features/console/cases/CaseMonitor.vue', 'src/features/console/cases/CaseDetail.vue', 'src/features/console/cards/CardsPage.vue']
const WINDOW = ['src/plugins/elementPlusFull.ts', 'src/features/window/WindowLayout.vue', 'src/features/window/WindowCases.vue', 'src/features/window/CasePage.vue']

describe('the chunk graph', () => {
  it("the markers the checks look for are in the libraries' own chunks (the checks can fail)", () => {
    const js = (name: string) => readFileSync(path.join(dir, Object.values(manifest).find((c) => c.name === name && c.file.endsWith('.js'))!.file), 'utf8')
    expect(js('maplibre')).toMatch(/MapLibre logo/)
    expect(js('echarts')).toMatch(/__ec_inner_/)
    expect(js('element-plus')).toMatch(ELEMENT_PLUS)
  })
  it('the wall (its map included) loads no Element Plus', () => {
    const files = loads(WALL)
    expect(files.some((f) => /maplibre/.test(f))).toBe(true) // sanity: the map's library is reached
    expect(files.filter((f) => /element-plus|elementPlus/i.test(f))).toEqual([])
    expect(text(files)).not.toMatch(ELEMENT_PLUS)
  })
  it('the console and the window load neither maplibre-gl nor ECharts', () => {
    for (const files of [loads(CONSOLE), loads(WINDOW)]) {
      expect(files.some((f) => /element-plus/.test(f))).toBe(true) // sanity
      expect(files.filter((f) => /maplibre|echarts/i.test(f))).toEqual([])
      // maplibre's and ECharts' code is only in their own chunks
      for (const f of files.filter((x) => x.endsWith('.js'))) expect(readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/MapLibre logo|__ec_inner_/)
    }
  })
  it('/public loads no Element Plus and no maplibre-gl; only its statistics page reaches ECharts, on demand (a dynamic import)', () => {
    const pages = ['PublicLayout', 'PublicHome', 'RankingPage', 'GuidePage', 'CardsPage', 'ScorecardsPage', 'ScorecardPage', 'StatisticsPage', 'OpenDataPage'].map((p) => `src/features/public/${p}.vue`)
    const files = loads(pages)
    expect(files.filter((f) => /element-plus|elementPlus|maplibre|echarts/i.test(f))).toEqual([])
    expect(manifest['src/features/public/StatisticsPage.vue']!.dynamicImports).toContain('src/features/public/statisticsCharts.ts')
    expect(loads(['src/features/public/statisticsCharts.ts']).some((f) => /echarts/.test(f))).toBe(true)
  })

  it('no chunk passes 1,000 kB but maplibre-gl, which ships as one prebuilt module', () => {
    const big = Object.values(manifest).filter((c) => c.file.endsWith('.js') && statSync(path.join(dir, c.file)).size > 1_000_000).map((c) => c.name)
    expect(big).toEqual(['maplibre'])
  })

  it('no stylesheet loads anything from another host, and the text assets have their .br and .gz beside them', () => {
    const css = Object.values(manifest).flatMap((c) => c.css ?? [])
    expect(css.length).toBeGreaterThan(0)
    // Vant's own stylesheet lists //at.alicdn.com for its icon font: removed at build (dashboard/offlineCss.ts)
    expect(readFileSync(path.join(ROOT_NODE_MODULES, 'vant/lib/index.css'), 'utf8')).toMatch(/url\(\/\/at\.alicdn\.com/)
    for (const f of new Set(css)) expect(readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/url\(\s*["']?(https?:)?\/\//)
    for (const c of Object.values(manifest).filter((x) => x.file.endsWith('.js') && statSync(path.join(dir, x.file)).size >= 1024)) {
      expect(statSync(path.join(dir, `${c.file}.br`)).size, c.file).toBeLessThan(statSync(path.join(dir, c.file)).size)
      expect(statSync(path.join(dir, `${c.file}.gz`)).size, c.file).toBeLessThan(statSync(path.join(dir, c.file)).size)
    }
  })

  it("the entry chunk has the Chinese core texts, none of a surface's and no English; /m's Chinese texts are a chunk m.html preloads", () => {
    const entry = text(loads([]))
    expect(entry).toContain(zhCN.status.states.unreachable) // sanity: the core is there, as written
    const core = leaves(zhCN).join('\n')
    // texts long enough to be nobody else's (Chinese, or English of several words: a lone 'Unknown'
    // is in library code too), and not also (part of) a core text
    const own = (part: unknown) => leaves(part).filter((t) => t.length >= 6 && (/[\u4e00-\u9fff]/.test(t) || t.includes(' ')) && !core.includes(t))
    for (const [name, part] of Object.entries({ console: consoleZh, admin: adminZh, wall: wallZh, mobile: mobileZh, coreEn, mobileEn })) {
      const texts = own(part)
      expect(texts.length, name).toBeGreaterThan(5)
      expect(texts.filter((t) => entry.includes(t)), name).toEqual([])
    }
    const mobileTexts = manifest['src/features/mobile/messages.ts']!.file
    expect(readFileSync(path.join(dir, mobileTexts), 'utf8')).toContain(mobileZh.overview.heading)
    for (const page of ['m.html', 'm-home.html']) expect(readFileSync(path.join(dir, page), 'utf8'), page).toContain(`<link rel="modulepreload" crossorigin href="/${mobileTexts}">`)
  })

  it("/m: its own pages (m.html, m-home.html) preload the first screen's chunks, CSS and session (and /m the overview's data); the first screen has neither Vant nor socket.io-client; only the Vant styles the other screens use; the first screen ≤ 150 kB of JS gzipped", () => {
    const MOBILE = ['src/features/mobile/MobileLayout.vue', 'src/features/mobile/MobileOverview.vue', 'src/features/mobile/messages.ts']
    const files = loads(MOBILE, 'm.html')
    const m = readFileSync(path.join(dir, 'm.html'), 'utf8')
    const index = readFileSync(path.join(dir, 'index.html'), 'utf8')
    for (const f of files) expect(m, f).toContain(`/${f}`) // every file of the first screen is named in m.html (preloaded or the entry's own)
    expect(m).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/MobileLayout-[^"]+\.js">/)
    expect(m).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/MobileOverview-[^"]+\.js">/)
    expect(index).not.toMatch(/MobileLayout/)
    // /m's own entry: only /m's routes, none of the other surfaces' (their layouts are not in its chunks)
    const entry = text(loads([], 'm.html'))
    expect(text(loads([]))).toMatch(/ConsoleLayout/) // sanity: the dashboard's entry names them
    expect(entry).not.toMatch(/ConsoleLayout|WindowLayout|AdminLayout|WallLayout|PublicLayout|LandingPage/)
    expect(entry).toMatch(/MobileOverview/)
    // the session the router's guard reads first, preloaded; /m itself (m-home.html) preloads the overview's data too
    const home = readFileSync(path.join(dir, 'm-home.html'), 'utf8')
    for (const page of [m, home]) expect(page).toContain('<link rel="preload" href="/api/v1/auth/session" as="fetch" crossorigin>')
    expect(home).toContain('<link rel="preload" href="/api/v1/mobile/overview" as="fetch" crossorigin>')
    expect(m).not.toContain('/api/v1/mobile/overview')
    for (const f of files) expect(home, f).toContain(`/${f}`)
    // /m itself paints its pre-rendered overview with the HTML alone: the first screen's CSS is in its
    // head, the stylesheet links after the content (end of body), none in the head
    const [head, body] = home.split('<body>') as [string, string]
    expect(head).not.toMatch(/rel="stylesheet"/)
    for (const f of files.filter((x) => x.endsWith('.css'))) {
      expect(body, f).toContain(`<link rel="stylesheet" crossorigin href="/${f}">`)
      expect(head, f).toContain(readFileSync(path.join(dir, f), 'utf8').trim())
    }
    expect(home).toContain('<div id="app" data-prerender="m-overview"></div>') // the server's slot (server/mobile/prerender.ts)
    expect(m).toContain('<div id="app"></div>')
    // the first screen is plain markup: no Vant (its tab bar measured itself on mount), and the live
    // connection's library comes after the first paint (a dynamic import)
    expect(files.filter((f) => /vant/i.test(f))).toEqual([])
    expect(text(files)).not.toMatch(/xhr poll error/) // engine.io-client, inside socket.io-client
    const live = Object.values(manifest).find((c) => c.name === 'useMobileLive')!
    expect(text((live.dynamicImports ?? []).map((k) => manifest[k]!.file))).toMatch(/xhr poll error/) // its dynamic import
    // the screens with Vant components: no full Vant stylesheet (e.g. the calendar's rules), nor its icon font
    const vantScreens = loads(['src/features/mobile/MobileCards.vue', 'src/features/mobile/MobileInstruction.vue', 'src/features/mobile/MobileSettings.vue'])
    const css = vantScreens.filter((f) => f.endsWith('.css')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n')
    expect(css).toMatch(/\.van-button/)
    expect(css).toMatch(/\.van-empty/)
    expect(css).toMatch(/\.van-theme-dark/) // Vant's variables, dark ones too
    expect(css).not.toMatch(/\.van-calendar/)
    expect(css).not.toMatch(/\.van-icon-/) // nor its icon font (the tabs draw TabIcon.vue)
    const gz = files.filter((f) => f.endsWith('.js')).reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length, 0)
    expect(gz).toBeLessThanOrEqual(150_000)
  })
})

/**
 * Build step: completes `m.html`, /m's own page (dashboard/m.html: its entry features/mobile/main.ts
 * has only /m's routes), with `<link rel="modulepreload">` for the chunks /m's first screen needs
 * (the mobile layout, the overview, their static imports) and `<link rel="stylesheet">` for their
 * CSS, and a preload of the session the router's guard reads first. Without it the phone discovers them one after another (the entry → the router →
 * the session → the layout → the overview → its data), each a round trip on a mobile network.
 * `m-home.html` is the same page for `/m` itself, which also preloads the overview's data
 * (`GET /api/v1/mobile/overview`, read by the overview without If-None-Match the first time so the
 * preload answers it: useMobileResource.ts). The server sends `m-home.html` for `/m` and `m.html`
 * for `/m/*` (server/app.ts); `m-home.html`'s `#app` is the slot the server pre-renders the overview
 * into for a signed-in reader (server/mobile/prerender.ts). Only static links: the Content Security Policy allows no inline script.
 */
import type { Plugin } from 'vite'
import { MOBILE_PRERENDER_SLOT } from '../domain/contracts/api/mobile.ts'

/**
 * The modules whose chunks /m's first screen loads, relative to the dashboard's root: the layout,
 * the overview, and /m's Chinese texts (a chunk of their own, loaded by the router's guard).
 */
export const MOBILE_FIRST_SCREEN = ['src/features/mobile/MobileLayout.vue', 'src/features/mobile/MobileOverview.vue', 'src/features/mobile/messages.ts']

interface ChunkLike {
  type: 'chunk'
  fileName: string
  facadeModuleId: string | null
  imports: string[]
  viteMetadata?: { importedCss: Set<string> }
}
type OutputLike = ChunkLike | { type: 'asset'; fileName: string; source: string | Uint8Array }

/** The chunks (files) of `entries` and everything they import statically, and their CSS, in load order. */
export function firstScreenFiles(bundle: Record<string, OutputLike>, entries: readonly string[]): { js: string[]; css: string[] } {
  const chunks = Object.values(bundle).filter((o): o is ChunkLike => o.type === 'chunk')
  const js: string[] = []
  const css: string[] = []
  const visit = (c: ChunkLike) => {
    if (js.includes(c.fileName)) return
    js.push(c.fileName)
    for (const i of c.imports) {
      const dep = bundle[i]
      if (dep?.type === 'chunk') visit(dep)
    }
    for (const f of c.viteMetadata?.importedCss ?? []) if (!css.includes(f)) css.push(f)
  }
  for (const e of entries) {
    const c = chunks.find((x) => x.facadeModuleId?.replace(/\\/g, '/').endsWith(e))
    if (c) visit(c)
  }
  return { js, css }
}

/**
 * The installable app's manifest and theme colour, in the page itself: the browser sees them at once,
 * and the page's script does not add them (features/mobile/pwa.ts adds them only where missing).
 */
export const MOBILE_HEAD = [
  '<link rel="manifest" href="/m/manifest.webmanifest">',
  '<meta name="theme-color" content="#1f5fbf">',
  // same mode and credentials as apiFetch's request (cors, same-origin), so that request takes it
  '<link rel="preload" href="/api/v1/auth/session" as="fetch" crossorigin>',
]
/** The data of /m's first screen, preloaded by `m-home.html` (the page of `/m` itself). */
export const MOBILE_HOME_DATA = ['/api/v1/mobile/overview']

/** index.html with the links added at the end of its head (after the entry's own). */
export function withPreloads(html: string, files: { js: string[]; css: string[] }, base = '/', head: readonly string[] = []): string {
  const links = [
    ...head,
    ...files.css.map((f) => `<link rel="stylesheet" crossorigin href="${base}${f}">`),
    ...files.js.map((f) => `<link rel="modulepreload" crossorigin href="${base}${f}">`),
  ]
  return html.replace(/\n?\s*<\/head>/, `\n${links.map((l) => `    ${l}\n`).join('')}  </head>`)
}

const STYLESHEET = /\s*<link rel="stylesheet" crossorigin href="\/([^"]+\.css)">/g

/**
 * The page's stylesheets inlined in its head (one `<style>`), their links moved to the end of the
 * body: the pre-rendered first screen (m-home.html) paints with the HTML alone, not after another
 * round trip for 5 kB of CSS; the links, now after the content, no longer hold its first paint,
 * and the app's chunks find their CSS already in the page (Vite's loader adds a link only for a
 * stylesheet the page has not) instead of fetching it before they run. `read`: a file's CSS.
 */
export function inlineStylesheets(html: string, read: (file: string) => string | null): string {
  const links = [...html.matchAll(STYLESHEET)].map((m) => ({ tag: m[0].trim(), css: read(m[1]!) }))
  if (links.length === 0 || links.some((l) => l.css === null)) return html
  const css = links.map((l) => l.css!.trim()).join('\n').replace(/<\/style/gi, '<\\/style')
  let first = true
  const head = html.replace(STYLESHEET, (m) => {
    if (!first) return ''
    first = false
    return `${m.match(/^\s*/)![0]}<style>${css}</style>`
  })
  return head.replace(/\n?\s*<\/body>/, `\n${links.map((l) => `    ${l.tag}\n`).join('')}  </body>`)
}

export function mobileHtml(): Plugin {
  return {
    name: 'supervision:mobile-html',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle['m.html']
      if (!page || page.type !== 'asset') return
      const files = firstScreenFiles(bundle as unknown as Record<string, OutputLike>, MOBILE_FIRST_SCREEN)
      // the entry's own chunk and its imports are already in the page
      const html = String(page.source)
      const own = { js: files.js.filter((f) => !html.includes(f)), css: files.css.filter((f) => !html.includes(f)) }
      page.source = withPreloads(html, own, '/', MOBILE_HEAD)
      const data = MOBILE_HOME_DATA.map((u) => `<link rel="preload" href="${u}" as="fetch" crossorigin>`)
      // m-home.html leaves the server a slot for the pre-rendered overview (server/mobile/prerender.ts)
      const asset = (f: string) => {
        const a = bundle[f]
        return a?.type === 'asset' ? String(a.source) : null
      }
      const home = inlineStylesheets(withPreloads(html, own, '/', [...MOBILE_HEAD, ...data]), asset).replace('<div id="app"></div>', MOBILE_PRERENDER_SLOT)
      this.emitFile({ type: 'asset', fileName: 'm-home.html', source: home })
    },
  }
}

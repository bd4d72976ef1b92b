/**
 * Build step: writes `m.html` beside `index.html` — the same page, plus `<link rel="modulepreload">`
 * for the chunks /m's first screen needs (the mobile layout, the overview, their static imports:
 * Vant's chunk among them) and `<link rel="stylesheet">` for their CSS. Without it the phone
 * discovers them one after another (the entry → the router → the layout → Vant and its styles →
 * the overview), each a round trip on a mobile network. The server sends `m.html` for `/m` and
 * `/m/*` (server/app.ts). Only static links: the Content Security Policy allows no inline script.
 */
import type { Plugin } from 'vite'

/** The modules whose chunks /m's first screen loads, relative to the dashboard's root. */
export const MOBILE_FIRST_SCREEN = ['src/features/mobile/MobileLayout.vue', 'src/features/mobile/MobileOverview.vue']

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

/** index.html with the links added at the end of its head (after the entry's own). */
export function withPreloads(html: string, files: { js: string[]; css: string[] }, base = '/'): string {
  const links = [
    ...files.css.map((f) => `<link rel="stylesheet" crossorigin href="${base}${f}">`),
    ...files.js.map((f) => `<link rel="modulepreload" crossorigin href="${base}${f}">`),
  ]
  return html.replace(/\n?\s*<\/head>/, `\n${links.map((l) => `    ${l}\n`).join('')}  </head>`)
}

export function mobileHtml(): Plugin {
  return {
    name: 'supervision:mobile-html',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html']
      if (!index || index.type !== 'asset') return
      const files = firstScreenFiles(bundle as unknown as Record<string, OutputLike>, MOBILE_FIRST_SCREEN)
      // the entry's own chunk is already in index.html
      const html = String(index.source)
      const own = { js: files.js.filter((f) => !html.includes(f)), css: files.css.filter((f) => !html.includes(f)) }
      this.emitFile({ type: 'asset', fileName: 'm.html', source: withPreloads(html, own) })
    },
  }
}

/**
 * What the SPA shell of a public page preloads: the built dashboard's chunk graph (Vite's
 * `.vite/manifest.json`) gives, for the page's own modules (the public layout, the page), the
 * chunks and stylesheets they load — fetched with the entry instead of one after another (the
 * entry → the router → the layout → the page → its data, each a round trip on a mobile network).
 * Only static links: the Content Security Policy allows no inline script.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  css?: string[]
}
export type Manifest = Record<string, ManifestChunk>

/** The public layout, every public page's parent (dashboard/src/features/public/surface.ts). */
export const PUBLIC_LAYOUT = 'src/features/public/PublicLayout.vue'

export function readManifest(dashboardDir: string | null): Manifest | null {
  const file = dashboardDir ? path.join(dashboardDir, '.vite', 'manifest.json') : null
  if (!file || !existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest
  } catch {
    return null
  }
}

/** The files of `key` and of everything it imports statically. */
function closure(manifest: Manifest, key: string, into: { js: string[]; css: string[] }): void {
  const chunk = manifest[key]
  if (!chunk || into.js.includes(chunk.file)) return
  into.js.push(chunk.file)
  for (const i of chunk.imports ?? []) closure(manifest, i, into)
  for (const c of chunk.css ?? []) if (!into.css.includes(c)) into.css.push(c)
}

/**
 * `<link>`s for the modules' chunks and stylesheets, without what the shell loads anyway (the
 * entry and its static imports), and for the page's data (`fetches`: same mode and credentials as
 * apiFetch's request, which then takes the preloaded answer).
 */
export function preloadLinks(manifest: Manifest | null, modules: readonly string[], fetches: readonly string[] = []): string[] {
  const data = fetches.map((u) => `<link rel="preload" href="${u}" as="fetch" crossorigin>`)
  if (!manifest) return data
  const entry = { js: [] as string[], css: [] as string[] }
  for (const [key, c] of Object.entries(manifest)) if (c.isEntry) closure(manifest, key, entry)
  const own = { js: [] as string[], css: [] as string[] }
  for (const m of modules) closure(manifest, m, own)
  // the page's stylesheets are fetched early but block no paint: the pre-rendered content has its
  // own style, and the SPA's chunk loader adds each as a stylesheet (from this preload) and waits
  // for it before the page is drawn
  return [
    ...own.css.filter((f) => !entry.css.includes(f)).map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`),
    ...own.js.filter((f) => !entry.js.includes(f)).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
    ...data,
  ]
}

/** Stylesheets up to this size are put into the page itself (one round trip less before the first paint). */
export const INLINE_CSS_MAX_BYTES = 8192

/**
 * The shell with the entry's small stylesheets inlined (`<style>`), for the pre-rendered pages: the
 * only render-blocking request of such a page is then the page itself. The Content Security Policy
 * allows inline styles (plugins/app/policy.ts). A stylesheet missing or larger stays a link.
 */
export function inlineEntryStyles(shell: string, dashboardDir: string | null): string {
  if (!dashboardDir) return shell
  return shell.replace(/<link rel="stylesheet"(?: crossorigin)? href="\/(assets\/[\w.-]+\.css)">/g, (link, file: string) => {
    const full = path.join(dashboardDir, file)
    if (!existsSync(full)) return link
    const css = readFileSync(full, 'utf8')
    return css.length <= INLINE_CSS_MAX_BYTES && !css.includes('</style') ? `<style>${css}</style>` : link
  })
}

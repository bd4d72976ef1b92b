/**
 * The public pages' preloads from the build's chunk graph: a page's chunks, their static imports
 * and stylesheets, without what the shell (the entry) loads anyway; the page's data as a fetch.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inlineEntryStyles, INLINE_CSS_MAX_BYTES, preloadLinks, type Manifest } from './shell.ts'

const manifest: Manifest = {
  'index.html': { file: 'assets/index-1.js', isEntry: true, imports: ['_runtime.js'], css: ['assets/index-1.css'] },
  '_runtime.js': { file: 'assets/runtime-1.js' },
  '_messages.js': { file: 'assets/messages-1.js', imports: ['_runtime.js'] },
  'src/features/public/PublicLayout.vue': { file: 'assets/PublicLayout-1.js', imports: ['_runtime.js', '_messages.js'], css: ['assets/PublicLayout-1.css'] },
  'src/features/public/RankingPage.vue': { file: 'assets/RankingPage-1.js', imports: ['_runtime.js', '_messages.js', '_table.js'], css: ['assets/RankingPage-1.css'] },
  '_table.js': { file: 'assets/table-1.js', imports: ['_runtime.js'], css: ['assets/index-1.css'] },
}

describe("a public page's preloads", () => {
  it("lists the page's chunks and stylesheets once, without the entry's, then its data", () => {
    expect(preloadLinks(manifest, ['src/features/public/PublicLayout.vue', 'src/features/public/RankingPage.vue'], ['/api/v1/public/ranking'])).toEqual([
      '<link rel="preload" as="style" crossorigin href="/assets/PublicLayout-1.css">',
      '<link rel="preload" as="style" crossorigin href="/assets/RankingPage-1.css">',
      '<link rel="modulepreload" crossorigin href="/assets/PublicLayout-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/messages-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/RankingPage-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/table-1.js">',
      '<link rel="preload" href="/api/v1/public/ranking" as="fetch" crossorigin>',
    ])
  })

  it('without a build (no manifest) or for an unknown module, only what is known', () => {
    expect(preloadLinks(null, ['src/features/public/RankingPage.vue'], ['/api/v1/public/ranking'])).toEqual(['<link rel="preload" href="/api/v1/public/ranking" as="fetch" crossorigin>'])
    expect(preloadLinks(manifest, ['src/features/public/Nowhere.vue'])).toEqual([])
  })
})

describe("the pre-rendered pages' shell", () => {
  it('carries the small stylesheets of the entry inline, keeps a large or missing one as a link', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shell-css-'))
    try {
      mkdirSync(path.join(dir, 'assets'))
      writeFileSync(path.join(dir, 'assets', 'shell-1.css'), ':root{--c-bg:#f4f6fa}#app{min-height:100vh}')
      writeFileSync(path.join(dir, 'assets', 'big-1.css'), `a{color:red}${' '.repeat(INLINE_CSS_MAX_BYTES)}`)
      const shell = ['shell-1', 'big-1', 'gone-1'].map((f) => `<link rel="stylesheet" crossorigin href="/assets/${f}.css">`).join('\n')
      expect(inlineEntryStyles(shell, dir).split('\n')).toEqual([
        '<style>:root{--c-bg:#f4f6fa}#app{min-height:100vh}</style>',
        '<link rel="stylesheet" crossorigin href="/assets/big-1.css">',
        '<link rel="stylesheet" crossorigin href="/assets/gone-1.css">',
      ])
      expect(inlineEntryStyles(shell, null)).toBe(shell)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

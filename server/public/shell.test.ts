/**
 * The public pages' preloads from the build's chunk graph: a page's chunks, their static imports
 * and stylesheets, without what the shell (the entry) loads anyway; the page's data as a fetch.
 */
import { describe, expect, it } from 'vitest'
import { preloadLinks, type Manifest } from './shell.ts'

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
      '<link rel="stylesheet" crossorigin href="/assets/PublicLayout-1.css">',
      '<link rel="stylesheet" crossorigin href="/assets/RankingPage-1.css">',
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

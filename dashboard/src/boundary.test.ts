/**
 * The dashboard may import from outside dashboard/src only the browser-safe contract package
 * (domain/contracts/ and domain/realtime/, runtime and types: topics, roles, levels, the wall
 * reducer…) and types from the rest of domain/ (`import type`, relative paths): never server/,
 * workers/, sql/ or other domain/ runtime code, which would pull Node-only modules (luxon zones,
 * typebox compilers…) into the browser bundle. That the contract package itself is browser-safe
 * is domain/contracts/browserSafe.test.ts.
 */
import { describe, expect, it } from 'vitest'

const sources = import.meta.glob<string>(['./**/*.ts', './**/*.vue', '!./**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

interface ImportSite {
  file: string
  specifier: string
  typeOnly: boolean
}

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string, text: string): ImportSite[] {
  const sites: ImportSite[] = []
  for (const m of text.matchAll(STATIC)) sites.push({ file, specifier: m[3]!, typeOnly: Boolean(m[2]) })
  for (const m of text.matchAll(DYNAMIC)) sites.push({ file, specifier: m[1]!, typeOnly: false })
  return sites
}

/** Where a relative specifier points, as a path from the dashboard folder ('src/…', 'domain/…' → '../domain/…'). */
function resolveFromSrc(file: string, specifier: string): string {
  const url = new URL(specifier, new URL(file.replace(/^\.\//, ''), 'file:///dashboard/src/'))
  return decodeURIComponent(url.pathname)
}

/** The browser-safe contract package (runtime imports allowed). */
const CONTRACT_FOLDERS = ['/domain/contracts/', '/domain/realtime/']
/** The API's response schemas (TypeBox): their types only. */
const API_SCHEMAS = '/domain/contracts/api/'

const sites = Object.entries(sources).flatMap(([file, text]) => importsOf(file, text))

/**
 * Domain modules the pages may import at run time: pure tables and sentences shared with the server
 * so that each exists once (card rule codes, the deadline rule sentences in both languages). Each
 * must import nothing at run time itself (checked below), so it cannot pull Node-only code in.
 */
const BROWSER_SAFE = import.meta.glob<string>(['../../domain/rules/cardRules.ts', '../../domain/clock/ruleSentences.ts'], { query: '?raw', import: 'default', eager: true })
const browserSafe = new Set(Object.keys(BROWSER_SAFE).map((f) => f.replace(/^\.\.\/\.\./, '')))

describe('import boundary', () => {
  it('finds the sources (sanity check of the scan itself)', () => {
    expect(Object.keys(sources)).toContain('./main.ts')
    expect(Object.keys(sources)).toContain('./App.vue')
    expect(sites.some((s) => s.specifier === 'vue')).toBe(true)
  })

  it('imports nothing outside dashboard/src but the contract package and domain/ types', () => {
    const offending = sites
      .filter((s) => s.specifier.startsWith('.') || s.specifier.startsWith('/'))
      .map((s) => ({ ...s, target: resolveFromSrc(s.file, s.specifier) }))
      .filter((s) => !s.target.startsWith('/dashboard/src/'))
      .filter((s) => !(s.target.startsWith('/domain/') && (s.typeOnly || browserSafe.has(s.target))))
      .filter((s) => !(CONTRACT_FOLDERS.some((f) => s.target.startsWith(f)) && !s.target.startsWith(API_SCHEMAS)))
    expect(offending).toEqual([])
  })

  it('the browser-safe domain modules import nothing at run time', () => {
    expect([...browserSafe].sort()).toEqual(['/domain/clock/ruleSentences.ts', '/domain/rules/cardRules.ts'])
    for (const [file, text] of Object.entries(BROWSER_SAFE)) expect(importsOf(file, text).filter((x) => !x.typeOnly), file).toEqual([])
  })

  it('does not reach the server side through package-style paths either', () => {
    const offending = sites.filter((s) => /(^|\/)(server|workers|sql)\//.test(s.specifier))
    expect(offending).toEqual([])
  })
})

/**
 * The contract package (domain/contracts/, domain/realtime/) is imported at runtime by the browser
 * (dashboard/), the server, the workers and the load driver, so it must run anywhere: no Node
 * built-ins, no npm packages, no runtime import of the rest of domain/ (luxon zones, typebox
 * compilers, JSON data) — only of itself. Types from anywhere in domain/ are fine (erased).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const domain = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const FOLDERS = ['contracts', 'realtime']
const files = FOLDERS.flatMap((f) =>
  readdirSync(join(domain, f))
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && !n.endsWith('.typecheck.ts'))
    .map((n) => join(domain, f, n)),
)

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

describe('the contract package is browser-safe', () => {
  it('finds its files (sanity check of the scan)', () => {
    const names = files.map((f) => relative(domain, f))
    expect(names).toContain('realtime/reduceWall.ts')
    expect(names).toContain('contracts/roles.ts')
  })

  it('imports at runtime only from itself; packages and Node built-ins not at all', () => {
    const offending: string[] = []
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      const sites = [...text.matchAll(STATIC)].map((m) => ({ spec: m[3]!, typeOnly: Boolean(m[2]) })).concat([...text.matchAll(DYNAMIC)].map((m) => ({ spec: m[1]!, typeOnly: false })))
      for (const { spec, typeOnly } of sites) {
        if (!spec.startsWith('.')) {
          offending.push(`${relative(domain, file)} → ${spec}`) // a package or node: built-in, even as a type
          continue
        }
        const target = relative(domain, resolve(dirname(file), spec))
        if (typeOnly) continue
        if (!FOLDERS.some((f) => target.startsWith(`${f}/`))) offending.push(`${relative(domain, file)} → ${target}`)
      }
    }
    expect(offending).toEqual([])
  })
})

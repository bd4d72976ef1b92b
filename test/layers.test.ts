/**
 * Which top-level folder may import which (the folders' READMEs say the same): server/ and
 * workers/ meet only in PostgreSQL and Redis, sharing code through domain/ and infra/; infra/
 * imports neither of them; domain/ imports no other folder of the repository. Checked on every
 * import and export specifier (static, dynamic, type-only), tests of a folder included, except
 * server/test/ and infra/'s tests (which start real workers beside the server).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SKIP = new Set(['node_modules', 'dist', '.data'])

function listTs(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    if (SKIP.has(name)) return []
    const rel = `${dir}/${name}`
    if (statSync(join(root, rel)).isDirectory()) return listTs(rel)
    return name.endsWith('.ts') ? [rel] : []
  })
}

const SPECIFIER = /(?:^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?|\bimport\(\s*)['"]([^'"]+)['"]/gm

/** The top-level folders a file imports from (relative specifiers only). */
function foldersImported(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1]!)
    .filter((s) => s.startsWith('.'))
    .map((specifier) => ({ specifier, folder: relative(root, resolve(root, dirname(file), specifier)).split('/')[0]! }))
}

/** folder → the folders it must not import from. */
const FORBIDDEN: Record<string, { never: string[]; except?: (file: string) => boolean }> = {
  workers: { never: ['server', 'dashboard'] },
  // its tests drive real workers and servers through it
  infra: { never: ['server', 'workers', 'dashboard', 'sql'], except: (f) => f.endsWith('.test.ts') },
  server: { never: ['workers', 'dashboard'], except: (f) => f.startsWith('server/test/') },
  sql: { never: ['server', 'workers', 'infra', 'dashboard'] },
  domain: { never: ['server', 'workers', 'infra', 'sql', 'dashboard', 'scripts'] },
}

describe('import rules between the top-level folders', () => {
  it('finds the imports (sanity check of the scan)', () => {
    expect(foldersImported('workers/main.ts').map((x) => x.folder)).toEqual(expect.arrayContaining(['domain', 'infra', 'workers']))
  })

  it.each(Object.keys(FORBIDDEN))('%s/ imports none of the folders it must not', (folder) => {
    const rule = FORBIDDEN[folder]!
    const offending = listTs(folder)
      .filter((f) => !rule.except?.(f))
      .flatMap((f) => foldersImported(f).filter((x) => rule.never.includes(x.folder)).map((x) => `${f} → ${x.specifier}`))
    expect(offending).toEqual([])
  })
})

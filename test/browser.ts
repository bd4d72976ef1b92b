/**
 * What every browser test (and the wall soak benchmark) shares: the dashboard built once, and
 * Debian's chromium launched through playwright-core with the flags of STACK-NOTES.md.
 *
 * The build is cached by content: `.data/test-dashboard/<hash>` where the hash covers the
 * dashboard's sources, the domain types it imports and the lock file. Test files run in parallel
 * worker processes; the first one builds (under a lock directory), the others wait and reuse it.
 * A stale build can therefore never be tested, and one run builds at most once.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Where screenshots go (look at them). */
export const SCREENSHOTS = path.join(ROOT, 'test-results')

/** chromium flags from STACK-NOTES.md (plus --no-sandbox: tests run as root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]

/** Debian's chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist') continue
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) hashTree(hash, p)
    else {
      hash.update(path.relative(ROOT, p))
      hash.update(readFileSync(p))
    }
  }
}

function buildKey(): string {
  const h = createHash('sha256')
  for (const d of ['dashboard', 'domain', 'data/zhenjiang/geo']) if (existsSync(path.join(ROOT, d))) hashTree(h, path.join(ROOT, d))
  h.update(readFileSync(path.join(ROOT, 'package-lock.json')))
  return h.digest('hex').slice(0, 16)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The dashboard built from the current sources (cached by content); resolves its folder. */
export async function buildDashboard(): Promise<string> {
  const base = path.join(ROOT, '.data', 'test-dashboard')
  const dir = path.join(base, buildKey())
  const done = path.join(dir, '.complete')
  const lock = `${dir}.lock`
  mkdirSync(base, { recursive: true })
  for (let waited = 0; !existsSync(done); waited += 250) {
    try {
      mkdirSync(lock) // atomic: only one process builds
    } catch {
      // a build in another process; one left by a killed run is taken over after 5 minutes
      if (waited > 300_000) rmSync(lock, { recursive: true, force: true })
      await sleep(250)
      continue
    }
    try {
      if (!existsSync(done)) {
        const { build } = await import('vite')
        await build({ configFile: path.join(ROOT, 'dashboard/vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } })
        writeFileSync(done, new Date().toISOString())
      }
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
  }
  return dir
}

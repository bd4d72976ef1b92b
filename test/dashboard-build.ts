/**
 * Builds the dashboard once into a temporary folder for browser tests (vite's JS API with
 * dashboard/vite.config.ts, `outDir` overridden), so a test never depends on a stale dashboard/dist.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const CONFIG = fileURLToPath(new URL('../dashboard/vite.config.ts', import.meta.url))

export interface BuiltDashboard {
  dir: string
  remove(): Promise<void>
}

export async function buildDashboard(): Promise<BuiltDashboard> {
  const { build } = await import('vite')
  const dir = await mkdtemp(path.join(tmpdir(), 'dashboard-'))
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } })
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** chromium flags from STACK-NOTES.md (plus --no-sandbox: tests run as root). */
export const CHROMIUM_ARGS = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
]

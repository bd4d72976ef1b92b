/**
 * Browser tests of the console: the dashboard built once into a temporary folder (vite build,
 * the repository's config) and chromium driven by playwright-core as STACK-NOTES.md says.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Builds the dashboard into a fresh temporary folder; returns it and a cleanup. */
export async function buildDashboard(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dashboard-'))
  await build({ configFile: path.join(ROOT, 'dashboard/vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } })
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** Debian's chromium, headless, with the flags that work on these machines (we run as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  })
}

/** Where screenshots go (look at them). */
export const SCREENSHOTS = path.join(ROOT, 'test-results')

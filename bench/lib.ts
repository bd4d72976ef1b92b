/** Shared helpers for benchmark scripts: statistics, machine facts, result files. */
import { execSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureServices, type Services } from '../scripts/services.ts'
import { createTestDatabase, type TestDatabase } from '../test/db.ts'
import { JURISDICTION, seedReference } from '../test/harness.ts'

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}

export function machine() {
  let commit = 'unknown'
  // changes to tracked source files (results and test output aside): the figures are not the commit's
  let uncommittedChanges: boolean | null = null
  try {
    commit = execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
    const status = execSync('git status --porcelain --untracked-files=no', { stdio: ['ignore', 'pipe', 'ignore'] }).toString()
    uncommittedChanges = status.split('\n').some((l) => l.trim() !== '' && !l.includes('bench/results/') && !l.includes('test-results/'))
  } catch {
    /* not a git checkout */
  }
  return { host: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, commit, uncommittedChanges }
}

/** The tree as the benchmark loaded it (a long run may outlive edits to the checkout). */
const LOADED = machine()

/** Writes `bench/results/<name>-<timestamp>.json` and returns its path. */
export function writeResult(name: string, result: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = path.join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine: LOADED, ...result }, null, 2)}\n`)
  return file
}

/**
 * A throwaway, migrated database for a benchmark, with 浈江区 and 33 departments: on DATABASE_URL,
 * or on an embedded PostgreSQL (data in .data/bench) when it is unset. `close()` drops it.
 */
export async function benchDatabase(name: string): Promise<{ db: TestDatabase; close(): Promise<void> }> {
  let services: Services | null = null
  if (!process.env.DATABASE_URL) {
    services = await ensureServices({ dataDir: './.data/bench', log: (m) => process.stderr.write(`[services] ${m}\n`) })
    process.env.DATABASE_URL = services.databaseUrl
  }
  const db = await createTestDatabase(name)
  await seedReference(db.pool)
  await db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) SELECT '440204-D' || lpad(i::text, 2, '0'), $1, '部门' || i FROM generate_series(1, 30) i`, [JURISDICTION])
  return {
    db,
    async close() {
      await db.drop()
      await services?.stop()
    },
  }
}

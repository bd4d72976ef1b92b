/**
 * The manifest of released migrations (`sql/migrations/manifest.json`: file → sha256 of its text).
 * A migration on main is never edited again (a database that applied the old text would either
 * refuse to start — the runner's checksum — or silently miss the change): fixes go in a new
 * migration. `sql/test/manifest.test.ts` fails when a listed migration changed or disappeared, and
 * when a migration is not listed yet.
 *
 * CLI: `npm run migrations:manifest` adds the migrations not yet listed; it never changes or
 * removes an entry (to "fix" a changed migration, restore its text and add a new one).
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadMigrations, MIGRATIONS_DIR, type Migration } from './migrate.ts'

export const MANIFEST_FILE = path.join(MIGRATIONS_DIR, 'manifest.json')

/** file name → sha256 (hex) of the file's text as released. */
export type MigrationManifest = Record<string, string>

export interface ManifestCheck {
  /** Listed, but the file's text is not the released one. */
  changed: string[]
  /** Listed, but the file is gone. */
  removed: string[]
  /** Files not listed yet (new migrations). */
  missing: string[]
}

/** Compares the migrations on disk with the manifest. Pure. */
export function checkManifest(manifest: MigrationManifest, migrations: readonly Pick<Migration, 'file' | 'checksum'>[]): ManifestCheck {
  const onDisk = new Map(migrations.map((m) => [m.file, m.checksum]))
  const changed: string[] = []
  const removed: string[] = []
  for (const [file, sum] of Object.entries(manifest)) {
    const now = onDisk.get(file)
    if (now === undefined) removed.push(file)
    else if (now !== sum) changed.push(file)
  }
  const missing = migrations.map((m) => m.file).filter((f) => !(f in manifest))
  return { changed: changed.sort(), removed: removed.sort(), missing: missing.sort() }
}

/** The manifest with the missing migrations added; existing entries are kept as they are. Pure. */
export function addMissing(manifest: MigrationManifest, migrations: readonly Pick<Migration, 'file' | 'checksum'>[]): MigrationManifest {
  const out: MigrationManifest = { ...manifest }
  for (const m of migrations) if (!(m.file in out)) out[m.file] = m.checksum
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
}

export async function readManifest(file = MANIFEST_FILE): Promise<MigrationManifest> {
  return JSON.parse(await readFile(file, 'utf8')) as MigrationManifest
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const migrations = await loadMigrations()
  const before = await readManifest().catch(() => ({}))
  const check = checkManifest(before, migrations)
  const after = addMissing(before, migrations)
  await writeFile(MANIFEST_FILE, `${JSON.stringify(after, null, 2)}\n`)
  process.stdout.write(check.missing.length ? `added ${check.missing.join(', ')}\n` : 'nothing to add\n')
  for (const f of check.changed) process.stderr.write(`${f} differs from its released text: restore it and add a new migration instead (the manifest keeps the released checksum)\n`)
  for (const f of check.removed) process.stderr.write(`${f} was removed: released migrations stay (the manifest keeps its entry)\n`)
  if (check.changed.length || check.removed.length) process.exitCode = 1
}

/**
 * Backs up the project's database: a pg_dump archive (custom format) and, beside it, a manifest
 * with the audit chain's head at the instant of the dump (scripts/backup/sidecars.ts).
 *
 *   DATABASE_URL=… npm run backup                       # → backups/<database>-<UTC time>/
 *   DATABASE_URL=… npm run backup -- --out /srv/backups/2026-12-05 [--pg-bin /usr/lib/postgresql/15/bin]
 *
 * The manifest's figures and the dump are one snapshot: a read-only REPEATABLE READ transaction
 * exports its snapshot, the sidecars are read in it, and pg_dump dumps that same snapshot
 * (`--snapshot`), so the recorded audit head is exactly the last row in the dump.
 *
 * The directory holds `database.dump` and `manifest.json` (format, time, server and pg_dump
 * versions, the dump's size and SHA-256, and the sidecars). Restore with `npm run restore`.
 * Exit codes: 0 written, 1 failed, 2 usage.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { chooseTool, findPgTools, majorOf, noToolMessage, type PgTool } from './backup/pgTools.ts'
import { SIDECARS } from './backup/sidecars.ts'

export const MANIFEST = 'manifest.json'
export const DUMP = 'database.dump'
export const FORMAT = 'zhenjiang-supervision-backup'

export interface Manifest {
  format: typeof FORMAT
  version: 1
  createdAt: string
  database: string
  server: { version: string; major: number }
  pgDump: { version: string; major: number }
  dump: { file: string; bytes: number; sha256: string }
  /** name → value, one per entry of SIDECARS */
  sidecars: Record<string, unknown>
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')))
  })
}

/** The URL without its password, and the password for PGPASSWORD (kept out of the process list). */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  const u = new URL(url)
  const password = u.password ? decodeURIComponent(u.password) : undefined
  u.password = ''
  return { url: u.toString(), password }
}

/** Runs a PostgreSQL client tool; rejects with its stderr on a non-zero exit. */
export function runTool(tool: string, args: string[], password: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(tool)} exited ${code}:\n${err.trim()}`))))
  })
}

export interface BackupOptions {
  databaseUrl: string
  /** The backup directory to create (must not exist, or be empty). */
  out?: string
  pgBin?: string
  log?: (line: string) => void
}

export async function backup(opts: BackupOptions): Promise<{ dir: string; manifest: Manifest }> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const client = new pg.Client({ connectionString: opts.databaseUrl })
  await client.connect()
  try {
    const { rows: info } = await client.query<{ db: string; version: string }>('SELECT current_database() AS db, current_setting(\'server_version\') AS version')
    const database = info[0]!.db
    const serverVersion = info[0]!.version
    const serverMajor = majorOf(serverVersion)!
    const found = findPgTools('pg_dump', { binDir: opts.pgBin })
    const pgDump: PgTool | null = chooseTool(found, { min: serverMajor, prefer: serverMajor })
    if (!pgDump) throw new Error(noToolMessage('pg_dump', { min: serverMajor, prefer: serverMajor }, found))

    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const dir = path.resolve(opts.out ?? path.join('backups', `${database}-${stamp}`))
    if (existsSync(dir) && (await fs.readdir(dir)).length > 0) throw new Error(`${dir} exists and is not empty: choose another --out`)
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    const dumpFile = path.join(dir, DUMP)

    // one snapshot for the sidecars and the dump
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const { rows: snap } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')
    const sidecars: Record<string, unknown> = {}
    for (const s of SIDECARS) sidecars[s.name] = await s.read(client)
    const { url, password } = splitPassword(opts.databaseUrl)
    log(`pg_dump ${pgDump.major} (${pgDump.path}) of ${database} on PostgreSQL ${serverVersion}`)
    const started = Date.now()
    await runTool(pgDump.path, ['--format=custom', `--snapshot=${snap[0]!.id}`, `--file=${dumpFile}`, `--dbname=${url}`], password)
    await client.query('COMMIT')

    await fs.chmod(dumpFile, 0o600) // it holds personal data
    const bytes = (await fs.stat(dumpFile)).size
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      database,
      server: { version: serverVersion, major: serverMajor },
      pgDump: { version: pgDump.version, major: pgDump.major },
      dump: { file: DUMP, bytes, sha256: await sha256File(dumpFile) },
      sidecars,
    }
    await fs.writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 })
    const audit = sidecars.audit as { head: { seq: number; hash: string }; chainLength: number }
    log(`backup written: ${dir} (${(bytes / 1024).toFixed(0)} KiB in ${((Date.now() - started) / 1000).toFixed(1)} s)`)
    log(`audit chain head ${audit.head.seq}:${audit.head.hash}, ${audit.chainLength} rows — keep this line apart from the backup too`)
    log(`备份完成：${dir}；审计链头 ${audit.head.seq}:${audit.head.hash}`)
    return { dir, manifest }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    await client.end().catch(() => {})
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let values: { out?: string; 'pg-bin'?: string }
  try {
    values = parseArgs({ options: { out: { type: 'string' }, 'pg-bin': { type: 'string' } } }).values
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: npm run backup [-- --out DIR] [--pg-bin DIR]\n`)
    process.exit(2)
  }
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    process.stderr.write('DATABASE_URL is not set / 未设置 DATABASE_URL\n')
    process.exit(2)
  }
  backup({ databaseUrl, ...(values.out ? { out: values.out } : {}), ...(values['pg-bin'] ? { pgBin: values['pg-bin'] } : {}) }).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`backup failed: ${(e as Error).message}\n备份失败。\n`)
      process.exit(1)
    },
  )
}

/**
 * Restores a backup made by `npm run backup` into an empty database, then proves it: the audit
 * chain verifies from its first row to the head recorded in the backup (anchored: a shorter or
 * rewritten chain fails), the row counts match, and every case's stored state equals a fresh fold
 * of its events.
 *
 *   DATABASE_URL=postgres://…/supervision_restored npm run restore -- backups/supervision-2026-12-05T… [--create] [--pg-bin DIR]
 *
 * - The target is DATABASE_URL. It must be empty (no tables); `--create` creates it first (it must
 *   not exist). A restore never overwrites a database that holds anything.
 * - The dump's SHA-256 is checked against the manifest before anything is touched.
 * - pg_restore runs in one transaction (`--single-transaction --exit-on-error`): all or nothing;
 *   objects are owned by the restoring user (`--no-owner`).
 * - TimescaleDB: when the backup came from a database with the extension, the target must have it
 *   available; `timescaledb_pre_restore()` / `timescaledb_post_restore()` wrap the restore.
 *
 * Exit codes: 0 restored and verified, 1 failed or not verified, 2 usage.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { sql } from '../sql/queries.ts'
import { DUMP, FORMAT, MANIFEST, runTool, sha256File, splitPassword, type Manifest } from './backup.ts'
import { chooseTool, findPgTools, majorOf, noToolMessage } from './backup/pgTools.ts'
import { SIDECARS, type SidecarCheck } from './backup/sidecars.ts'
import { verifyCaseStates } from './chaos/verifyStore.ts'

export interface RestoreOptions {
  databaseUrl: string
  /** the backup directory (holding manifest.json and database.dump) */
  dir: string
  /** create the target database first */
  create?: boolean
  pgBin?: string
  log?: (line: string) => void
}

export interface RestoreResult {
  ok: boolean
  checks: ({ name: string } & SidecarCheck)[]
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url)
  u.pathname = `/${db}`
  return u.toString()
}

export async function readManifest(dir: string): Promise<Manifest> {
  const m = JSON.parse(await fs.readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest
  if (m.format !== FORMAT || m.version !== 1) throw new Error(`${path.join(dir, MANIFEST)} is not a backup manifest of this project (format ${String(m.format)} version ${String(m.version)})`)
  return m
}

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const manifest = await readManifest(opts.dir)
  const dumpFile = path.join(opts.dir, manifest.dump.file || DUMP)
  const sha = await sha256File(dumpFile)
  if (sha !== manifest.dump.sha256) throw new Error(`${dumpFile} does not match its manifest (SHA-256 ${sha}, recorded ${manifest.dump.sha256}): the backup is damaged; nothing was restored`)

  const target = new URL(opts.databaseUrl).pathname.slice(1)
  if (!target) throw new Error('DATABASE_URL names no database')
  if (opts.create) {
    const admin = new pg.Client({ connectionString: withDatabase(opts.databaseUrl, 'postgres') })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(target)} ENCODING 'UTF8' TEMPLATE template0`)
    } finally {
      await admin.end()
    }
    log(`created database ${target}`)
  }

  const client = new pg.Client({ connectionString: opts.databaseUrl })
  await client.connect()
  let serverMajor: number
  try {
    const { rows } = await client.query<{ n: string }>(sql('restore_target_tables'))
    if (Number(rows[0]!.n) > 0) throw new Error(`database ${target} is not empty (${rows[0]!.n} tables): restore into a new database (--create) — nothing was restored`)
    const { rows: v } = await client.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)
    serverMajor = majorOf(v[0]!.version)!
    const counts = manifest.sidecars.counts as { timescaledb?: boolean } | undefined
    if (counts?.timescaledb) {
      await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb')
      await client.query('SELECT timescaledb_pre_restore()')
    }
  } finally {
    await client.end()
  }

  const need = { min: manifest.pgDump.major, prefer: serverMajor }
  const found = findPgTools('pg_restore', { binDir: opts.pgBin })
  const tool = chooseTool(found, need)
  if (!tool) throw new Error(noToolMessage('pg_restore', need, found))
  const { url, password } = splitPassword(opts.databaseUrl)
  log(`pg_restore ${tool.major} (${tool.path}) of ${manifest.database} (${manifest.createdAt}) into ${target}`)
  const started = Date.now()
  await runTool(tool.path, ['--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${url}`, dumpFile], password)
  log(`restored in ${((Date.now() - started) / 1000).toFixed(1)} s; verifying`)

  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 })
  try {
    if ((manifest.sidecars.counts as { timescaledb?: boolean } | undefined)?.timescaledb) await pool.query('SELECT timescaledb_post_restore()')
    const checks: RestoreResult['checks'] = []
    for (const s of SIDECARS) {
      if (!(s.name in manifest.sidecars)) continue
      checks.push({ name: s.name, ...(await s.verify(pool, manifest.sidecars[s.name])) })
    }
    const states = await verifyCaseStates(pool)
    checks.push({
      name: 'cases',
      ok: states.mismatched.length === 0,
      detail:
        states.mismatched.length === 0
          ? `${states.checked} cases equal a fresh fold of their events`
          : `${states.mismatched.length} of ${states.checked} cases differ from a fresh fold, e.g. ${states.mismatched.slice(0, 3).map((m) => `${m.caseNo} (${m.fields.join(', ')})`).join('; ')}`,
    })
    for (const c of checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`)
    const ok = checks.every((c) => c.ok)
    log(ok ? `恢复完成并已校验：${target}` : '恢复后的校验未通过。')
    return { ok, checks }
  } finally {
    await pool.end()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let parsed: { values: { create?: boolean; 'pg-bin'?: string }; positionals: string[] }
  try {
    parsed = parseArgs({ allowPositionals: true, options: { create: { type: 'boolean' }, 'pg-bin': { type: 'string' } } })
    if (parsed.positionals.length !== 1) throw new Error('one backup directory expected')
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: DATABASE_URL=… npm run restore -- BACKUP_DIR [--create] [--pg-bin DIR]\n`)
    process.exit(2)
  }
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    process.stderr.write('DATABASE_URL (the database to restore into) is not set / 未设置 DATABASE_URL（恢复目标库）\n')
    process.exit(2)
  }
  restore({ databaseUrl, dir: parsed.positionals[0]!, ...(parsed.values.create ? { create: true } : {}), ...(parsed.values['pg-bin'] ? { pgBin: parsed.values['pg-bin'] } : {}) }).then(
    (r) => process.exit(r.ok ? 0 : 1),
    (e: unknown) => {
      process.stderr.write(`restore failed: ${(e as Error).message}\n恢复失败。\n`)
      process.exit(1)
    },
  )
}

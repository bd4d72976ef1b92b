/**
 * A private redis-server for the demo and the tests: `redis-server` from PATH on 127.0.0.1:63799
 * if free, else a free port, with `--dir <dataDir>/redis --appendonly yes`. A server left on the
 * same directory is reused (by a live owner) or adopted (left by a killed run); never two on one
 * append-only file. Log: `<dataDir>/redis.log`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  START_TIMEOUT_MS,
  adoptedHandle,
  cmdline,
  freePort,
  hasProc,
  killAndWait,
  killOnExit,
  portFree,
  processAlive,
  rotateLog,
  tail,
  waitFor,
  within,
  type Handle,
  type PidFile,
} from './process.ts';

export const DEFAULT_REDIS_PORT = 63799;

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

/** One RESP command over a fresh connection; resolves with the first reply line ('' if closed). */
export function redisCommand(port: number, args: string[], timeoutMs = 2000): Promise<string> {
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

export async function redisPing(port: number): Promise<boolean> {
  try {
    return (await redisCommand(port, ['PING'])) === '+PONG';
  } catch {
    return false;
  }
}

export async function startRedis(dataDir: string, bin: string, log: (m: string) => void): Promise<Handle> {
  const dir = path.join(dataDir, 'redis');
  const logFile = path.join(dataDir, 'redis.log');
  const stateFile = path.join(dir, 'instance.json');
  await fs.mkdir(dir, { recursive: true });

  // A redis-server left on this directory (another run, or a killed one): reuse it, never run two
  // servers on one append-only file.
  try {
    const prev = JSON.parse(await fs.readFile(stateFile, 'utf8')) as PidFile;
    const alive = processAlive(prev.pid) && (!hasProc() || cmdline(prev.pid).includes('redis-server'));
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

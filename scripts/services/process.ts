/**
 * Process and file helpers shared by the local PostgreSQL and Redis launchers (postgres.ts,
 * redis.ts) and the demo / production launchers: is a pid alive, wait for a probe or an exit,
 * stop a child politely then firmly, free ports, log rotation.
 */
import { type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export const START_TIMEOUT_MS = 60_000;

/** A started (or adopted, or external) server: its URL and how to stop it. */
export interface Handle {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}

/** What a launcher records about a server it started. */
export interface PidFile {
  pid: number;
  port: number;
  /** pid of the process that started (or adopted) the server */
  owner?: number;
}

/** A server given by URL (DATABASE_URL, REDIS_URL): nothing to start or stop. */
export function external(url: string): Handle {
  return { url, started: false, stop: async () => {} };
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Is /proc available (Linux)? Without it, liveness checks trust the pid alone. */
export function hasProc(): boolean {
  return existsSync('/proc/self/cmdline');
}

export async function tail(file: string, lines = 25): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
export function findOnPath(cmd: string): string | undefined {
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

export function ownerAlive(ownerFile: string): boolean {
  try {
    const owner = Number(readFileSync(ownerFile, 'utf8').trim());
    return owner !== process.pid && processAlive(owner);
  } catch {
    return false;
  }
}

export async function writeOwner(ownerFile: string): Promise<void> {
  await fs.writeFile(ownerFile, String(process.pid));
}

/** A server this process did not spawn but now owns: stopped by pid. */
export function adoptedHandle(
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
export async function within(p: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
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
export async function rotateLog(file: string): Promise<void> {
  const size = await fs.stat(file).then((st) => st.size, () => 0);
  if (size > 10 * 1024 * 1024) await fs.rename(file, `${file}.1`).catch(() => {});
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `probe` until true; 'exited' if `failed` settles first; 'timeout' after `ms`. */
export async function waitFor(
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
export async function killAndWait(child: ChildProcess, exited: Promise<unknown>, signal: NodeJS.Signals, ms: number) {
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
export function killOnExit(child: ChildProcess, signal: NodeJS.Signals): () => void {
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

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

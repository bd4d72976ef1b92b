/**
 * Runs the app's processes as children of one launcher (`npm start`, `npm run demo`): long-running
 * units (server, worker) are restarted with backoff when they die (backoff.ts), one-shot steps
 * (migrate, seed) run to completion, and stop() ends everything gracefully.
 *
 * - Each child runs in its own process group (POSIX), so a terminal's Ctrl-C reaches only the
 *   launcher, which then stops the children in order; a child's own children (npm → sh → vite)
 *   are signalled with it.
 * - A unit that exits while the supervisor is not stopping is a crash, whatever its exit code: it
 *   is logged, counted (`restarts()`, reported to the server's /metrics through `onRestart`) and
 *   started again after `planRestart()`'s wait. The other units keep running.
 * - stop(): SIGTERM to every child (the server drains its in-flight requests, the worker closes its
 *   BullMQ workers, returning unfinished jobs), SIGKILL after `stopGraceMs`; resolves when all are gone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import { DEFAULT_BACKOFF, planRestart, type BackoffPolicy, type CrashState } from './backoff.ts'

export type Stream = 'stdout' | 'stderr'

export interface ChildSpec {
  name: string
  command: string
  args: string[]
  cwd: string
  /** Evaluated at every (re)start. */
  env: () => NodeJS.ProcessEnv
  /** Each line the child writes. */
  onLine: (name: string, stream: Stream, line: string) => void
  /** Open an IPC channel (the server asks for the restart counts through it). */
  ipc?: boolean
  /** Called with each new child process (after every restart too). */
  onSpawn?: (child: ChildProcess) => void
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface Unit {
  readonly name: string
  /** The current child's pid (undefined between a crash and its restart). */
  pid(): number | undefined
  /** How often this unit was restarted after a crash. */
  restarts(): number
  /** The current child, for IPC. */
  child(): ChildProcess | undefined
}

export interface SupervisorOptions {
  log: (msg: string) => void
  warn: (msg: string) => void
  backoff?: BackoffPolicy
  stopGraceMs?: number
  now?: () => number
}

export interface Supervisor {
  /** Start a long-running unit, restarted whenever it dies until stop(). */
  start(spec: ChildSpec): Unit
  /** Run a one-shot step to completion. */
  run(spec: ChildSpec): Promise<Exit>
  /** Restart counts by unit name. */
  restarts(): Record<string, number>
  /** Called after each restart is scheduled (name, new count). */
  onRestart(cb: (name: string, count: number) => void): void
  stopping(): boolean
  /** Stop every child (SIGTERM, then SIGKILL after the grace period); idempotent. */
  stop(): Promise<void>
  /** SIGKILL every child now (a second Ctrl-C). */
  kill(): void
}

interface Running {
  proc: ChildProcess
  exited: Promise<Exit>
}

function alive(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null
}

function signalGroup(p: ChildProcess, sig: NodeJS.Signals): void {
  if (!alive(p) || p.pid === undefined) return
  try {
    process.kill(process.platform === 'win32' ? p.pid : -p.pid, sig)
  } catch {
    try {
      p.kill(sig)
    } catch {
      /* gone */
    }
  }
}

function describeExit({ code, signal }: Exit): string {
  return signal ? `signal ${signal}` : `code ${code}`
}

export function createSupervisor(opts: SupervisorOptions): Supervisor {
  const now = opts.now ?? Date.now
  const policy = opts.backoff ?? DEFAULT_BACKOFF
  const grace = opts.stopGraceMs ?? 10_000
  const live = new Set<Running>()
  const counts: Record<string, number> = {}
  const restartListeners: ((name: string, count: number) => void)[] = []
  const timers = new Set<NodeJS.Timeout>()
  let stopping = false
  let stopPromise: Promise<void> | undefined

  function launch(spec: ChildSpec): Running {
    const proc = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env(),
      stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    })
    for (const stream of ['stdout', 'stderr'] as const) {
      const s = proc[stream]
      if (!s) continue
      readline.createInterface({ input: s, crlfDelay: Infinity }).on('line', (line) => spec.onLine(spec.name, stream, line))
    }
    const exited = new Promise<Exit>((resolve) => {
      proc.once('error', (err) => {
        opts.warn(`${spec.name}: could not start ${spec.command}: ${err.message}`)
        resolve({ code: 127, signal: null })
      })
      proc.once('exit', (code, signal) => resolve({ code, signal }))
    })
    const r: Running = { proc, exited }
    live.add(r)
    spec.onSpawn?.(proc)
    void exited.then(() => live.delete(r))
    return r
  }

  const onExit = () => {
    for (const r of live) signalGroup(r.proc, 'SIGKILL')
  }
  process.on('exit', onExit)

  return {
    start(spec) {
      let current: Running | undefined
      let crash: CrashState = { consecutive: 0 }
      counts[spec.name] ??= 0
      const begin = () => {
        if (stopping) return
        const startedAt = now()
        current = launch(spec)
        opts.log(`${spec.name} started (pid ${current.proc.pid ?? '?'})`)
        void current.exited.then((exit) => {
          current = undefined
          if (stopping) return
          const ranMs = now() - startedAt
          const plan = planRestart(crash, ranMs, policy)
          crash = plan
          counts[spec.name] = (counts[spec.name] ?? 0) + 1
          opts.warn(
            `${spec.name} exited unexpectedly (${describeExit(exit)}) after ${(ranMs / 1000).toFixed(1)} s: ` +
              `restart #${counts[spec.name]} in ${plan.delayMs} ms (${plan.consecutive} in a row)`,
          )
          for (const cb of restartListeners) cb(spec.name, counts[spec.name]!)
          const t = setTimeout(() => {
            timers.delete(t)
            begin()
          }, plan.delayMs)
          timers.add(t)
        })
      }
      begin()
      return {
        name: spec.name,
        pid: () => current?.proc.pid,
        restarts: () => counts[spec.name] ?? 0,
        child: () => current?.proc,
      }
    },

    async run(spec) {
      return launch(spec).exited
    },

    restarts: () => ({ ...counts }),
    onRestart: (cb) => void restartListeners.push(cb),
    stopping: () => stopping,

    stop() {
      stopPromise ??= (async () => {
        stopping = true
        for (const t of timers) clearTimeout(t)
        timers.clear()
        const running = [...live]
        for (const r of running) signalGroup(r.proc, 'SIGTERM')
        await Promise.all(
          running.map(async (r) => {
            let timer: NodeJS.Timeout | undefined
            const timedOut = await Promise.race([
              r.exited.then(() => false),
              new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), grace))),
            ])
            clearTimeout(timer)
            if (timedOut) {
              opts.warn(`pid ${r.proc.pid} did not stop within ${grace / 1000} s: SIGKILL`)
              signalGroup(r.proc, 'SIGKILL')
              await r.exited
            }
          }),
        )
        process.off('exit', onExit)
      })()
      return stopPromise
    },

    kill() {
      for (const r of live) signalGroup(r.proc, 'SIGKILL')
    },
  }
}

/**
 * Hands the restart counts to the server (server/server.ts → /metrics): it asks once it is up
 * (`{ kind: 'restarts?' }`), and gets the counts again after every restart. Use the result as the
 * server unit's `onSpawn` (with `ipc: true`).
 */
export function restartCountsOverIpc(sup: Supervisor): (child: ChildProcess) => void {
  let current: ChildProcess | undefined
  const send = (c: ChildProcess | undefined) => {
    if (c?.connected) c.send({ kind: 'restarts', counts: sup.restarts() }, (err) => void err)
  }
  sup.onRestart(() => send(current))
  return (child) => {
    current = child
    child.on('error', () => {}) // EPIPE on a send to a child that has just died
    child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'restarts?') send(child)
    })
  }
}

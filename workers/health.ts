/**
 * The worker process's small health endpoint (`WORKER_HEALTH_PORT`, default 8081 on
 * `WORKER_HEALTH_HOST`, default 127.0.0.1; `0` turns it off), for docker compose, Kubernetes probes
 * and `npm start`'s operators:
 *
 * - `GET /healthz` liveness: 200 `{"status":"ok"}` while the process runs and is not shutting down.
 * - `GET /readyz` readiness: 200 when PostgreSQL answers, Redis answers and the BullMQ consumers
 *   run; 503 with the same body otherwise (`{"status":"not-ready","postgres":"down",…}`).
 * - `GET /metrics` Prometheus metrics (workers/metrics.ts), protected as the server's: a bearer
 *   token when `METRICS_TOKEN` is set (401 without it); the health routes stay open for probes.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'
import { errorBody } from '../domain/errors.ts'
import { metricsAuthorized } from '../infra/metricsAccess.ts'

export type UpDown = 'up' | 'down'

export interface WorkerReadiness {
  postgres: UpDown
  redis: UpDown
  consumers: UpDown
}

export interface HealthServer {
  port: number
  close(): Promise<void>
}

export interface HealthOptions {
  host: string
  port: number
  ready: () => Promise<WorkerReadiness>
  /** True once the process has begun to shut down: liveness then answers 503. */
  closing: () => boolean
  /** Serve this registry on `/metrics`, behind `token` when not null (`METRICS_TOKEN`). */
  metrics?: { registry: Registry; token: string | null }
}

function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, m: { registry: Registry; token: string | null }): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    res.end(JSON.stringify(body))
  }
  if (!metricsAuthorized(req.headers.authorization, m.token)) return json(401, errorBody('UNAUTHENTICATED'), { 'www-authenticate': 'Bearer realm="metrics"' })
  m.registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': m.registry.contentType, 'cache-control': 'no-store' })
      res.end(req.method === 'HEAD' ? undefined : text)
    },
    () => json(500, errorBody('INTERNAL')),
  )
}

export async function startHealthServer(opts: HealthOptions): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      res.end(JSON.stringify(body))
    }
    const url = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { status: 'method-not-allowed' })
    if (url === '/metrics' && opts.metrics) return serveMetrics(req, res, opts.metrics)
    if (url === '/healthz') return opts.closing() ? send(503, { status: 'closing' }) : send(200, { status: 'ok' })
    if (url === '/readyz') {
      opts.ready().then(
        (r) => {
          const ok = !opts.closing() && r.postgres === 'up' && r.redis === 'up' && r.consumers === 'up'
          send(ok ? 200 : 503, { status: ok ? 'ready' : 'not-ready', ...r })
        },
        () => send(503, { status: 'not-ready', postgres: 'down', redis: 'down', consumers: 'down' }),
      )
      return
    }
    send(404, { status: 'not-found' })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: opts.host, port: opts.port }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** `WORKER_HEALTH_PORT` (default 8081; `0` or `off`: none) and `WORKER_HEALTH_HOST` (default 127.0.0.1). */
export function healthListenFromEnv(env: NodeJS.ProcessEnv): { host: string; port: number } | null {
  const raw = env.WORKER_HEALTH_PORT ?? '8081'
  if (/^(0|off|false|no)$/i.test(raw)) return null
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`WORKER_HEALTH_PORT must be a port number or 0: ${raw}`)
  return { host: env.WORKER_HEALTH_HOST || '127.0.0.1', port }
}

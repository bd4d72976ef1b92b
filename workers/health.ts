/**
 * The worker process's small health endpoint (`WORKER_HEALTH_PORT`, default 8081 on
 * `WORKER_HEALTH_HOST`, default 127.0.0.1; `0` turns it off), for docker compose, Kubernetes probes
 * and `npm start`'s operators:
 *
 * - `GET /healthz` liveness: 200 `{"status":"ok"}` while the process runs and is not shutting down.
 * - `GET /readyz` readiness: 200 when PostgreSQL answers, Redis answers and the BullMQ consumers
 *   run; 503 with the same body otherwise (`{"status":"not-ready","postgres":"down",…}`).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

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
}

export async function startHealthServer(opts: HealthOptions): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      res.end(JSON.stringify(body))
    }
    const url = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { status: 'method-not-allowed' })
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

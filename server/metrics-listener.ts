/**
 * /metrics on a listener of its own (`METRICS_PORT`, `METRICS_HOST`): an address that only the
 * monitoring network reaches, so the public port does not expose it. The bearer token
 * (`METRICS_TOKEN`) applies here too when set.
 */
import http from 'node:http'
import type { Registry } from 'prom-client'
import { errorBody } from '../domain/errors.ts'
import { metricsAuthorized } from '../infra/metricsAccess.ts'

export { metricsAuthorized } from '../infra/metricsAccess.ts'

export interface MetricsListener {
  /** The bound port (useful with port 0). */
  port: number
  close(): Promise<void>
}

export async function startMetricsListener(registry: Registry, opts: { host: string; port: number; token: string | null }): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(body))
    }
    const url = (req.url ?? '/').split('?')[0]
    if (url !== '/metrics') return json(404, errorBody('NOT_FOUND'))
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, errorBody('BAD_REQUEST', 'GET /metrics'), { allow: 'GET, HEAD' })
    if (!metricsAuthorized(req.headers.authorization, opts.token)) return json(401, errorBody('UNAUTHENTICATED'), { 'www-authenticate': 'Bearer realm="metrics"' })
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType })
        res.end(req.method === 'HEAD' ? undefined : text)
      },
      () => json(500, errorBody('INTERNAL')),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: opts.host, port: opts.port }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as import('node:net').AddressInfo).port
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

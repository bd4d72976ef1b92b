/**
 * Starts the HTTP server (`npm run server`): listen, and on SIGINT/SIGTERM stop accepting, drain
 * the requests in flight, close cleanly (forced after 10 s).
 *
 * /metrics: on the main port, or on a listener of its own when `METRICS_PORT` is set (see
 * server/metrics-listener.ts). Under `npm start` (scripts/start.ts) the supervisor reports how often
 * it restarted a crashed server or worker through the IPC channel; the counts appear as
 * `supervision_process_restarts_total{process}`.
 */
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { startMetricsListener, type MetricsListener } from './metrics-listener.ts'

const config = loadConfig()
config.dashboardDir ??= fileURLToPath(new URL('../dashboard/dist/', import.meta.url))
const app = await buildApp(config)

let metricsListener: MetricsListener | undefined
let closing = false
const shutdown = async (signal: string) => {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down: draining requests in flight')
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  await Promise.all([app.close(), metricsListener?.close()])
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

// Restart counts from the supervisor (scripts/start.ts): { kind: 'restarts', counts: { worker: 2 } }.
if (process.send) {
  const seen: Record<string, number> = {}
  process.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || (m as { kind?: unknown }).kind !== 'restarts') return
    const counts = (m as { counts?: unknown }).counts
    if (typeof counts !== 'object' || counts === null) return
    for (const [name, n] of Object.entries(counts)) {
      if (typeof n !== 'number' || !Number.isFinite(n)) continue
      const delta = n - (seen[name] ?? 0)
      if (delta > 0) app.metrics.processRestarts.inc({ process: name }, delta)
      seen[name] = Math.max(n, seen[name] ?? 0)
    }
  })
  process.send({ kind: 'restarts?' })
}

try {
  await app.listen({ host: config.host, port: config.port })
  app.log.info(`listening on http://${config.host}:${config.port} (dashboard ${path.relative(process.cwd(), config.dashboardDir)})`)
  const m = config.metrics
  if (m?.listen) {
    metricsListener = await startMetricsListener(app.metrics.registry, { ...m.listen, token: m.token })
    app.log.info(`metrics on http://${m.listen.host}:${metricsListener.port}/metrics${m.token ? ' (bearer token)' : ''}`)
  }
} catch (err) {
  app.log.error({ err }, 'failed to start')
  process.exit(1)
}

/** Starts the HTTP server: listen, and close cleanly on SIGINT/SIGTERM. */
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'

const config = loadConfig()
config.dashboardDir ??= fileURLToPath(new URL('../dashboard/dist/', import.meta.url))
const app = await buildApp(config)

let closing = false
const shutdown = async (signal: string) => {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down')
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  await app.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

try {
  await app.listen({ host: config.host, port: config.port })
  app.log.info(`listening on http://${config.host}:${config.port} (dashboard ${path.relative(process.cwd(), config.dashboardDir)})`)
} catch (err) {
  app.log.error({ err }, 'failed to start')
  process.exit(1)
}

/** Server configuration from the environment, read once at start. */
export interface ServerConfig {
  databaseUrl: string
  redisUrl: string
  host: string
  port: number
  queuePrefix: string
  /** Largest request body in bytes (JSON or XML). */
  bodyLimit: number
  /** How long an enqueue may wait for Redis before the event is left to the recovery sweep. */
  enqueueTimeoutMs: number
  logLevel: string
  dashboardDir: string | null
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL
  const redisUrl = env.REDIS_URL
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (npm run demo starts an embedded PostgreSQL)')
  if (!redisUrl) throw new Error('REDIS_URL is not set (npm run demo starts a private redis-server)')
  return {
    databaseUrl,
    redisUrl,
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 8080),
    queuePrefix: env.QUEUE_PREFIX ?? 'sv',
    bodyLimit: Number(env.BODY_LIMIT ?? 5 * 1024 * 1024),
    enqueueTimeoutMs: Number(env.ENQUEUE_TIMEOUT_MS ?? 250),
    logLevel: env.LOG_LEVEL ?? 'info',
    dashboardDir: env.DASHBOARD_DIR ?? null,
  }
}

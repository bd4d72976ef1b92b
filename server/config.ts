/** Server configuration from the environment, read once at start. */
import path from 'node:path'
import { queuePrefixProblem } from '../domain/queues.ts'
import { isClusterUrl } from '../infra/redis.ts'
import { loadMetricsAccess, type MetricsAccess } from '../infra/metricsAccess.ts'

export interface ServerConfig {
  databaseUrl: string
  redisUrl: string
  /** A streaming replica for the read-mostly paths (wall snapshot, statistics, exports); unset: the primary. */
  databaseReadUrl?: string
  /** The replica is used only while it is at most this far behind (ms); else the primary. */
  readMaxLagMs?: number
  host: string
  port: number
  queuePrefix: string
  /** Largest request body in bytes (JSON or XML). */
  bodyLimit: number
  /** How long an enqueue may wait for Redis before the event is left to the recovery sweep. */
  enqueueTimeoutMs: number
  logLevel: string
  dashboardDir: string | null
  /**
   * Which reverse proxies to believe for X-Forwarded-For (fastify `trustProxy`): `true`, `false`, or
   * addresses/CIDRs/named ranges (`loopback`, `uniquelocal`). Per-IP rate limits and login lockout
   * logging depend on it. Absent: `false` — no forwarded header is believed, the client address is
   * the TCP peer's (`TRUST_PROXY` names the reverse proxy's address to believe its header).
   */
  trustProxy?: boolean | string[]
  /** Authentication, sessions and hardening; every field has a default (`DEFAULT_SECURITY`). */
  security?: SecurityOverrides
  /** The jurisdiction the wall watches (`WALL_JURISDICTION`); absent: the top jurisdiction. */
  wallJurisdiction?: string | null
  /**
   * The deployment's own jurisdiction (`JURISDICTION_CODE`): the default of routes that take one
   * (the calendar). Absent: the top jurisdiction of the reference data (never a code in the source).
   */
  jurisdictionCode?: string | null
  /** Zone of the local times written into case exports (`EXPORT_TIME_ZONE`). @default 'Asia/Shanghai' */
  exportTimeZone?: string
  /** Who may read /metrics (`METRICS_TOKEN`, `METRICS_PORT`, `METRICS_HOST`); absent: anyone, on the main port. */
  metrics?: MetricsAccess
  /**
   * Append-only file the audit chain head is anchored in (`AUDIT_ANCHOR_FILE`, default
   * `.data/audit-anchors.jsonl`; `off`: none). Absent: none (Redis and the log only).
   */
  auditAnchorFile?: string | null
  /** How often the head is anchored while it moves (`AUDIT_ANCHOR_EVERY_MS`, default 5 min; 0: never). Absent: the default. */
  auditAnchorEveryMs?: number
  /**
   * The data is simulated (`SIMULATED_DATA=1`, set by the demo): every surface shows a 模拟数据 mark.
   * `/readyz` tells the pages. Absent: false.
   */
  simulatedData?: boolean
}

// METRICS_TOKEN / METRICS_PORT: infra/metricsAccess.ts (the workers read them too)
export { loadMetricsAccess, type MetricsAccess } from '../infra/metricsAccess.ts'

/** Default interval of audit anchors. */
export const AUDIT_ANCHOR_EVERY_MS = 300_000

/** The audit anchor file from the environment (shared with `npm run audit:verify`). */
export function auditAnchorFileFrom(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env.AUDIT_ANCHOR_FILE
  if (v !== undefined && /^(0|false|off|no)$/i.test(v)) return null
  return path.resolve(v || path.join('.data', 'audit-anchors.jsonl'))
}

export interface RateLimitConfig {
  enabled: boolean
  /** Window of every limit, ms. */
  windowMs: number
  /** Requests per window per client IP (anonymous requests and failed authentications). */
  ipMax: number
  /** Requests per window per logged-in user. */
  userMax: number
  /** Requests per window per source API key: high, so batched ingest at 10,000 events/s is never throttled. */
  keyMax: number
  /** Login attempts per window per client IP (on top of the per-account lockout). */
  loginMax: number
  /** Keep counters in Redis (shared by all server instances) instead of in process memory. */
  redis: boolean
}

export interface OidcConfig {
  /** Issuer URL; its /.well-known/openid-configuration is fetched on first use. */
  issuer: string
  clientId: string
  clientSecret: string | null
  /** The absolute URL of GET /api/v1/auth/oidc/callback as the browser reaches it. */
  redirectUri: string
  scope: string
  /** ID-token claim holding the login name users are matched by (case-insensitive). */
  loginClaim: string
  /** Allow http:// issuers (development and tests only). */
  allowInsecure: boolean
}

export interface CertLoginConfig {
  /** Header carrying the verified client-certificate subject DN (e.g. nginx `$ssl_client_s_dn`). */
  subjectHeader: string
  /** Header carrying the proxy's verification result; must be `SUCCESS` (nginx `$ssl_client_verify`). */
  verifyHeader: string
  /** Direct peer addresses allowed to send those headers (the reverse proxy). Required. */
  trustedProxies: string[]
}

export interface SecurityConfig {
  /** Mark cookies `Secure` and use the `__Host-` prefix (turn off only for plain-http test setups). */
  cookieSecure: boolean
  /** A session ends after this long without a request. */
  sessionIdleMinutes: number
  /** A session ends this long after login, whatever its activity. */
  sessionMaxHours: number
  /** Sessions of accounts whose only role is `display` (unattended walls) last this long. */
  displaySessionDays: number
  /**
   * How often each server re-checks the sessions of its live sockets (seconds; 0: never): a socket
   * whose session ended (logout, expiry, password change, deactivated account) or whose user's
   * roles or scope changed is disconnected, so that it reconnects and authenticates afresh.
   */
  socketSessionCheckSeconds: number
  /**
   * Whose sessions a live wall keeps alive (each check refreshes their idle timer while a socket
   * of the session is in room `wall`): `display` accounts, every wall viewer (`all`), or nobody.
   * The absolute lifetime (`sessionMaxHours`, `displaySessionDays`) always applies.
   */
  wallSessionKeepalive: 'display' | 'all' | 'off'
  passwordMinLength: number
  /** Failed logins in a row that lock an account… */
  lockoutThreshold: number
  /** …for this long. */
  lockoutMinutes: number
  /** Origins allowed by CORS; empty: CORS closed (no cross-origin browser access). */
  corsOrigins: string[]
  /** Send a Content-Security-Policy (helmet). */
  csp: boolean
  /** Extra CSP sources for connect-src (map tiles, styles). */
  cspConnectSrc: string[]
  /** Extra CSP sources for img-src. */
  cspImgSrc: string[]
  rateLimit: RateLimitConfig
  oidc: OidcConfig | null
  cert: CertLoginConfig | null
  /** On start, when there is no user at all, create this admin (ADMIN_LOGIN / ADMIN_PASSWORD). */
  bootstrapAdmin: { login: string; password: string; displayName: string } | null
}

export type SecurityOverrides = Partial<Omit<SecurityConfig, 'rateLimit'>> & { rateLimit?: Partial<RateLimitConfig> }

export const DEFAULT_SECURITY: SecurityConfig = {
  cookieSecure: true,
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  displaySessionDays: 30,
  socketSessionCheckSeconds: 60,
  wallSessionKeepalive: 'display',
  passwordMinLength: 10,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  corsOrigins: [],
  csp: true,
  cspConnectSrc: [],
  cspImgSrc: [],
  rateLimit: { enabled: true, windowMs: 60_000, ipMax: 3_000, userMax: 3_000, keyMax: 600_000, loginMax: 20, redis: false },
  oidc: null,
  cert: null,
  bootstrapAdmin: null,
}

/** Fills the defaults in. */
export function resolveSecurity(o: SecurityOverrides = {}): SecurityConfig {
  return { ...DEFAULT_SECURITY, ...o, rateLimit: { ...DEFAULT_SECURITY.rateLimit, ...(o.rateLimit ?? {}) } }
}

const list = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)
const flag = (v: string | undefined, dflt: boolean): boolean => (v === undefined || v === '' ? dflt : !/^(0|false|off|no)$/i.test(v))
const num = (v: string | undefined, dflt: number): number => {
  if (v === undefined || v === '') return dflt
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a non-negative number: ${v}`)
  return n
}

const keepalive = (v: string | undefined, dflt: SecurityConfig['wallSessionKeepalive']): SecurityConfig['wallSessionKeepalive'] => {
  if (v === undefined || v === '') return dflt
  if (v === 'display' || v === 'all' || v === 'off') return v
  throw new Error(`WALL_SESSION_KEEPALIVE must be display, all or off: ${v}`)
}

/** Reads the security settings from the environment (documented in server/README-auth.md). */
export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const d = DEFAULT_SECURITY
  let oidc: OidcConfig | null = null
  if (env.OIDC_ISSUER) {
    if (!env.OIDC_CLIENT_ID || !env.OIDC_REDIRECT_URI) throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_REDIRECT_URI are required too')
    oidc = {
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET || null,
      redirectUri: env.OIDC_REDIRECT_URI,
      scope: env.OIDC_SCOPE ?? 'openid profile',
      loginClaim: env.OIDC_LOGIN_CLAIM ?? 'preferred_username',
      allowInsecure: flag(env.OIDC_ALLOW_INSECURE, false),
    }
  }
  let cert: CertLoginConfig | null = null
  if (flag(env.CERT_LOGIN, false)) {
    const trustedProxies = list(env.CERT_TRUSTED_PROXIES)
    if (trustedProxies.length === 0) throw new Error('CERT_LOGIN is on: CERT_TRUSTED_PROXIES (the reverse proxy addresses) is required')
    cert = {
      subjectHeader: (env.CERT_SUBJECT_HEADER ?? 'x-client-cert-subject').toLowerCase(),
      verifyHeader: (env.CERT_VERIFY_HEADER ?? 'x-client-cert-verify').toLowerCase(),
      trustedProxies,
    }
  }
  let bootstrapAdmin: SecurityConfig['bootstrapAdmin'] = null
  if (env.ADMIN_LOGIN || env.ADMIN_PASSWORD) {
    if (!env.ADMIN_LOGIN || !env.ADMIN_PASSWORD) throw new Error('ADMIN_LOGIN and ADMIN_PASSWORD go together')
    bootstrapAdmin = { login: env.ADMIN_LOGIN, password: env.ADMIN_PASSWORD, displayName: env.ADMIN_NAME ?? '管理员' }
  }
  return {
    cookieSecure: flag(env.COOKIE_SECURE, d.cookieSecure),
    sessionIdleMinutes: num(env.SESSION_IDLE_MINUTES, d.sessionIdleMinutes),
    sessionMaxHours: num(env.SESSION_MAX_HOURS, d.sessionMaxHours),
    displaySessionDays: num(env.DISPLAY_SESSION_DAYS, d.displaySessionDays),
    socketSessionCheckSeconds: num(env.SOCKET_SESSION_CHECK_SECONDS, d.socketSessionCheckSeconds),
    wallSessionKeepalive: keepalive(env.WALL_SESSION_KEEPALIVE, d.wallSessionKeepalive),
    passwordMinLength: num(env.PASSWORD_MIN_LENGTH, d.passwordMinLength),
    lockoutThreshold: num(env.LOCKOUT_THRESHOLD, d.lockoutThreshold),
    lockoutMinutes: num(env.LOCKOUT_MINUTES, d.lockoutMinutes),
    corsOrigins: list(env.CORS_ORIGINS),
    csp: flag(env.CSP, d.csp),
    cspConnectSrc: list(env.CSP_CONNECT_SRC),
    cspImgSrc: list(env.CSP_IMG_SRC),
    rateLimit: {
      enabled: flag(env.RATE_LIMIT, d.rateLimit.enabled),
      windowMs: num(env.RATE_LIMIT_WINDOW_MS, d.rateLimit.windowMs),
      ipMax: num(env.RATE_LIMIT_IP_MAX, d.rateLimit.ipMax),
      userMax: num(env.RATE_LIMIT_USER_MAX, d.rateLimit.userMax),
      keyMax: num(env.RATE_LIMIT_KEY_MAX, d.rateLimit.keyMax),
      loginMax: num(env.RATE_LIMIT_LOGIN_MAX, d.rateLimit.loginMax),
      redis: env.RATE_LIMIT_STORE === 'redis',
    },
    oidc,
    cert,
    bootstrapAdmin,
  }
}

function trustProxyFrom(v: string | undefined): boolean | string[] {
  // Believing X-Forwarded-For from anyone not named here would let a client pick its own address
  // and dodge the per-address limits: nothing is trusted unless the deployment names its proxy.
  if (v === undefined || v === '') return false
  if (/^(1|true|on|yes)$/i.test(v)) return true
  if (/^(0|false|off|no)$/i.test(v)) return false
  return list(v)
}

/** `DATABASE_READ_URL` (a streaming replica) and `READ_MAX_LAG_MS` (its lag guard, default 2000 ms). */
function readReplicaConfig(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'databaseReadUrl' | 'readMaxLagMs'> {
  if (!env.DATABASE_READ_URL) return {}
  const lag = Number(env.READ_MAX_LAG_MS ?? 2000)
  if (!Number.isFinite(lag) || lag < 0) throw new Error(`READ_MAX_LAG_MS must be a number of milliseconds ≥ 0: ${env.READ_MAX_LAG_MS}`)
  return { databaseReadUrl: env.DATABASE_READ_URL, readMaxLagMs: lag }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL
  const redisUrl = env.REDIS_URL
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (npm run demo starts an embedded PostgreSQL)')
  if (!redisUrl) throw new Error('REDIS_URL is not set (npm run demo starts a private redis-server)')
  const queuePrefix = env.QUEUE_PREFIX ?? 'sv'
  const prefixProblem = queuePrefixProblem(queuePrefix, { cluster: isClusterUrl(redisUrl) })
  if (prefixProblem) throw new Error(prefixProblem)
  return {
    databaseUrl,
    redisUrl,
    ...readReplicaConfig(env),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 8080),
    queuePrefix,
    bodyLimit: Number(env.BODY_LIMIT ?? 5 * 1024 * 1024),
    enqueueTimeoutMs: Number(env.ENQUEUE_TIMEOUT_MS ?? 250),
    logLevel: env.LOG_LEVEL ?? 'info',
    dashboardDir: env.DASHBOARD_DIR ?? null,
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    security: loadSecurityConfig(env),
    wallJurisdiction: env.WALL_JURISDICTION || null,
    jurisdictionCode: env.JURISDICTION_CODE || null,
    exportTimeZone: env.EXPORT_TIME_ZONE || 'Asia/Shanghai',
    metrics: loadMetricsAccess(env),
    auditAnchorFile: auditAnchorFileFrom(env),
    auditAnchorEveryMs: num(env.AUDIT_ANCHOR_EVERY_MS, AUDIT_ANCHOR_EVERY_MS),
    simulatedData: flag(env.SIMULATED_DATA, false),
  }
}

/**
 * Who may call what. Every route states its policy in `config.policy`: `'public'` or the roles
 * allowed. This plugin is the single gate, run first on every request (onRequest):
 *
 *   1. identify the caller: a source API key (`x-api-key`), else the session cookie;
 *   2. count the request against its rate limit (API key, user, or client IP);
 *   3. allow or refuse: 401 when not authenticated, 403 when authenticated without an allowed role;
 *   4. CSRF: unsafe methods with a cookie session need `x-csrf-token`; public unsafe routes (login)
 *      refuse a foreign Origin; API-key requests are exempt.
 *
 * A route without a policy answers 500, and `server/test/policy-matrix.test.ts` fails on it.
 * The same plugin registers the HTTP hardening: helmet, CORS (closed unless configured), cookies.
 *
 * The policy table is `app.routePolicies` (every route and its policy, collected by
 * `trackRoutePolicies`) plus `ROOM_POLICIES` for socket.io rooms.
 */
import cors from '@fastify/cors'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../../errors.ts'
import { resolveSecurity, type SecurityConfig, type ServerConfig } from '../../config.ts'
import authPlugin from './auth.ts'
import { csrfTokenMatches, isUnsafeMethod, originAllowed } from '../../auth/csrf.ts'
import rateLimits from './rate-limit.ts'
import { CASE_READERS, ANY_USER, type Role, type UserRole } from '../../auth/roles.ts'
import type { UserPrincipal } from '../../auth/session.ts'
import { authenticateSourceKey, type SourcePrincipal } from '../../repositories/source-keys.ts'

export type { Role, UserRole } from '../../auth/roles.ts'
export { ALL_ROLES, ANY_USER, CASE_READERS, USER_ROLES } from '../../auth/roles.ts'

/** Every route states who may call it: `public`, or the list of roles allowed. */
export type Policy = 'public' | readonly Exclude<Role, 'public'>[]

/** One row of the HTTP policy table. */
export interface RoutePolicy {
  method: string
  url: string
  policy: Policy | undefined
}

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy
  }
  interface FastifyRequest {
    source: SourcePrincipal | null
    user: UserPrincipal | null
  }
  interface FastifyInstance {
    /** Every registered route with its policy (the HTTP half of the policy table). */
    routePolicies: RoutePolicy[]
  }
}

/**
 * Collects every route's policy as it is registered (call right after creating the app, before any
 * plugin registers routes). Two kinds of routes registered by libraries get a policy here:
 * files of the built dashboard served by @fastify/static (public assets), and the CORS preflight
 * route of @fastify/cors (public by nature).
 */
export function trackRoutePolicies(app: FastifyInstance): RoutePolicy[] {
  const table: RoutePolicy[] = []
  app.decorate('routePolicies', table)
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as { policy?: Policy; file?: unknown; rootPath?: unknown }
    if (cfg.policy === undefined && typeof cfg.file === 'string' && typeof cfg.rootPath === 'string') {
      route.config = { ...(route.config ?? {}), policy: 'public' }
    }
    if (cfg.policy === undefined && route.url === '*' && (route.method === 'OPTIONS' || (Array.isArray(route.method) && route.method.includes('OPTIONS')))) {
      route.config = { ...(route.config ?? {}), policy: 'public' }
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const policy = (route.config as { policy?: Policy } | undefined)?.policy
    for (const method of methods) table.push({ method, url: route.url, policy })
  })
  return table
}

/**
 * socket.io rooms and who may join them (the realtime half of the policy table). `dept:<code>`
 * additionally requires the department to be in the user's scope; `user:<id>` only the user
 * themself.
 */
export const ROOM_POLICIES = {
  wall: ['admin', 'supervisor', 'leader', 'display'],
  console: ['admin', 'supervisor'],
  mobile: ['admin', 'supervisor', 'leader'],
  public: 'public',
  'dept:*': CASE_READERS,
  'user:*': ANY_USER,
} as const satisfies Record<string, Policy>

export type RoomPattern = keyof typeof ROOM_POLICIES

/** The room pattern of a room name, or null for an unknown room. */
export function roomPattern(room: string): RoomPattern | null {
  if (room === 'wall' || room === 'console' || room === 'mobile' || room === 'public') return room
  if (/^dept:[A-Za-z0-9_.-]{1,64}$/.test(room)) return 'dept:*'
  if (/^user:[0-9]{1,19}$/.test(room)) return 'user:*'
  return null
}

/**
 * Whether a principal may join a socket.io room.
 *
 * @param visibleDepartments - for `dept:<code>` rooms: the user's scope (`app.auth.visibleDepartments`)
 */
export function mayJoinRoom(user: UserPrincipal | null, room: string, visibleDepartments: ReadonlySet<string> = new Set()): boolean {
  const pattern = roomPattern(room)
  if (pattern === null) return false
  const policy: Policy = ROOM_POLICIES[pattern]
  if (policy === 'public') return true
  if (!user || !user.roles.some((r) => (policy as readonly string[]).includes(r))) return false
  if (pattern === 'dept:*') return visibleDepartments.has(room.slice('dept:'.length))
  if (pattern === 'user:*') return room === `user:${user.userId}`
  return true
}

const allows = (policy: readonly string[], roles: readonly UserRole[]) => roles.some((r) => policy.includes(r))

function cspDirectives(c: SecurityConfig) {
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"], // element-plus and ECharts set inline styles
    imgSrc: ["'self'", 'data:', 'blob:', ...c.cspImgSrc],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...c.cspConnectSrc],
    workerSrc: ["'self'", 'blob:'], // maplibre-gl's worker
    objectSrc: ["'none'"],
    frameAncestors: ["'self'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: null, // TLS is the reverse proxy's business; plain-http demos must work
  }
}

export default fp<{ config?: ServerConfig }>(
  async (app, opts) => {
    const security = resolveSecurity(opts.config?.security)

    // hardening headers on every response, including the 401/403/429 answered below
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: security.csp ? { useDefaults: false, directives: cspDirectives(security) } : false,
    })
    // CORS: closed (no Access-Control-* headers at all) unless origins are configured
    if (security.corsOrigins.length > 0) {
      await app.register(cors, { origin: security.corsOrigins, credentials: true, allowedHeaders: ['content-type', 'x-csrf-token', 'x-api-key'] })
    }
    await app.register(cookie, { hook: 'onRequest' })
    await app.register(rateLimits, { config: security.rateLimit })
    await app.register(authPlugin, { config: security })

    app.decorateRequest('source', null)
    app.decorateRequest('user', null)

    app.addHook('onRequest', async (req: FastifyRequest, reply) => {
      if (req.routeOptions.url === undefined) {
        await app.limits.check(req, reply) // unknown routes (404s) count per IP too
        return
      }
      const policy = req.routeOptions.config.policy
      if (policy === undefined) throw new AppError('INTERNAL', `route ${req.routeOptions.url} has no policy`)

      if (policy === 'public') {
        await app.limits.check(req, reply)
        if (isUnsafeMethod(req.method) && !originAllowed(req, security.corsOrigins)) throw new AppError('ORIGIN_FORBIDDEN')
        return
      }

      const key = req.headers['x-api-key']
      if (typeof key === 'string' && key.length > 0) {
        req.source = await authenticateSourceKey(app.pg, key)
        await app.limits.check(req, reply)
        if (!req.source) throw new AppError('UNAUTHENTICATED')
        if (!policy.includes('source')) throw new AppError('FORBIDDEN')
        return
      }

      req.user = await app.auth.lookup(req.cookies[app.auth.cookies.session])
      await app.limits.check(req, reply)
      if (!req.user) throw new AppError('UNAUTHENTICATED')
      if (!allows(policy, req.user.roles)) throw new AppError('FORBIDDEN')
      if (isUnsafeMethod(req.method) && !csrfTokenMatches(req, req.user.csrfToken)) throw new AppError('CSRF_FAILED')
    })
  },
  { name: 'policy', dependencies: ['pg', 'queues'] },
)

/**
 * The role × route matrix, generated from the policy table, over EVERY registered route (routes
 * added later are covered automatically): a role the policy does not allow gets 401 or 403; a role
 * it allows gets anything but 401/403. Also: every route has a policy; the table covers every
 * route fastify knows (printRoutes); a route without a policy is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import { ALL_ROLES, USER_ROLES, type Policy, type Role, type RoutePolicy, type UserRole } from '../plugins/app/policy.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestUser } from '../../test/harness.ts'

let h: Harness
const users = {} as Record<UserRole, TestUser>

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {}) // DROP DATABASE … WITH (FORCE) may hit clients still closing (test/db.ts)
  for (const role of USER_ROLES) {
    const dept = role === 'department_head' || role === 'department_staff' ? DEPTS[0] : null
    const jur = role === 'supervisor' || role === 'leader' ? JURISDICTION : null
    users[role] = await createUser(h.db.pool, { login: `matrix.${role}`, roles: [role], departmentCode: dept, jurisdictionCode: jur })
  }
})
afterAll(async () => {
  await h?.close()
})

/** Every (method, path) in fastify's own route tree, parsed from printRoutes. */
function printedRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m) continue
    const depth = m[1]!.length / 4
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!
    stack[depth] = path
    stack.length = depth + 1
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) out.push({ method, url: path })
  }
  return out
}

const norm = (url: string) => (url.length > 1 ? url.replace(/\/$/, '') : url)

/**
 * The policy of a printed route: same method and URL (a trailing slash aside). printRoutes elides
 * the static part before a wildcard (`/docs/static/*` prints as `/docs/*`), so a printed wildcard
 * matches a registered wildcard route under the same prefix.
 */
function policyOf(table: RoutePolicy[], method: string, url: string): Policy | undefined {
  const row =
    table.find((r) => r.method === method && r.url === url) ??
    table.find((r) => r.method === method && norm(r.url) === norm(url)) ??
    (url.endsWith('*') ? table.find((r) => r.method === method && r.url.endsWith('*') && r.url.startsWith(url.slice(0, -1))) : undefined)
  return row?.policy
}

const allows = (policy: Policy, role: Role) => (policy === 'public' ? true : (policy as readonly string[]).includes(role))

/** A concrete URL for a route pattern. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace(/\*/g, 'x')

async function credentials(role: Role): Promise<Record<string, string>> {
  if (role === 'public') return {}
  if (role === 'source') return { 'x-api-key': h.key }
  return (await openSession(h.db.pool, users[role])).headers // a fresh session: logout must not end the next request's
}

describe('the policy table', () => {
  it('has a policy for every registered route', () => {
    const missing = h.app.routePolicies.filter((r) => r.policy === undefined)
    expect(missing).toEqual([])
    expect(h.app.routePolicies.length).toBeGreaterThan(30)
  })

  it('covers every route fastify knows', () => {
    const printed = printedRoutes(h.app)
    expect(printed.length).toBeGreaterThan(30)
    const uncovered = printed.filter((r) => policyOf(h.app.routePolicies, r.method, r.url) === undefined)
    expect(uncovered).toEqual([])
  })

  it('refuses a route without a policy (and lists it as such)', async () => {
    const app = await buildApp(
      { databaseUrl: h.db.url, redisUrl: process.env.REDIS_URL!, host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 1024, enqueueTimeoutMs: 50, logLevel: 'silent', dashboardDir: null },
      { logger: false },
    )
    try {
      app.get('/forgotten', async () => ({ secret: true }))
      await app.ready()
      const res = await app.inject({ method: 'GET', url: '/forgotten' })
      expect(res.statusCode).toBe(500)
      expect(res.body).not.toContain('secret')
      expect(app.routePolicies.find((r) => r.url === '/forgotten')).toEqual({ method: 'GET', url: '/forgotten', policy: undefined })
    } finally {
      await app.close()
    }
  })
})

describe('role × route matrix', () => {
  it('denies (401/403) every role a route does not allow, and lets through every role it allows', async () => {
    const routes = h.app.routePolicies
    const failures: string[] = []
    let checked = 0
    for (const r of routes) {
      const policy = r.policy!
      for (const role of ALL_ROLES) {
        const res = await h.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: await credentials(role) })
        const denied = res.statusCode === 401 || res.statusCode === 403
        checked++
        if (allows(policy, role) === denied) failures.push(`${r.method} ${r.url} as ${role}: ${res.statusCode} (policy ${JSON.stringify(policy)}) ${res.body.slice(0, 120)}`)
        if (!allows(policy, role) && role === 'public') expect(res.statusCode, `${r.method} ${r.url}`).toBe(401)
      }
    }
    expect(failures).toEqual([])
    expect(checked).toBe(routes.length * ALL_ROLES.length)
  }, 240_000) // ~1,100 requests: well under 10 s alone, ~30 s on a loaded 2-core machine, over 120 s under a load of 20
})

describe('performance evaluation routes (绩效考核): the intended policies, pinned', () => {
  it('admin edits schemes; supervisors run, review and correct; leaders approve; both publish; the public reads the public shape only', () => {
    const perf = Object.fromEntries(
      h.app.routePolicies.filter((r) => r.url.startsWith('/api/v1/performance/') && r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, r.policy]),
    )
    expect(perf).toEqual({
      'GET /api/v1/performance/schemes/:jurisdiction': ['admin', 'supervisor', 'leader'],
      'POST /api/v1/performance/schemes/:jurisdiction': ['admin'],
      'GET /api/v1/performance/scheme-schema': ['admin', 'supervisor', 'leader'],
      'GET /api/v1/performance/runs': ['supervisor', 'leader'],
      'POST /api/v1/performance/runs': ['supervisor'],
      'GET /api/v1/performance/runs/:id': ['supervisor', 'leader'],
      'GET /api/v1/performance/runs/:id/departments/:code': ['supervisor', 'leader'],
      'POST /api/v1/performance/runs/:id/recompute': ['supervisor'],
      'POST /api/v1/performance/runs/:id/corrections': ['supervisor'],
      'POST /api/v1/performance/runs/:id/comments': ['supervisor', 'leader'],
      'POST /api/v1/performance/runs/:id/submit': ['supervisor'],
      'POST /api/v1/performance/runs/:id/approve': ['leader'],
      'POST /api/v1/performance/runs/:id/publish': ['supervisor', 'leader'],
      'POST /api/v1/performance/runs/:id/return': ['leader'],
      'POST /api/v1/performance/runs/:id/revisions': ['supervisor'],
      'GET /api/v1/performance/runs/:id/departments/:code/recommendation.docx': ['supervisor'],
      'GET /api/v1/performance/published/:jurisdiction': ['supervisor', 'leader'],
      'GET /api/v1/performance/public/:jurisdiction': 'public',
    })
  })
})

describe('public site routes (/api/v1/public/*): anonymous by policy, pinned', () => {
  it('every route of the public site is public, and there are no others under the prefix', () => {
    const table = Object.fromEntries(
      h.app.routePolicies.filter((r) => r.url.startsWith('/api/v1/public/') && r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, r.policy]),
    )
    expect(table).toEqual({
      'GET /api/v1/public/departments': 'public',
      'GET /api/v1/public/items': 'public',
      'GET /api/v1/public/items/:code': 'public',
      'GET /api/v1/public/ranking': 'public',
      'GET /api/v1/public/today': 'public',
      'GET /api/v1/public/challenge': 'public',
      'POST /api/v1/public/complaints': 'public',
      'POST /api/v1/public/complaints/track': 'public',
      'POST /api/v1/public/complaints/rate': 'public',
      'POST /api/v1/public/cases/lookup': 'public',
      'GET /api/v1/public/announcements': 'public',
      'GET /api/v1/public/announcements/:id': 'public',
      'GET /api/v1/public/cards': 'public',
      'GET /api/v1/public/scorecards': 'public',
      'GET /api/v1/public/scorecards/:code': 'public',
      'GET /api/v1/public/statistics': 'public',
      'GET /api/v1/public/open': 'public',
      'GET /api/v1/public/open/:file': 'public',
      'GET /api/v1/public/answers': 'public',
      'GET /api/v1/public/answers/:id': 'public',
      'POST /api/v1/public/answers/:id/rate': 'public',
      'GET /api/v1/public/satisfaction': 'public',
      'GET /api/v1/public/search': 'public',
    })
  })
})

describe('announcements: written by the supervision office, read by anyone', () => {
  it('writing announcements and publishing answers is for supervisors and admins; the pre-rendered pages are public', () => {
    for (const [method, url] of [['POST', '/api/v1/announcements'], ['GET', '/api/v1/announcements'], ['PATCH', '/api/v1/announcements/:id'], ['GET', '/api/v1/answers'], ['POST', '/api/v1/answers/:petitionNo/publication']]) {
      expect(h.app.routePolicies.find((r) => r.method === method && r.url === url)?.policy, `${method} ${url}`).toEqual(['supervisor', 'admin'])
    }
    for (const url of ['/public', '/public/ranking', '/public/complaint', '/public/guide/:code', '/public/notices/:id', '/public/letters/:id']) expect(h.app.routePolicies.find((r) => r.method === 'GET' && r.url === url)?.policy, url).toBe('public')
  })
})

describe('complaint attachments (issue 18): staff only, pinned', () => {
  it('the supervision office and the handling department read them; leaders, displays, sources and the public do not', () => {
    const routes = h.app.routePolicies.filter((r) => r.url.includes('/attachments') && r.method !== 'HEAD')
    expect(Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, r.policy]))).toEqual({
      'GET /api/v1/petitions/:petitionNo/attachments': ['admin', 'supervisor', 'department_head', 'department_staff'],
      'GET /api/v1/petitions/:petitionNo/attachments/:n': ['admin', 'supervisor', 'department_head', 'department_staff'],
    })
  })
})

describe("leaders' mobile routes (issue 16): the intended policies, pinned", () => {
  it('leaders and admins read, supervisors read-only (every mobile route is a GET), nobody else', () => {
    const mobile = h.app.routePolicies.filter((r) => r.url.startsWith('/api/v1/mobile/') && r.method !== 'HEAD')
    expect(mobile.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/v1/mobile/awaiting',
      'GET /api/v1/mobile/cards',
      'GET /api/v1/mobile/cases/:caseNo',
      'GET /api/v1/mobile/departments',
      'GET /api/v1/mobile/departments/:code',
      'GET /api/v1/mobile/overview',
      'GET /api/v1/mobile/rankings',
    ])
    for (const r of mobile) expect(r.policy, r.url).toEqual(['leader', 'admin', 'supervisor'])
    // the instruction itself is the console's route, leaders only
    expect(h.app.routePolicies.find((r) => r.method === 'POST' && r.url === '/api/v1/orders/:id/instruction')?.policy).toEqual(['leader'])
    // a forward (转办) issues a new order through the console's route: leaders issue orders too
    expect(h.app.routePolicies.find((r) => r.method === 'POST' && r.url === '/api/v1/orders')?.policy).toEqual(['supervisor', 'admin', 'leader'])
  })
})

describe("the department's petitions in the approval module: the intended policies, pinned", () => {
  it('department staff and heads (and admins) list, open and answer them; supervisors, leaders, displays, sources and the public do not', () => {
    const routes = h.app.routePolicies.filter((r) => r.url.startsWith('/api/v1/window/petitions') && r.method !== 'HEAD')
    expect(Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, r.policy]))).toEqual({
      'GET /api/v1/window/petitions': ['department_staff', 'department_head', 'admin'],
      'GET /api/v1/window/petitions/:petitionNo': ['department_staff', 'department_head', 'admin'],
      'POST /api/v1/window/petitions/:petitionNo/answer': ['department_staff', 'department_head', 'admin'],
    })
  })
})

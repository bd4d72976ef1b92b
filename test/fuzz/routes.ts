/**
 * Seeded fuzzers of the console's case filters (GET /api/v1/cases, /api/v1/cases/export) and of
 * the login route: random and adversarial parameters, never a 5xx, always a catalogue code on a 4xx.
 */
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { ERRORS } from '../../domain/errors.ts'
import { anyText } from './text.ts'
import type { Violation } from './ingest.ts'

const FILTER_KEYS = ['department', 'status', 'level', 'q', 'item', 'caseType', 'from', 'to', 'view', 'sort', 'order', 'page', 'pageSize', 'limit', 'offset', 'unmask', 'format', 'lang']
const GOOD_VALUES: Record<string, string[]> = {
  status: ['submitted', 'accepted', 'concluded'], level: ['normal', 'red'], view: ['all', 'alert', 'fee'], sort: ['level', 'caseNo'], order: ['asc', 'desc'],
  from: ['2026-11-01', '2026-02-29', '0000-00-00'], to: ['2026-12-31', '9999-12-31'], page: ['1', '0', '-1', '999999999999'], pageSize: ['1', '500', '100000'],
  unmask: ['true', 'false', '1', 'yes'], format: ['csv', 'xlsx', 'pdf'], caseType: ['promised', 'joint'],
}

/** A percent-encoded query value: raw text (a lone surrogate sent as its 3 bytes, which are not UTF-8), or broken escapes. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: anyText.map((s) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')).replace(/%EF%BF%BD/g, '%ED%A0%80')) },
  { weight: 2, arbitrary: fc.constantFrom('%ff', '%ED%A0%80', '%C0%AF', '%', '%0', '%00', '%E5%BC', '+', '%2B%00') },
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(GOOD_VALUES).flat()).map(encodeURIComponent) },
)

export interface QueryCase {
  path: '/api/v1/cases' | '/api/v1/cases/export'
  params: [string, string][]
}

export const queryCaseArb: fc.Arbitrary<QueryCase> = fc.record({
  path: fc.constantFrom('/api/v1/cases' as const, '/api/v1/cases' as const, '/api/v1/cases/export' as const),
  params: fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FILTER_KEYS) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'q[]', 'q[0]', '', '%00', 'a%ffb') }), queryValue), { maxLength: 6 }),
})

const isCatalogued = (body: string): boolean => {
  try {
    const code = (JSON.parse(body) as { code?: string }).code
    return typeof code === 'string' && code in ERRORS
  } catch {
    return false
  }
}

/** One GET of the case list or export with the given query; never a 5xx, a coded 4xx. */
export async function checkQueryCase(app: FastifyInstance, headers: Record<string, string>, c: QueryCase): Promise<Violation | null> {
  const qs = c.params.map(([k, v]) => `${k}=${v}`).join('&')
  const url = `${c.path}${qs ? `?${qs}` : ''}`
  const res = await app.inject({ method: 'GET', url, headers })
  if (res.statusCode >= 500) return { kind: '5xx', message: `GET ${url}: ${res.statusCode} ${res.body.slice(0, 200)}` }
  if (res.statusCode >= 400 && !isCatalogued(res.body)) return { kind: 'contract', message: `GET ${url}: ${res.statusCode} without a catalogue code` }
  if (res.statusCode !== 200 && res.statusCode < 400) return { kind: 'contract', message: `GET ${url}: ${res.statusCode}` }
  return null
}

export interface LoginCase {
  contentType: string
  body: unknown
  raw: string | null
}

export const loginCaseArb: fc.Arbitrary<LoginCase> = fc.record({
  contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=gbk', 'application/json; charset=latin1', 'application/xml', 'text/plain', 'application/x-www-form-urlencoded'),
  body: fc.oneof(
    { weight: 6, arbitrary: fc.record({ login: fc.oneof(anyText, fc.integer(), fc.constant(null), fc.array(fc.string())), password: fc.oneof(anyText, fc.integer(), fc.constant(null), fc.object()) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.record({ login: anyText, password: anyText, extra: fc.anything() }) },
    { weight: 1, arbitrary: fc.anything() },
  ),
  raw: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"admin":true},"login":"a","password":"b"}', '{"login":"a","password":', '', '\u0000', '{"login":"\\u0000","password":"x"}', '{"login":"\\ud800","password":"x"}') }),
})

/** One login attempt; never a 5xx, never a 200 (no such user), a coded 4xx. */
export async function checkLoginCase(app: FastifyInstance, c: LoginCase): Promise<Violation | null> {
  const payload = c.raw ?? JSON.stringify(c.body) ?? ''
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': c.contentType }, payload })
  if (res.statusCode >= 500) return { kind: '5xx', message: `login ${payload.slice(0, 200)}: ${res.statusCode} ${res.body.slice(0, 200)}` }
  if (res.statusCode < 400) return { kind: 'contract', message: `login ${payload.slice(0, 200)}: ${res.statusCode}` }
  if (!isCatalogued(res.body)) return { kind: 'contract', message: `login: ${res.statusCode} without a catalogue code: ${res.body.slice(0, 200)}` }
  return null
}
